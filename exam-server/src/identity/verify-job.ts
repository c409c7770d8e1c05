// One job of the verification pool (verify-pool.ts): an object of the protocol as stored (JSON
// text), its type, the signer's key and the signature. It is parsed, checked against its schema
// where the protocol has one, encoded canonically with its domain tag, and verified — in a worker,
// so all of that runs on every core, not only the verification.
import './native-hash';
import { fromBase64, markObjectSchema, scoreSheetSchema, signingBytes, type ObjectType } from '@exam/shared';
import { verifyEd25519Fast } from './verify-fast';

export interface WorkerJob {
  type: ObjectType;
  json: string;
  publicKey: string;
  signature: string;
  /** The object was checked against its schema already (a verifier that parsed the whole bundle). */
  checked?: boolean;
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

export function checkJob(j: WorkerJob | RawJob): boolean {
  try {
    if ('message' in j) return verifyEd25519Fast(fromBase64(j.publicKey), fromBase64(j.message), fromBase64(j.signature));
    const obj = JSON.parse(j.json) as unknown;
    const schema = schemas[j.type];
    if (schema && !j.checked && !schema.safeParse(obj).success) return false;
    return verifyEd25519Fast(fromBase64(j.publicKey), signingBytes(j.type, obj), fromBase64(j.signature));
  } catch {
    return false;
  }
}

