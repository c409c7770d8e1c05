import { divideRoundHalfAwayFromZero } from '../scoring/rounding';
import type { EvaluationSettings } from '../evaluation/settings';
import type { CandidateCount, EvaluationCount } from '../evaluation/count';
import type { Component } from './rules';

/**
 * Component scores and the composite (百分制, docs/protocol.md §25). Everything is exact (whole
 * numbers and fractions of them) and rounded once, half away from zero, to hundredths: each
 * component once, as published out of 100; the composite once, from the published components.
 */

/** `score` over `max` (the same unit, e.g. hundredths of a point) as a score out of 100, in hundredths. */
export function outOf100(score: number, max: number): number {
  if (max <= 0) throw new RangeError('the maximum must be positive');
  return Number(divideRoundHalfAwayFromZero(BigInt(score) * 10_000n, BigInt(max)));
}

/** An exact fraction n / d (d > 0). */
export interface Fraction {
  n: bigint;
  d: bigint;
}

/** Σ weight × (part(g) ÷ cast(g)) ÷ Σ weight over the groups that cast at least one ballot, exactly. */
function weightedOverGroups(settings: EvaluationSettings, count: EvaluationCount, part: (group: string) => bigint): Fraction {
  const cast = new Map(count.groups.map((g) => [g.group, BigInt(g.cast)]));
  const voted = settings.groups.filter((g) => (cast.get(g.id) ?? 0n) > 0n);
  let n = 0n;
  let d = 1n;
  const weightTotal = voted.reduce((a, g) => a + BigInt(g.weight), 0n);
  for (const g of voted) {
    // n/d + weight × part / (cast × weightTotal)
    const tn = BigInt(g.weight) * part(g.id);
    const td = cast.get(g.id)! * weightTotal;
    n = n * td + tn * d;
    d = d * td;
  }
  return { n, d };
}

/**
 * An evaluation's component: the candidate's score (the group-weighted mean of each group's mean
 * points of the overall ratings, as the count computes it) over the scale's highest points, out of
 * 100, rounded once from the exact value — not from the count's score, which is already rounded.
 */
export function evaluationOutOf100(settings: EvaluationSettings, count: EvaluationCount, candidate: CandidateCount): number {
  const max = Math.max(...settings.scale.map((k) => k.points));
  const mean = weightedOverGroups(settings, count, (g) => settings.scale.reduce((a, k) => a + BigInt(candidate.byGroup[g]?.[k.id] ?? 0) * BigInt(k.points), 0n));
  if (mean.d === 0n || max <= 0) return 0;
  return Number(divideRoundHalfAwayFromZero(mean.n * 10_000n, mean.d * BigInt(max)));
}

/**
 * The candidate's recommendation vote rate for a post, exactly: group-weighted (Σ weight × marks in
 * the group ÷ the group's ballots ÷ Σ weight), or marks over all ballots cast (`raw`). Null when the
 * evaluation had no recommendation for that post with the candidate in it.
 */
export function voteRate(settings: EvaluationSettings, count: EvaluationCount, candidate: CandidateCount, post: string, basis: 'weighted' | 'raw'): Fraction | null {
  const r = candidate.recommendation.find((x) => x.post === post);
  if (!r) return null;
  if (basis === 'raw') return count.cast === 0 ? { n: 0n, d: 1n } : { n: BigInt(r.marks), d: BigInt(count.cast) };
  return weightedOverGroups(settings, count, (g) => BigInt(r.byGroup[g] ?? 0));
}

/** A fraction in hundredths of a percent, rounded once (for showing; bars compare the exact value). */
export const fractionBp = (f: Fraction): number => (f.d === 0n ? 0 : Number(divideRoundHalfAwayFromZero(f.n * 10_000n, f.d)));
/** f ≥ bp / 10000, exactly. */
export const reachesBp = (f: Fraction, bp: number): boolean => f.n * 10_000n >= BigInt(bp) * f.d;

/** The composite: Σ weight × component ÷ Σ weight, from the published components (hundredths), rounded once. */
export function composite(components: readonly Component[], scores: readonly number[]): number {
  if (scores.length !== components.length) throw new RangeError('one score per component');
  const total = components.reduce((a, c) => a + BigInt(c.weight), 0n);
  const sum = components.reduce((a, c, i) => a + BigInt(c.weight) * BigInt(scores[i]!), 0n);
  return Number(divideRoundHalfAwayFromZero(sum, total));
}
