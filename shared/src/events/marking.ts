import { z } from 'zod';
import { sessionIdSchema } from './common';
import { objectHash } from '../crypto/hash';

export const markingQueueSchema = z.object({ sessionId: sessionIdSchema }).strict();
/**
 * A marker's mark for one open answer (object type `mark`), signed by the marker's tablet like a
 * score sheet: the script is named by its anonymous code only. Every mark after the first for the
 * same answer names the one it replaces (`replaces`: its mark hash), so the versions form one
 * chain and an older one replayed after a newer one is refused by the server and shows to a verifier.
 */
export const markObjectSchema = z
  .object({
    sessionId: sessionIdSchema,
    /** The anonymous script code a marker sees instead of a name. */
    code: z.string().regex(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/),
    questionId: z.string().min(1).max(32),
    points: z.number().int().min(0).max(100_000),
    markerKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
    signedAt: z.number().int().positive(),
    nonce: z.string().regex(/^[0-9a-f]{32}$/),
    /** The hash of the mark this one replaces; absent on the first mark of an answer. */
    replaces: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  })
  .strict();
export type MarkObject = z.infer<typeof markObjectSchema>;
/** A mark's identity: `object_hash("mark", mark)`, what the next version names in `replaces`. */
export const markHash = (mark: MarkObject): string => objectHash('mark', mark);
export const markSchema = z.object({ mark: markObjectSchema, signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/) }).strict();

export interface MarkingQuestion {
  id: string;
  type: string;
  prompt: string;
  points: number;
  reference: string;
}
export interface MarkingScript {
  code: string;
  questionId: string;
  answer: string;
  points: number | null;
  /** The hash of the mark now counting for this answer: the next mark must name it in `replaces`. */
  markHash: string | null;
}
export interface MarkingQueue {
  sessionId: string;
  questions: MarkingQuestion[];
  scripts: MarkingScript[];
}
