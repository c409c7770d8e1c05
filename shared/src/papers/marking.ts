import { proportionHundredths } from '../scoring/rounding';
import type { AnswerValue } from './answer';
import type { AnswerKey, Question } from './paper';

/** How a fill-in text is compared: Unicode NFKC, white space collapsed, trimmed, case folded. */
export function normaliseBlank(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * The machine's mark for one objective answer, in hundredths (docs/papers.md, "Marking"):
 * single and true/false all or nothing; multiple all for the exact set, partialPoints for a
 * non-empty subset with no wrong choice; fill-in points × correct blanks ÷ blanks, rounded once.
 * Returns null for open questions, which markers mark.
 */
export function autoMark(q: Question, key: AnswerKey, value: AnswerValue): number | null {
  const entry = key.answers[q.id];
  if (!entry) throw new Error(`the answer key has no entry for question ${q.id}`);
  if (entry.type !== q.type) throw new Error(`question ${q.id} is ${q.type} in the paper but ${entry.type} in the key`);
  switch (entry.type) {
    case 'single':
      return value === entry.correct ? q.points : 0;
    case 'true-false':
      return value === entry.correct ? q.points : 0;
    case 'multiple': {
      if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'number')) return 0;
      const correct = new Set(entry.correct);
      const chosen = value as number[];
      if (chosen.some((v) => !correct.has(v))) return 0;
      return chosen.length === correct.size ? q.points : (entry.partialPoints ?? 0);
    }
    case 'fill-in': {
      if (!Array.isArray(value)) return 0;
      const right = entry.correct.filter((accepted, i) => {
        const given = value[i];
        return typeof given === 'string' && accepted.some((a) => normaliseBlank(a) === normaliseBlank(given));
      }).length;
      return proportionHundredths(q.points, right, entry.correct.length);
    }
    default:
      return null;
  }
}
