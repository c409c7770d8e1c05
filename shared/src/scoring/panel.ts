import { divideRoundHalfAwayFromZero } from './rounding';

/**
 * The panel's rule (去掉一个最高分和一个最低分后取平均分): when at least `trimWhenAtLeast` sheets
 * count, drop one highest and one lowest total and take the mean of the rest; otherwise the plain
 * mean. Exact arithmetic, rounded once to hundredths, half away from zero. The server, the
 * tablet and every verifier use this one function (docs/protocol.md, "The panel's rule").
 */
export interface PanelRule {
  trimWhenAtLeast: number;
}
export const DEFAULT_PANEL_RULE: PanelRule = { trimWhenAtLeast: 5 };

export interface PanelResult {
  /** hundredths */
  score: number;
  /** Indices (into the input) of the totals that were dropped: highest then lowest. */
  dropped: number[];
  trimmed: boolean;
}

export function panelScore(totals: readonly number[], rule: PanelRule = DEFAULT_PANEL_RULE): PanelResult {
  if (totals.length === 0) throw new RangeError('a panel score needs at least one sheet');
  if (!totals.every(Number.isSafeInteger)) throw new TypeError('totals are integers in hundredths');
  const order = totals.map((t, i) => ({ t, i }));
  const trimmed = totals.length >= Math.max(3, rule.trimWhenAtLeast);
  let kept = order;
  const dropped: number[] = [];
  if (trimmed) {
    // Ties: the highest dropped is the first of the highest in input order, likewise the lowest.
    const hi = order.reduce((a, b) => (b.t > a.t ? b : a));
    const lo = order.filter((x) => x !== hi).reduce((a, b) => (b.t < a.t ? b : a));
    dropped.push(hi.i, lo.i);
    kept = order.filter((x) => x !== hi && x !== lo);
  }
  const sum = kept.reduce((s, x) => s + BigInt(x.t), 0n);
  return { score: Number(divideRoundHalfAwayFromZero(sum, BigInt(kept.length))), dropped, trimmed };
}

/**
 * Totals further than `distance` (hundredths) from the panel's median are flagged to the
 * supervisor — never changed. The median of an even count is the mean of the middle two,
 * compared exactly (no rounding).
 */
export function outliers(totals: readonly number[], distance: number): number[] {
  if (totals.length < 3) return [];
  const m2 = twiceMedian(totals);
  return totals.flatMap((t, i) => (Math.abs(2 * t - m2) > 2 * distance ? [i] : []));
}

/** Twice the median of the totals, an integer (the mean of the middle two for an even count); 0 for none. */
export function twiceMedian(totals: readonly number[]): number {
  const s = [...totals].sort((a, b) => a - b);
  const m = s.length;
  if (m === 0) return 0;
  return m % 2 === 1 ? 2 * s[(m - 1) / 2]! : s[m / 2 - 1]! + s[m / 2]!;
}

/**
 * Competition ranking by score, highest first, equal scores sharing a rank (1, 2, 2, 4); rows
 * without a score get none. The server's results and every verifier rank with this one function.
 */
export function competitionRanks<T>(rows: readonly T[], score: (r: T) => number | null): Map<T, number> {
  const scored = rows.filter((r) => score(r) !== null).sort((a, b) => score(b)! - score(a)!);
  const out = new Map<T, number>();
  scored.forEach((r, i) => out.set(r, i > 0 && score(scored[i - 1]!) === score(r) ? out.get(scored[i - 1]!)! : i + 1));
  return out;
}

/**
 * The written exam's ranks: by total, competition ranking, and only once every hand-in has a total
 * (while any open answer is unmarked, nobody is ranked).
 */
export function writtenRanks<T extends { total: number | null }>(rows: readonly T[]): Map<T, number> {
  return rows.every((r) => r.total !== null) ? competitionRanks(rows, (r) => r.total) : new Map();
}
