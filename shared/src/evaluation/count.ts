import { DIMENSIONS, type Dimension, type EvaluationSettings } from './settings';
import type { Ballot } from './ballot';

/**
 * The count of an evaluation (docs/protocol.md §24), from the ballots alone. Every rate is exact
 * (a fraction of whole numbers) until it is shown: then it is rounded once, half away from zero, to
 * hundredths of a percent (`bp`, 0–10000). The threshold is compared with the exact rate.
 *
 * - raw rate of a rating: its count over all ballots cast;
 * - weighted rate: Σ weight × (count in the group ÷ ballots of the group) ÷ Σ weight, over the groups
 *   that cast at least one ballot (the weights renormalised over them, and the count says which);
 * - score: the same weighting of each group's mean points (hundredths of a point), for a composite;
 * - recommendation rate: marks for the candidate over all ballots cast (raw) and weighted.
 */

/** An exact non-negative fraction. */
interface Q {
  n: bigint;
  d: bigint;
}
const q = (n: number | bigint, d: number | bigint): Q => ({ n: BigInt(n), d: BigInt(d) });
const add = (a: Q, b: Q): Q => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
const mul = (a: Q, b: Q): Q => ({ n: a.n * b.n, d: a.d * b.d });
const ZERO = q(0, 1);
/** a > b, exactly. */
const greater = (a: Q, b: Q) => a.n * b.d > b.n * a.d;
/** Rounded once, half away from zero (the values here are never negative), after multiplying by `unit`. */
function rounded(x: Q, unit: number): number {
  if (x.d === 0n) return 0;
  const num = x.n * BigInt(unit) * 2n + x.d;
  return Number(num / (2n * x.d));
}
const bp = (x: Q) => rounded(x, 10_000);

export interface GroupTurnout {
  group: string;
  entitled: number;
  cast: number;
  /** bp of those entitled. */
  turnoutBp: number;
}

export interface CandidateCount {
  ref: string;
  name: string;
  /** Per group, the count of each overall rating. */
  byGroup: Record<string, Record<string, number>>;
  /** Over all ballots, the count of each overall rating, and its raw and weighted rates. */
  counts: Record<string, number>;
  rawBp: Record<string, number>;
  weightedBp: Record<string, number>;
  /** Per dimension, the count of each rating (all ballots). */
  dimensions: Partial<Record<Dimension, Record<string, number>>>;
  /** The dissatisfaction rate on the settings' basis, and whether it exceeds the threshold. */
  dissatisfiedBp: number;
  approvalBp: number;
  goesForward: boolean;
  /** Mean points, group-weighted, in hundredths of a point. */
  score: number;
  /** Per post of the recommendation part where the candidate stands: marks (in all, and per group, for exact comparisons), raw and weighted rates. */
  recommendation: Array<{ post: string; marks: number; byGroup: Record<string, number>; rawBp: number; weightedBp: number }>;
}

export interface EvaluationCount {
  evaluationId: string;
  groups: GroupTurnout[];
  cast: number;
  /** Of the ballots cast, those on paper (entered by two tellers). */
  paper: number;
  entitled: number;
  turnoutBp: number;
  /** Whether the turnout reaches the settings' minimum; an evaluation that does not is invalid. */
  valid: boolean;
  /** The groups whose weights count (those that cast at least one ballot), and their weights renormalised to a total of 100 (exactly as fractions; shown in bp). */
  weightsBp: Record<string, number>;
  candidates: CandidateCount[];
}

/** Counts the ballots of an evaluation. The ballots must already fit the form (ballotProblems). */
export function countEvaluation(s: EvaluationSettings, ballots: readonly Ballot[]): EvaluationCount {
  const cast = new Map(s.groups.map((g) => [g.id, 0]));
  for (const b of ballots) cast.set(b.group, (cast.get(b.group) ?? 0) + 1);
  const voted = s.groups.filter((g) => (cast.get(g.id) ?? 0) > 0);
  const weightTotal = voted.reduce((a, g) => a + g.weight, 0);
  const total = ballots.length;
  const entitled = s.groups.reduce((a, g) => a + g.entitled, 0);
  /** Weighted mean over the groups that voted of per-group fractions. */
  const weighted = (perGroup: (g: string) => Q): Q => voted.reduce((acc, g) => add(acc, mul(q(g.weight, weightTotal), perGroup(g.id))), ZERO);
  // Each post's recommendation marks per candidate and group, in one pass over the ballots.
  const marked = s.recommendation.map(() => new Map<string, Map<string, number>>());
  for (const b of ballots) {
    b.recommend.forEach((r, j) => {
      const post = marked[j];
      if (!post) return;
      for (const ref of new Set(r.marked)) {
        let perGroup = post.get(ref);
        if (!perGroup) post.set(ref, (perGroup = new Map()));
        perGroup.set(b.group, (perGroup.get(b.group) ?? 0) + 1);
      }
    });
  }
  const candidates = s.candidates.map((c, i): CandidateCount => {
    const byGroup: Record<string, Record<string, number>> = Object.fromEntries(s.groups.map((g) => [g.id, Object.fromEntries(s.scale.map((k) => [k.id, 0]))]));
    const dims: Partial<Record<Dimension, Record<string, number>>> = s.dimensions ? Object.fromEntries(DIMENSIONS.map((d) => [d, Object.fromEntries(s.scale.map((k) => [k.id, 0]))])) : {};
    for (const b of ballots) {
      const r = b.ratings[i]!;
      byGroup[b.group]![r.overall]!++;
      if (r.dimensions) for (const d of DIMENSIONS) dims[d]![r.dimensions[d]]!++;
    }
    const counts = Object.fromEntries(s.scale.map((k) => [k.id, s.groups.reduce((a, g) => a + byGroup[g.id]![k.id]!, 0)]));
    const rawQ = (ids: readonly string[]) => q(ids.reduce((a, id) => a + counts[id]!, 0), Math.max(total, 1));
    const weightedQ = (ids: readonly string[]) => weighted((g) => q(ids.reduce((a, id) => a + byGroup[g]![id]!, 0), cast.get(g)!));
    const dissatisfied = s.thresholdBasis === 'raw' ? rawQ(s.dissatisfied) : weightedQ(s.dissatisfied);
    const score = weighted((g) => q(s.scale.reduce((a, k) => a + byGroup[g]![k.id]! * k.points, 0), cast.get(g)!));
    const recommendation = s.recommendation
      .filter((p) => p.candidates.includes(c.ref))
      .map((p) => {
        const j = s.recommendation.indexOf(p);
        const mine = marked[j]!.get(c.ref);
        const marks = (g?: string) => (g === undefined ? [...(mine?.values() ?? [])].reduce((a, n) => a + n, 0) : (mine?.get(g) ?? 0));
        return { post: p.post, marks: marks(), byGroup: Object.fromEntries(s.groups.map((g) => [g.id, marks(g.id)])), rawBp: total === 0 ? 0 : bp(q(marks(), total)), weightedBp: bp(weighted((g) => q(marks(g), cast.get(g)!))) };
      });
    return {
      ref: c.ref,
      name: c.name,
      byGroup,
      counts,
      rawBp: Object.fromEntries(s.scale.map((k) => [k.id, total === 0 ? 0 : bp(rawQ([k.id]))])),
      weightedBp: Object.fromEntries(s.scale.map((k) => [k.id, bp(weightedQ([k.id]))])),
      dimensions: dims,
      dissatisfiedBp: bp(dissatisfied),
      approvalBp: bp(s.thresholdBasis === 'raw' ? rawQ(s.approval) : weightedQ(s.approval)),
      goesForward: total > 0 && !greater(dissatisfied, q(s.thresholdPercent, 100)),
      score: rounded(score, 100),
      recommendation,
    };
  });
  return {
    evaluationId: s.id,
    groups: s.groups.map((g) => ({ group: g.id, entitled: g.entitled, cast: cast.get(g.id)!, turnoutBp: bp(q(cast.get(g.id)!, g.entitled)) })),
    cast: total,
    paper: ballots.filter((b) => b.paper).length,
    entitled,
    turnoutBp: bp(q(total, entitled)),
    valid: BigInt(total) * BigInt(s.minTurnout.den) >= BigInt(entitled) * BigInt(s.minTurnout.num),
    weightsBp: Object.fromEntries(voted.map((g) => [g.id, bp(q(g.weight, weightTotal))])),
    candidates,
  };
}
