import { hasCanonicalS, hasSmallOrderR, isAcceptablePublicKey } from '../crypto/ed25519';
import { fromBase64 } from '../encoding/bytes';
import { jobBytes, verifyManyPortable, type VerifyMany } from '../verification/signatures';

/** One signature over raw bytes, checked by the browser's native Ed25519 behind the protocol's guards. */
export type RawVerify = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => Promise<boolean>;

/**
 * The browser's native Ed25519 (WebCrypto) behind the protocol's guards (docs/protocol.md §4: a
 * 64-byte signature with S < L and R not of small order, an acceptable public key), which answers every Wycheproof case as
 * the other paths do; null where the browser has no Ed25519. Imported keys are cached.
 */
export async function webCryptoEd25519(): Promise<RawVerify | null> {
  try {
    const probe = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
    if (!probe) return null;
  } catch {
    return null;
  }
  const keys = new Map<string, CryptoKey | null>();
  return async (pk, message, sig) => {
    if (sig.length !== 64 || !hasCanonicalS(sig) || hasSmallOrderR(sig) || !isAcceptablePublicKey(pk)) return false;
    const id = Array.from(pk, (b) => b.toString(16).padStart(2, '0')).join('');
    let key = keys.get(id);
    if (key === undefined) {
      key = await crypto.subtle.importKey('raw', pk as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify']).catch(() => null);
      keys.set(id, key);
    }
    if (!key) return false;
    return crypto.subtle.verify('Ed25519', key, sig as Uint8Array<ArrayBuffer>, message as Uint8Array<ArrayBuffer>).catch(() => false);
  };
}

/** Many signed objects of the protocol: with WebCrypto behind the guards, or the portable path where the browser has no Ed25519. */
export async function browserVerifyMany(): Promise<{ verifyMany: VerifyMany; native: boolean }> {
  const raw = await webCryptoEd25519();
  if (!raw) return { verifyMany: verifyManyPortable, native: false };
  const verifyMany: VerifyMany = async (jobs, progress, encode) => {
    const out: boolean[] = [];
    for (const [i, j] of jobs.entries()) {
      try {
        out.push(await raw(fromBase64(j.publicKey), jobBytes(j, encode), fromBase64(j.signature)));
      } catch {
        out.push(false);
      }
      if (progress && i % 200 === 199) progress(i + 1);
    }
    progress?.(jobs.length);
    return out;
  };
  return { verifyMany, native: true };
}
