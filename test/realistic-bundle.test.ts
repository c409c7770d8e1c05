import { describe, expect, it } from 'vitest';
import { LOG_ENTRY_TYPES, verifyBundle } from '@exam/shared';
import { VerifyPool, poolVerifyMany } from '@exam/server';
import { MIX, realisticBundle } from './bench/realistic-bundle';

/**
 * The benchmark's realistic bundle, at a twentieth of its size: it must verify, step by step, or
 * the benchmark's figure would measure a failing verification; its log is the day's own events.
 */
describe('the benchmark’s realistic bundle', () => {
  it('verifies, and holds the stated mix of real events', async () => {
    const b = await realisticBundle(0.05);
    const pool = new VerifyPool(2);
    try {
      const report = await verifyBundle(JSON.parse(JSON.stringify(b)), { verifyMany: poolVerifyMany(pool) });
      expect(report.steps.filter((s) => !s.ok)).toEqual([]);
    } finally {
      await pool.close();
    }
    const types = new Set(b.body.log.map((e) => e.type));
    for (const t of types) expect(Object.keys(LOG_ENTRY_TYPES)).toContain(t);
    expect(b.body.sessions.length).toBe(MIX.sessions);
    expect(b.body.days.length).toBe(MIX.days);
    // One sheet in twenty of each day is corrected and countersigned.
    for (const d of b.body.days) expect(d.sheets.filter((s) => s.sheet.replaces && s.countersign).length).toBe(Math.ceil(d.sheets.filter((s) => !s.sheet.replaces).length * MIX.correctedShare));
    expect(b.body.days.every((d) => d.sheets.filter((s) => !s.sheet.replaces).length === d.candidates.length * MIX.examiners)).toBe(true);
    expect(b.body.checkpoints.every((c) => c.cosignatures.length === 2)).toBe(true);
    expect(b.body.checkpoints.length).toBe(MIX.sessions * 3 + MIX.days * 2);
  }, 120_000);
});
