import { z } from 'zod';
import { objectHash } from '../crypto/hash';
import { placeNameSchema } from '../events/common';
import type { InterviewSet, RubricItem } from './questions';

const b64 = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'a 32-byte key in base64');
const hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n * 2}}$`));

/**
 * A score sheet (评分表), signed by its examiner's tablet (object type `score-sheet`). It names the
 * candidate only by lot number. A correction is a new sheet whose `replaces` is the hash of the
 * sheet it replaces, with a `reason`; it counts only once the room's supervisor has countersigned it.
 */
export const scoreSheetSchema = z
  .object({
    dayId: z.string().regex(/^(?!constructor$)[a-z0-9-]{1,40}$/),
    room: placeNameSchema(40),
    lot: z.number().int().min(1).max(100_000),
    items: z.array(z.object({ question: z.string().min(1).max(32), item: z.string().min(1).max(32), score: z.number().int().min(0).max(100_000) }).strict()).min(1).max(200),
    total: z.number().int().min(0).max(10_000_000),
    examinerKey: b64,
    signedAt: z.number().int().positive(),
    nonce: hex(16),
    replaces: hex(32).optional(),
    reason: z.string().min(2).max(500).optional(),
  })
  .strict()
  .refine((s) => (s.replaces === undefined) === (s.reason === undefined), 'a correction names the sheet it replaces and a reason, and only a correction does');
export type ScoreSheet = z.infer<typeof scoreSheetSchema>;

export const signedSheetSchema = z.object({ sheet: scoreSheetSchema, signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/) }).strict();
export type SignedSheet = z.infer<typeof signedSheetSchema>;

/** A sheet's identity: hex SHA-256 of its signing bytes. */
export const sheetHash = (sheet: ScoreSheet): string => objectHash('score-sheet', sheet);

/**
 * What is wrong with a sheet's scores against the day's rubric, if anything: every rubric item
 * scored exactly once, each score within 0..max and on a step, and the total their sum.
 */
export function sheetProblems(sheet: ScoreSheet, set: InterviewSet): string[] {
  const problems: string[] = [];
  const wanted = new Map<string, RubricItem>(set.questions.flatMap((q) => q.rubric.map((r) => [`${q.id}/${r.id}`, r] as const)));
  const seen = new Set<string>();
  let sum = 0;
  for (const it of sheet.items) {
    const key = `${it.question}/${it.item}`;
    const r = wanted.get(key);
    if (!r) problems.push(`${key} is not an item of the rubric`);
    else if (seen.has(key)) problems.push(`${key} is scored twice`);
    else if (it.score > r.max) problems.push(`${key}: ${it.score / 100} is above the maximum ${r.max / 100}`);
    else if (it.score % r.step !== 0) problems.push(`${key}: ${it.score / 100} is not a multiple of the step ${r.step / 100}`);
    seen.add(key);
    sum += it.score;
  }
  for (const key of wanted.keys()) if (!seen.has(key)) problems.push(`${key} is not scored`);
  if (sum !== sheet.total) problems.push(`the total ${sheet.total / 100} is not the sum of the items ${sum / 100}`);
  return problems;
}

/** A supervisor's countersignature of a correction (object type `sheet-countersign`). */
export interface Countersign {
  sheetHash: string;
  supervisorKey: string;
  signedAt: number;
}

/** An examiner's declaration of a conflict of interest for one candidate (object type `conflict-declaration`). */
export interface ConflictDeclaration {
  dayId: string;
  room: string;
  lot: number;
  examinerKey: string;
  reason: string;
  signedAt: number;
}
