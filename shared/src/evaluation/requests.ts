import { z } from 'zod';
import { evaluationSettingsSchema } from './settings';
import { signedBallotSchema } from './ballot';
import type { EvaluationCount } from './count';

const idSchema = z.string().regex(/^[a-z0-9-]{1,40}$/);
const key = z.string().regex(/^[A-Za-z0-9+/]{43}=$/);

/** An evaluation set up from the console: its settings and, per group, the committed key list made offline (`exam ballot-codes`). */
export const createEvaluationSchema = z
  .object({
    settings: evaluationSettingsSchema,
    lists: z.array(z.object({ evaluationId: idSchema, group: idSchema, keys: z.array(key).min(5).max(100_000) }).strict()).min(1).max(10),
  })
  .strict();
export const evaluationRequestSchema = z.object({ evaluationId: idSchema }).strict();
/**
 * The close: per group the cards handed out (from the sign-in sheet) and the cards missing; the
 * unused cards' codes as scanned or typed (the server derives their keys).
 */
export const closeEvaluationSchema = z
  .object({
    evaluationId: idSchema,
    handedOut: z.record(idSchema, z.number().int().min(0).max(100_000)),
    missing: z.record(idSchema, z.number().int().min(0).max(100_000)),
    unused: z.array(z.string().min(1).max(60)).max(100_000),
  })
  .strict();
export const castBallotSchema = signedBallotSchema;

export interface EvaluationStatus {
  id: string;
  selectionId: string;
  title: string;
  state: 'setup' | 'open' | 'closed';
  groups: Array<{ id: string; name: string; entitled: number; committed: number; cast: number }>;
  /** Once closed: the count (shared's countEvaluation), and what the close recorded. */
  count: EvaluationCount | null;
  close: { handedOut: Record<string, number>; missing: Record<string, number>; unused: number; boardHash: string } | null;
}
