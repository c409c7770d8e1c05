import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import { fromBase64, hasCanonicalS, hasSmallOrderR, isAcceptableKeyEncoding, signingBytes, toBase64, type ObjectType } from '@exam/shared';

interface Sodium {
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

/**
 * libsodium, through sodium-native's prebuilt binding: it verifies in about half OpenSSL's time
 * (54 against 112 µs a signature, measured here on the 2-core machine), and refuses by itself all
 * that docs/protocol.md §4 refuses (S ≥ L, a key or R not canonical or of small order). Where its
 * binding does not load (a platform without a prebuilt one), OpenSSL behind the same guards.
 */
const sodium: Sodium | null = (() => {
  if (process.env.EXAM_ED25519 === 'openssl') return null;
  try {
    return createRequire(import.meta.url)('sodium-native') as Sodium;
  } catch {
    return null;
  }
})();

/** Which implementation the server's fast path uses: `libsodium`, or `openssl` where sodium-native does not load (or EXAM_ED25519=openssl). */
export const fastEd25519: 'libsodium' | 'openssl' = sodium ? 'libsodium' : 'openssl';

const keyCache = new Map<string, KeyObject | null>();

function nodeKey(publicKey: Uint8Array): KeyObject | null {
  const id = toBase64(publicKey);
  let key = keyCache.get(id);
  if (key === undefined) {
    // The bytes are checked here; OpenSSL decodes the point when it verifies and refuses one off the curve.
    key = isAcceptableKeyEncoding(publicKey)
      ? createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') }, format: 'jwk' })
      : null;
    if (keyCache.size > 100_000) keyCache.clear();
    keyCache.set(id, key);
  }
  return key;
}

/**
 * Makes ready, ahead of their first signature, the keys that will sign (an evaluation's committed
 * card keys, when voting opens): for OpenSSL, each key's check and Node key object, a few hundred at
 * a time so the event loop keeps turning. A ballot is then verified without that work. libsodium
 * needs nothing made ready.
 */
export async function warmKeys(keys: readonly string[]): Promise<void> {
  if (sodium) return;
  for (let i = 0; i < keys.length; i += 256) {
    for (const k of keys.slice(i, i + 256)) nodeKey(fromBase64(k));
    await new Promise((r) => setImmediate(r));
  }
}

/**
 * The server's fast Ed25519 path: libsodium, or Node's OpenSSL behind the refusals of the portable
 * path in `shared` (S < L, canonical encodings, no small-order key or R), so that every path answers
 * alike on every Wycheproof case and on the forgeries of verify-fast.test.ts.
 */
export function verifyEd25519Fast(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  return sodium ? viaLibsodium(sodium, publicKey, message, signature) : viaOpenssl(publicKey, message, signature);
}

function viaLibsodium(lib: Sodium, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    // The binding reads no bytes that lie in a SharedArrayBuffer (it answers undefined): those are copied.
    return lib.crypto_sign_verify_detached(unshared(signature), unshared(message), unshared(publicKey)) === true;
  } catch {
    return false;
  }
}

const unshared = (b: Uint8Array): Uint8Array => (b.buffer instanceof SharedArrayBuffer ? b.slice() : b);

function viaOpenssl(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32 || !hasCanonicalS(signature) || hasSmallOrderR(signature)) return false;
  const key = nodeKey(publicKey);
  if (!key) return false;
  try {
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}

/** Each implementation of the fast path by name, for the tests that hold both to the same answers. */
export const fastPaths: Record<'libsodium' | 'openssl', ((publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean) | null> = {
  libsodium: sodium ? (pk, m, sig) => viaLibsodium(sodium, pk, m, sig) : null,
  openssl: viaOpenssl,
};

export function verifyObjectFast(publicKey: Uint8Array, type: ObjectType, object: unknown, signature: Uint8Array): boolean {
  return verifyEd25519Fast(publicKey, signingBytes(type, object), signature);
}
