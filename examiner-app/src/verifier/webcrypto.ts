import { fromBase64, hasCanonicalS, isAcceptablePublicKey, signingBytes, verifyManyPortable, type VerifyMany } from '@exam/shared';

/**
 * Signatures checked with the browser's native Ed25519 (WebCrypto) behind the protocol's guards
 * (S < L, acceptable keys) — which answer every Wycheproof case as the other paths do — or, where
 * the browser has no Ed25519, with the portable path.
 */
export async function browserVerifyMany(): Promise<{ verifyMany: VerifyMany; native: boolean }> {
  try {
    const probe = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
    if (!probe) throw new Error('no Ed25519');
  } catch {
    return { verifyMany: verifyManyPortable, native: false };
  }
  const keys = new Map<string, CryptoKey | null>();
  const verifyMany: VerifyMany = async (jobs, progress) => {
    const out: boolean[] = [];
    for (const [i, j] of jobs.entries()) {
      try {
        const pk = fromBase64(j.publicKey);
        const sig = fromBase64(j.signature);
        if (sig.length !== 64 || !hasCanonicalS(sig) || !isAcceptablePublicKey(pk)) {
          out.push(false);
          continue;
        }
        let key = keys.get(j.publicKey);
        if (key === undefined) {
          key = await crypto.subtle.importKey('raw', pk as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify']).catch(() => null);
          keys.set(j.publicKey, key);
        }
        out.push(key ? await crypto.subtle.verify('Ed25519', key, sig as Uint8Array<ArrayBuffer>, signingBytes(j.type, j.object) as Uint8Array<ArrayBuffer>) : false);
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
