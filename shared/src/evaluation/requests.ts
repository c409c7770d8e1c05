import { z } from 'zod';
import { reasonSchema } from '../events/common';
import { evaluationSettingsSchema, type EvaluationSettings } from './settings';
import { boardBallotSchema } from './ballot';
import type { EvaluationCount } from './count';

const idSchema = z.string().regex(/^(?!constructor$)[a-z0-9-]{1,40}$/);
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
/**
 * A booth's ballot: the signed ballot's schema, its ratings checked by `areRatings` (the same answer
 * as the schema's on every value, held so by the tests) — a ballot rating 50 candidates on six
 * counts is 300 objects, which the schema would copy one by one at every cast.
 */
export const castBallotSchema = boardBallotSchema;
/** A booth or a teller asks which open evaluation and group a card's key belongs to, and whether it has voted. */
export const boothCardSchema = z.object({ key }).strict();
/** A teller's entry of a paper ballot: signed with its card's key on the teller's device, `paper` true. */
export const tellerEntrySchema = boardBallotSchema;
/**
 * The organiser's decision on an evaluation under the minimum turnout (docs/protocol.md §24): run it
 * again (a new evaluation, new cards), or record the committee's decision to let it stand — with the reason.
 */
export const EVALUATION_DECISIONS = ['rerun', 'committee'] as const;
export const decideEvaluationSchema = z.object({ evaluationId: idSchema, decision: z.enum(EVALUATION_DECISIONS), reason: reasonSchema }).strict();

/** What a teller's entry did: the first of two, the second matching (counted), or not matching (to the supervisors). */
export type TellerOutcome = { state: 'first' } | { state: 'counted' } | { state: 'mismatch' };

export interface EvaluationStatus {
  id: string;
  selectionId: string;
  title: string;
  state: 'setup' | 'open' | 'closed';
  /** The settings, as logged: the scale and the rules are shown wherever the count is. */
  settings: EvaluationSettings;
  groups: Array<{ id: string; name: string; entitled: number; committed: number; cast: number }>;
  /** Once closed: the count (shared's countEvaluation), and what the close recorded. */
  count: EvaluationCount | null;
  close: { handedOut: Record<string, number>; missing: Record<string, number>; unused: number; boardHash: string } | null;
  /** Paper ballots entered by one teller so far, waiting for the second. */
  paperWaiting: number;
  /** Paper ballots whose two entries differ: the card's first five characters, for the supervisors to find the paper. */
  mismatches: string[];
  /** The organiser's decision on an evaluation under the minimum turnout, once made. */
  decision: { decision: (typeof EVALUATION_DECISIONS)[number]; reason: string } | null;
}
