import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { fromBase64, hasCanonicalS, isAcceptableKeyEncoding, signingBytes, toBase64, type ObjectType } from '@exam/shared';

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
 * card keys, when voting opens): each key's check and Node key object, a few hundred at a time so the
 * event loop keeps turning. A ballot is then verified without that work.
 */
export async function warmKeys(keys: readonly string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 256) {
    for (const k of keys.slice(i, i + 256)) nodeKey(fromBase64(k));
    await new Promise((r) => setImmediate(r));
  }
}

/**
 * The server's fast Ed25519 path: Node's OpenSSL verification, with the same refusals as the
 * portable path in `shared` (S < L, canonical encodings, no small-order keys), so both answer
 * alike on every Wycheproof case.
 */
export function verifyEd25519Fast(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32 || !hasCanonicalS(signature)) return false;
  const key = nodeKey(publicKey);
  if (!key) return false;
  try {
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}

export function verifyObjectFast(publicKey: Uint8Array, type: ObjectType, object: unknown, signature: Uint8Array): boolean {
  return verifyEd25519Fast(publicKey, signingBytes(type, object), signature);
}
