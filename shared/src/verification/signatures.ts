import { verifyEd25519 } from '../crypto/ed25519';
import { domainTag } from '../crypto/hash';
import { canonicalizeIntegers } from '../encoding/canonical';
import { concatBytes, fromBase64, utf8 } from '../encoding/bytes';
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
 * answers alike on every Wycheproof case. `encode` gives a job's canonical JSON in UTF-8, or null
 * when its object cannot be encoded (a float), which then does not verify: a verifier passes its own
 * to keep the texts (the hashes of the boards and the bundle use them again).
 */
export type VerifyMany = (jobs: SignatureJob[], progress?: (done: number) => void, encode?: JobEncoder) => Promise<boolean[]>;
export type JobEncoder = (job: SignatureJob) => Uint8Array | null;

/** The canonical JSON of a job's object in UTF-8, or null when it cannot be encoded. */
export function encodeJob(j: SignatureJob): Uint8Array | null {
  try {
    return utf8(canonicalizeIntegers(j.object));
  } catch {
    return null;
  }
}

/** The signing bytes of a job (docs/protocol.md §2): its domain tag, then its canonical JSON in UTF-8. Throws when the object cannot be encoded. */
export function jobBytes(j: SignatureJob, encode: JobEncoder = encodeJob): Uint8Array {
  const text = encode(j);
  if (text === null) throw new TypeError('the signed object cannot be encoded');
  return concatBytes(domainTag(j.type), text);
}

export const verifyManyPortable: VerifyMany = async (jobs, progress, encode) => {
  const out: boolean[] = [];
  for (const [i, j] of jobs.entries()) {
    try {
      out.push(verifyEd25519(fromBase64(j.publicKey), jobBytes(j, encode), fromBase64(j.signature)));
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
