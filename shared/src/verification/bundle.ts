import { z } from 'zod';
import { boardBallotSchema } from '../evaluation/ballot';
import { sealedFileSchema } from '../protocol/sealed';
import { scoreSheetSchema } from '../interview/score-sheet';
import { markObjectSchema } from '../events/marking';
import { answerValueSchema } from '../papers/answer';
import { PROTOCOL_VERSION } from '../protocol/version';
import { canonicalize, type CanonicalMemo } from '../encoding/canonical';
import { objectHashInPieces } from '../crypto/hash';

/**
 * The export bundle (docs/bundle.md): everything an outside supervisor needs to check the exams
 * and interviews of a venue and recompute every score and ranking, signed by the server.
 * Personal data beyond names (ID numbers) is not in it.
 */
/**
 * The format this release writes and verifies. `exam-bundle/3` (protocol 2): the log's rosters
 * (`session.created`, `interview.day-created`) name each candidate. Older bundles — `exam-bundle/2`,
 * whose logged rosters hold no names, and `exam-bundle/1` of protocol 1 — are refused at step 1.
 */
export const BUNDLE_FORMAT = 'exam-bundle/3' as const;

const b64key = z.string().regex(/^[A-Za-z0-9+/]{43}=$/);
const b64sig = z.string().regex(/^[A-Za-z0-9+/]{86}==$/);
const hex32 = z.string().regex(/^[0-9a-f]{64}$/);

export const bundleDeviceSchema = z
  .object({
    id: z.string(),
    publicKey: b64key,
    fingerprint: z.string(),
    kind: z.enum(['kiosk', 'desk', 'tablet']),
    status: z.enum(['pending', 'admitted', 'revoked']),
    role: z.string().nullable(),
    room: z.string().nullable(),
    seat: z.string().nullable(),
    dayId: z.string().nullable(),
    person: z.string().nullable(),
  })
  .strict();

export const bundleSealedSchema = z.object({ file: sealedFileSchema, key: z.string().nullable() }).strict();

export const bundleReceiptSchema = z
  .object({
    receipt: z.object({ sessionId: z.string(), ticket: z.string(), answersHash: hex32, answerCount: z.number().int(), submittedAt: z.number().int(), auto: z.boolean() }).strict(),
    signature: b64sig,
    serverKey: b64key,
  })
  .strict();

export const bundleSessionSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    room: z.string(),
    seed: hex32,
    paperSealId: z.string(),
    answerKeySealId: z.string(),
    candidates: z.array(
      z
        .object({
          ticket: z.string(),
          name: z.string(),
          seat: z.string(),
          seed: hex32,
          code: z.string().nullable(),
          receipt: bundleReceiptSchema.nullable(),
          answers: z.record(z.string(), answerValueSchema),
        })
        .strict(),
    ),
    /** Every marker's signed mark, every version (a later one names the one it replaces). */
    marks: z.array(z.object({ mark: markObjectSchema, signature: b64sig }).strict()),
  })
  .strict();

const countersignSchema = z.object({ countersign: z.object({ sheetHash: hex32, supervisorKey: b64key, signedAt: z.number().int() }).strict(), signature: b64sig }).strict();

export const bundleDaySchema = z
  .object({
    id: z.string(),
    label: z.string(),
    questionsSealId: z.string(),
    candidates: z.array(z.object({ ticket: z.string(), name: z.string(), room: z.string(), lot: z.number().int().nullable() }).strict()),
    /** Every signed sheet, every version, with the countersignature of a correction once given. */
    sheets: z.array(z.object({ sheet: scoreSheetSchema, signature: b64sig, countersign: countersignSchema.nullable() }).strict()),
    conflicts: z.array(z.object({ declaration: z.object({ dayId: z.string(), room: z.string(), lot: z.number().int(), examinerKey: b64key, reason: z.string(), signedAt: z.number().int() }).strict(), signature: b64sig }).strict()),
  })
  .strict();

const plainObject = z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'an object');
export const auditEntrySchema = z
  .object({ seq: z.number().int(), at: z.number().int(), type: z.string(), actor: z.string(), payload: plainObject, prev: hex32, hash: hex32 })
  .strict();
export type BundleAuditEntry = z.infer<typeof auditEntrySchema>;

const HEX32 = /^[0-9a-f]{64}$/;
const ENTRY_KEYS = ['seq', 'at', 'type', 'actor', 'payload', 'prev', 'hash'];
/**
 * The log as `auditEntrySchema` describes it, checked by one loop rather than one schema run per
 * entry: a bundle's log has some 100,000 entries, and this is the same rule, faster.
 */
const logSchema = z.custom<BundleAuditEntry[]>((v) => {
  if (!Array.isArray(v)) return false;
  for (const e of v as Array<Record<string, unknown>>) {
    if (typeof e !== 'object' || e === null || Array.isArray(e)) return false;
    const keys = Object.keys(e);
    if (keys.length !== ENTRY_KEYS.length || !ENTRY_KEYS.every((k) => k in e)) return false;
    if (!Number.isSafeInteger(e['seq']) || !Number.isSafeInteger(e['at']) || typeof e['type'] !== 'string' || typeof e['actor'] !== 'string') return false;
    const p = e['payload'];
    if (typeof p !== 'object' || p === null || Array.isArray(p)) return false;
    if (typeof e['prev'] !== 'string' || typeof e['hash'] !== 'string' || !HEX32.test(e['prev']) || !HEX32.test(e['hash'])) return false;
  }
  return true;
}, 'a list of audit entries { seq, at, type, actor, payload, prev, hash } (integers, text, an object, 64 hex digits)');

export const writtenResultSchema = z.object({ ticket: z.string(), objective: z.number().int(), open: z.number().int().nullable(), total: z.number().int().nullable(), rank: z.number().int().nullable() }).strict();
export const interviewResultSchema = z.object({ ticket: z.string(), lot: z.number().int(), room: z.string(), score: z.number().int().nullable(), rank: z.number().int().nullable() }).strict();

/**
 * A closed evaluation's board (docs/protocol.md §24): settings as set up (held to their schema at
 * step 14, so step 1 takes them as they are), the committed lists, every ballot with its signature
 * by key, the unused keys, the supervisors' figures, and the count as published.
 */
export const bundleEvaluationSchema = z
  .object({
    id: z.string(),
    settings: z.unknown(),
    lists: z.array(z.object({ group: z.string(), keys: z.array(b64key) }).strict()),
    ballots: z.array(boardBallotSchema),
    unused: z.array(b64key),
    missing: z.record(z.string(), z.number().int()),
    handedOut: z.record(z.string(), z.number().int()),
    count: z.unknown(),
  })
  .strict();
export type BundleEvaluation = z.infer<typeof bundleEvaluationSchema>;

export const bundleBodySchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    serverKey: b64key,
    rules: z.object({ rounding: z.literal('half-away-from-zero/hundredths'), protocol: z.literal(PROTOCOL_VERSION) }).strict(),
    devices: z.array(bundleDeviceSchema),
    sealed: z.array(bundleSealedSchema),
    sessions: z.array(bundleSessionSchema),
    days: z.array(bundleDaySchema),
    log: logSchema,
    /** Checkpoints at the end of each phase: signed by the server, cosigned by supervisors (protocol §20). */
    checkpoints: z.array(
      z
        .object({
          seq: z.number().int().positive(),
          hash: hex32,
          phase: z.string(),
          at: z.number().int(),
          serverSignature: b64sig,
          cosignatures: z.array(z.object({ supervisorKey: b64key, signature: b64sig }).strict()),
        })
        .strict(),
    ),
    results: z
      .object({
        written: z.record(z.string(), z.array(writtenResultSchema)),
        interview: z.record(z.string(), z.array(interviewResultSchema)),
        /** Each selection's composite rankings, every post and round (absent when no selection has ranking rules): step 15 recomputes them. */
        rankings: z.record(z.string(), z.array(z.unknown())).optional(),
      })
      .strict(),
    /** Closed evaluations (absent when there is none). */
    evaluations: z.array(bundleEvaluationSchema).optional(),
  })
  .strict();
export type BundleBody = z.infer<typeof bundleBodySchema>;

/**
 * The file: the body and the server's signature over the statement `{ "bundleHash": <hex> }`
 * (type `bundle-statement`), where `bundleHash = object_hash("bundle", body)` — the body is
 * encoded once, for its hash, however large it is.
 */
export const bundleSchema = z.object({ body: bundleBodySchema, signature: b64sig }).strict();
export type Bundle = z.infer<typeof bundleSchema>;

/**
 * The bundle hash: `object_hash("bundle", body')` where body' is the body with its `log` replaced
 * by `{ "length": n, "head": <hash of the last entry> }`. The log's entries are chained by their
 * own hashes (protocol §11), so its head commits to all of it, and the body is not encoded twice.
 */
export function bundleHash(body: BundleBody, memo?: CanonicalMemo): string {
  return objectHashInPieces('bundle', { ...body, log: { head: body.log.at(-1)?.hash ?? '0'.repeat(64), length: body.log.length } }, memo);
}

/**
 * The bundle as the product writes it to a file: its canonical JSON (RFC 8785), so that two
 * exports of the same state are the same bytes, and a verifier that encodes the objects inside
 * again finds every key already in order. A verifier must not rely on it: any JSON text of the
 * same value is the same bundle.
 */
export function bundleFileText(bundle: Bundle): string {
  return canonicalize(bundle);
}
