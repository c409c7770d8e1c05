import { z } from 'zod';
import { sessionIdSchema } from './common';

export const markingQueueSchema = z.object({ sessionId: sessionIdSchema }).strict();
/**
 * A marker's mark for one open answer (object type `mark`), signed by the marker's tablet like a
 * score sheet: the script is named by its anonymous code only.
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
  })
  .strict();
export type MarkObject = z.infer<typeof markObjectSchema>;
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
}
export interface MarkingQueue {
  sessionId: string;
  questions: MarkingQuestion[];
  scripts: MarkingScript[];
}
