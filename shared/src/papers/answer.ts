import { z } from 'zod';
import type { Question } from './paper';

/**
 * A candidate's answer to one question. Choices are option indices in the author's order, never
 * the shuffled display position, so answers and marks are independent of the shuffle.
 */
export const answerValueSchema = z.union([
  z.null(),
  z.boolean(),
  z.number().int().min(0).max(9),
  z.array(z.number().int().min(0).max(9)).max(10),
  z.array(z.string().max(500)).max(20),
  z.string().max(50_000),
]);
export type AnswerValue = z.infer<typeof answerValueSchema>;

/** Checks that a value has the shape the question takes; returns a reason if not. */
export function answerShapeProblem(q: Question, v: AnswerValue): string | null {
  if (v === null) return null;
  switch (q.type) {
    case 'single':
      return typeof v === 'number' && v < q.options!.length ? null : 'a single choice is one option index';
    case 'multiple':
      return Array.isArray(v) && v.every((x) => typeof x === 'number' && x < q.options!.length) && new Set<unknown>(v).size === v.length
        ? null
        : 'a multiple choice is a list of distinct option indices';
    case 'true-false':
      return typeof v === 'boolean' ? null : 'a true/false answer is true or false';
    case 'fill-in':
      return Array.isArray(v) && v.length === q.blanks && v.every((x) => typeof x === 'string') ? null : `a fill-in answer is a list of ${q.blanks} texts`;
    default:
      return typeof v === 'string' ? null : 'an open answer is a text';
  }
}
