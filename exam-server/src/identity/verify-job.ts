// One job of the verification pool (verify-pool.ts): an object of the protocol as stored (JSON
// text), its type, the signer's key and the signature. It is parsed, checked against its schema
// where the protocol has one, encoded canonically with its domain tag, and verified — in a worker,
// so all of that runs on every core, not only the verification.
import './native-hash';
import { concatBytes, domainTag, fromBase64, markObjectSchema, scoreSheetSchema, signingBytes, utf8, type ObjectType } from '@exam/shared';
import { verifyEd25519Fast } from './verify-fast';

export interface WorkerJob {
  type: ObjectType;
  json: string;
  publicKey: string;
  signature: string;
}

/**
 * An object already checked against its schema and encoded canonically by the one who asks (a
 * verifier that parsed the whole bundle): the worker only joins the domain tag and verifies.
 */
export interface CanonicalJob {
  type: ObjectType;
  canonical: string;
  publicKey: string;
  signature: string;
}

/** Raw bytes rather than an object of the protocol (base64): what the published Ed25519 test vectors are. */
export interface RawJob {
  message: string;
  publicKey: string;
  signature: string;
}

const schemas: Partial<Record<ObjectType, { safeParse(v: unknown): { success: boolean } }>> = {
  'score-sheet': scoreSheetSchema,
  mark: markObjectSchema,
};

/** A job of an encoded batch: its canonical text already as UTF-8 bytes. */
export function checkEncoded(type: ObjectType, text: Uint8Array, publicKey: string, signature: string): boolean {
  try {
    return verifyEd25519Fast(fromBase64(publicKey), concatBytes(domainTag(type), text), fromBase64(signature));
  } catch {
    return false;
  }
}

export function checkJob(j: WorkerJob | RawJob | CanonicalJob): boolean {
  try {
    if ('message' in j) return verifyEd25519Fast(fromBase64(j.publicKey), fromBase64(j.message), fromBase64(j.signature));
    if ('canonical' in j) return checkEncoded(j.type, utf8(j.canonical), j.publicKey, j.signature);
    const obj = JSON.parse(j.json) as unknown;
    const schema = schemas[j.type];
    if (schema && !schema.safeParse(obj).success) return false;
    return verifyEd25519Fast(fromBase64(j.publicKey), signingBytes(j.type, obj), fromBase64(j.signature));
  } catch {
    return false;
  }
}

