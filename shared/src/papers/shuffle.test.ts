import { describe, expect, it } from 'vitest';
import { SeededStream, candidateSeed, layoutPaper } from './shuffle';
import { fromHex } from '../encoding/bytes';
import type { Paper } from './paper';

const paper: Paper = {
  format: 'paper/1',
  title: 't',
  instructions: '',
  durationMinutes: 60,
  sections: [
    {
      title: 'A',
      questions: [
        { id: 'q1', type: 'single', prompt: 'p', options: ['a', 'b', 'c', 'd'], points: 200 },
        { id: 'q2', type: 'single', prompt: 'p', options: ['a', 'b', 'c'], points: 200, fixedOrder: true },
        { id: 'q3', type: 'true-false', prompt: 'p', points: 100 },
      ],
    },
    { title: 'B', questions: [{ id: 'q4', type: 'essay', prompt: 'p', points: 3000 }] },
  ],
};

describe('the seeded shuffle', () => {
  it('is deterministic for a seed and different across candidates', () => {
    const s1 = candidateSeed('ab'.repeat(32), 'T001');
    expect(layoutPaper(paper, s1)).toEqual(layoutPaper(paper, s1));
    const layouts = new Set(['T001', 'T002', 'T003', 'T004', 'T005', 'T006'].map((t) => JSON.stringify(layoutPaper(paper, candidateSeed('ab'.repeat(32), t)))));
    expect(layouts.size).toBeGreaterThan(1);
  });

  it('keeps fixed-order options and sections in place', () => {
    const l = layoutPaper(paper, candidateSeed('cd'.repeat(32), 'X'));
    expect(l.optionOrder.q2).toBeUndefined();
    expect(l.optionOrder.q1!.slice().sort()).toEqual([0, 1, 2, 3]);
    expect(l.questionOrder).toHaveLength(2);
    expect(l.questionOrder[1]).toEqual([0]);
  });

  it('gives each of the 24 orders of four items about equally often (chi-square)', () => {
    const stream = new SeededStream(fromHex('00'.repeat(32)));
    const counts = new Map<string, number>();
    const draws = 48_000;
    for (let i = 0; i < draws; i++) {
      const k = stream.shuffle([0, 1, 2, 3]).join('');
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(counts.size).toBe(24);
    const expected = draws / 24;
    const chi2 = [...counts.values()].reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // 23 degrees of freedom: the 99.9th percentile is 49.7.
    expect(chi2).toBeLessThan(49.7);
  });

  it('draws uniform integers with rejection, never the biased modulo', () => {
    const stream = new SeededStream(fromHex('11'.repeat(32)));
    const n = 3;
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[stream.uniform(n)]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(() => stream.uniform(0)).toThrow();
  });
});
