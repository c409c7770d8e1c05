import { z } from 'zod';
import { sessionIdSchema } from './common';

export const markingQueueSchema = z.object({ sessionId: sessionIdSchema }).strict();
export const markSchema = z
  .object({
    sessionId: sessionIdSchema,
    /** The anonymous script code a marker sees instead of a name. */
    code: z.string().regex(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/),
    questionId: z.string().min(1).max(32),
    points: z.number().int().min(0).max(100_000),
  })
  .strict();

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
