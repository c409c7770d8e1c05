/**
 * Scores travel as integers in hundredths of a point. Aggregates are computed exactly, as a
 * fraction, and rounded once at the end, half away from zero (四舍五入), to hundredths.
 */

/** Rounds num/den to the nearest integer, halves away from zero. `den` must be positive. */
export function divideRoundHalfAwayFromZero(num: bigint, den: bigint): bigint {
  if (den <= 0n) throw new RangeError('the divisor must be positive');
  const negative = num < 0n;
  const a = negative ? -num : num;
  const q = a / den;
  const r = a % den;
  const rounded = 2n * r >= den ? q + 1n : q;
  return negative ? -rounded : rounded;
}

/** The mean of scores in hundredths, rounded once to hundredths. */
export function meanHundredths(scores: readonly number[]): number {
  if (scores.length === 0) throw new RangeError('the mean of no scores');
  const sum = scores.reduce((s, x) => s + BigInt(x), 0n);
  return Number(divideRoundHalfAwayFromZero(sum, BigInt(scores.length)));
}

/** points × numerator / denominator in hundredths, rounded once. */
export function proportionHundredths(points: number, numerator: number, denominator: number): number {
  return Number(divideRoundHalfAwayFromZero(BigInt(points) * BigInt(numerator), BigInt(denominator)));
}

/** Parses a decimal a person wrote (at most two places) into hundredths; null if it has more. */
export function parseHundredths(value: number | string): number | null {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const n = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(n) ? (m[1] ? -n : n) : null;
}

/** Formats hundredths as a decimal with two places: 8650 → "86.50". */
export function formatHundredths(h: number): string {
  const sign = h < 0 ? '-' : '';
  const a = Math.abs(h);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}
