import { describe, expect, it } from 'vitest';
import { LOG_ENTRY_TYPES, verifyBundle, type PostRanking } from '@exam/shared';
import { VerifyPool, poolVerifyMany } from '@exam/server';
import { SELECTION_MIX, selectionBundle } from './bench/selection-bundle';

/**
 * The benchmark's selection bundle, at a twentieth of its people: it must verify, every step, or
 * `verify_selection_ms` would measure a failing verification; and it must hold what the mix says.
 */
describe('the benchmark’s selection bundle', () => {
  it('verifies, every step, and holds a whole selection to its final appointments', async () => {
    const b = await selectionBundle(0.05);
    const pool = new VerifyPool(2);
    try {
      const report = await verifyBundle(JSON.parse(JSON.stringify(b)), { verifyMany: poolVerifyMany(pool) });
      expect(report.steps.filter((s) => !s.ok).map((s) => [s.id, s.problems.slice(0, 2)])).toEqual([]);
      expect(report.steps.every((s) => s.checked > 0)).toBe(true);
    } finally {
      await pool.close();
    }
    for (const t of new Set(b.body.log.map((e) => e.type))) expect(Object.keys(LOG_ENTRY_TYPES)).toContain(t);
    expect(b.body.evaluations!.length).toBe(SELECTION_MIX.groups);
    const rankings = Object.values(b.body.results.rankings!)[0] as PostRanking[];
    expect(rankings.length).toBe(SELECTION_MIX.posts);
    // The outcomes the rules give are all there: the shortlisted, those out for dissatisfaction, those below a bar or not shortlisted.
    const outcomes = new Set(rankings.flatMap((r) => r.rows.map((x) => x.outcome)));
    expect(outcomes.has('shortlisted')).toBe(true);
    expect(b.body.log.filter((e) => e.type === 'appointments.finalised').length).toBe(1);
  }, 300_000);
});
