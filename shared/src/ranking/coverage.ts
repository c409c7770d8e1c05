import type { EvaluationSettings } from '../evaluation/settings';

/**
 * Whom an evaluation named in a round's rules leaves out of that round's field (admission numbers):
 * not rated at all, or — where it has a recommendation part for the post — not on that part. Both
 * must be empty: a candidate left out would be ranked as not evaluated, or below the vote bar, by
 * the omission alone (docs/protocol.md §25; the server refuses such rules, step 15 fails them).
 */
export function evaluationGaps(settings: EvaluationSettings, post: string, field: readonly string[]): { unrated: string[]; unlisted: string[] } {
  const rated = new Set(settings.candidates.map((c) => c.ref));
  const part = settings.recommendation.find((r) => r.post === post);
  const listed = new Set(part?.candidates ?? []);
  return { unrated: field.filter((f) => !rated.has(f)), unlisted: part ? field.filter((f) => !listed.has(f)) : [] };
}
