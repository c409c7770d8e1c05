import { describe, expect, it } from 'vitest';
import { changeFixedBy, isRerunSwap } from './fixing';
import { presetRules, type RankingRules } from './rules';

// A post whose round 1 ranks on the written paper and evaluation ev-a, and whose round 2 adds a
// second interview and reuses ev-a (docs/protocol.md §25).
const ev = (source: string, weight = 1) => ({ kind: 'evaluation' as const, source, weight });
const round1: RankingRules = { ...presetRules('sel', 'p1', {}), components: [{ kind: 'written', source: 'paper-a', weight: 1 }, ev('ev-a')], tieBreak: [0, 1] };
const round2: RankingRules = { ...round1, round: 2, components: [ev('ev-a'), { kind: 'interview', source: 'day-2', weight: 1 }], tieBreak: [0, 1] };

describe('what fixes a change of rules (changeFixedBy)', () => {
  const begins = new Map([['written/paper-a', 10]]);
  it('is the begun component of the new rules, or of the rules in force they replace', () => {
    expect(changeFixedBy(round1, undefined, [], begins)).toEqual({ component: 'written/paper-a', seq: 10 });
    // Leaving out the written paper, which has begun, is a change of fixed rules.
    const without = { ...round1, components: [ev('ev-a')], tieBreak: [0] };
    expect(changeFixedBy(without, undefined, [], begins)).toBeNull();
    expect(changeFixedBy(without, round1, [], begins)).toEqual({ component: 'written/paper-a', seq: 10 });
    // The earlier of the two.
    expect(changeFixedBy(round1, without, [], new Map([['written/paper-a', 10], ['evaluation/ev-a', 4]]))).toEqual({ component: 'evaluation/ev-a', seq: 4 });
    expect(changeFixedBy(round1, round1, [], new Map())).toBeNull();
  });
});

describe('an evaluation run again in place of one decided rerun (isRerunSwap)', () => {
  const rerun = new Set(['ev-a']);
  it('swaps a component of the round’s own', () => {
    const swapped = { ...round1, components: [round1.components[0]!, ev('ev-a2')] };
    expect(isRerunSwap(round1, swapped, [], rerun, new Map())).toBe(true);
    // Not to an evaluation that has begun, not one itself decided rerun, not at another weight.
    expect(isRerunSwap(round1, swapped, [], rerun, new Map([['evaluation/ev-a2', 3]]))).toBe(false);
    expect(isRerunSwap(round1, swapped, [], new Set(['ev-a', 'ev-a2']), new Map())).toBe(false);
    expect(isRerunSwap(round1, { ...swapped, components: [round1.components[0]!, ev('ev-a2', 2)] }, [], rerun, new Map())).toBe(false);
  });
  it('not a component an earlier round names: round 1 would still name the evaluation that never stands', () => {
    const swapped = { ...round2, components: [ev('ev-a2'), round2.components[1]!] };
    expect(isRerunSwap(round2, swapped, [round1], rerun, new Map())).toBe(false);
    // The same change, were ev-a round 2's own, is a swap.
    expect(isRerunSwap(round2, swapped, [], rerun, new Map())).toBe(true);
  });
});
