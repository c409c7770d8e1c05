import { verifyEd25519 } from '../crypto/ed25519';
import { signingBytes } from '../crypto/hash';
import { fromBase64 } from '../encoding/bytes';
import type { ObjectType } from '../protocol/version';

/** One signature to check: an object of the protocol, its type, the signer's key and the signature (base64). */
export interface SignatureJob {
  type: ObjectType;
  object: unknown;
  publicKey: string;
  signature: string;
}

/**
 * Checks many signatures. The default is the portable path (tweetnacl with the protocol's guards);
 * a verifier may pass a faster one (Node's OpenSSL on all cores, WebCrypto in a browser) that
 * answers alike on every Wycheproof case.
 */
export type VerifyMany = (jobs: SignatureJob[], progress?: (done: number) => void) => Promise<boolean[]>;

export const verifyManyPortable: VerifyMany = async (jobs, progress) => {
  const out: boolean[] = [];
  for (const [i, j] of jobs.entries()) {
    try {
      out.push(verifyEd25519(fromBase64(j.publicKey), signingBytes(j.type, j.object), fromBase64(j.signature)));
    } catch {
      out.push(false);
    }
    if (progress && i % 500 === 499) {
      progress(i + 1);
      await new Promise((r) => setTimeout(r, 0));
    }
  }
  progress?.(jobs.length);
  return out;
};
