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

  it('rejects exactly the words a modulo reduction would bias, on an injected stream of words', () => {
    // With 32-bit words the bias of `w mod n` is about n / 2^32: no count could show it. So the
    // words are chosen: those at or above floor(2^32 / n)·n must be drawn again, the others used.
    class Injected extends SeededStream {
      constructor(readonly words: number[]) {
        super(new Uint8Array(32));
      }
      protected override nextWord(): number {
        const w = this.words.shift();
        if (w === undefined) throw new Error('the stream was read past the injected words');
        return w;
      }
    }
    const cases: Array<{ n: number; words: number[]; expected: number; used: number }> = [
      { n: 3, words: [0xffffffff, 7], expected: 1, used: 2 }, // limit 4294967295: 0xffffffff mod 3 would give 0
      { n: 7, words: [4294967292, 4294967295, 4294967291], expected: 4294967291 % 7, used: 3 }, // limit 4294967292
      { n: 10, words: [4294967290, 12], expected: 2, used: 2 }, // limit 4294967290: 4294967290 mod 10 would give 0
      { n: 2 ** 31 + 1, words: [2 ** 31 + 1, 5], expected: 5, used: 2 }, // limit 2^31+1: a modulo would give 0
      { n: 6, words: [4294967289], expected: 4294967289 % 6, used: 1 }, // just below the limit 4294967290: used
    ];
    for (const c of cases) {
      const s = new Injected([...c.words, 0]);
      expect(s.uniform(c.n), `n = ${c.n}`).toBe(c.expected);
      expect(c.words.length + 1 - s.words.length, `words read for n = ${c.n}`).toBe(c.used);
    }
    // And a shuffle reads its words the same way: i = 2 takes uniform(3) (0xffffffff rejected, then
    // 7 → 1: swap 2 and 1), i = 1 takes uniform(2) (0 → 0: swap 1 and 0). A modulo would give c, b, a.
    const s = new Injected([0xffffffff, 7, 0]);
    expect(s.shuffle(['a', 'b', 'c'])).toEqual(['c', 'a', 'b']);
  });
});
