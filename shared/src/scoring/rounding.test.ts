import { describe, expect, it } from 'vitest';
import { divideRoundHalfAwayFromZero, formatHundredths, meanHundredths, parseHundredths, proportionHundredths } from './rounding';

describe('rounding, once, half away from zero', () => {
  it('rounds halves away from zero on both sides', () => {
    expect(divideRoundHalfAwayFromZero(5n, 2n)).toBe(3n);
    expect(divideRoundHalfAwayFromZero(-5n, 2n)).toBe(-3n);
    expect(divideRoundHalfAwayFromZero(7n, 3n)).toBe(2n);
    expect(divideRoundHalfAwayFromZero(8n, 3n)).toBe(3n);
    expect(() => divideRoundHalfAwayFromZero(1n, 0n)).toThrow();
  });
  it('averages exactly: 85.5, 86, 86.5 → 86.00; 80, 80, 81 → 80.33; 1, 2 (hundredths) → 0.02', () => {
    expect(meanHundredths([8550, 8600, 8650])).toBe(8600);
    expect(meanHundredths([8000, 8000, 8100])).toBe(8033);
    expect(meanHundredths([1, 2])).toBe(2);
  });
  it('splits fill-in points by blanks and rounds once', () => {
    expect(proportionHundredths(400, 2, 3)).toBe(267);
    expect(proportionHundredths(100, 1, 2)).toBe(50);
  });
  it('parses what people write and formats two places', () => {
    expect(parseHundredths('86.5')).toBe(8650);
    expect(parseHundredths(1.5)).toBe(150);
    expect(parseHundredths('1.555')).toBeNull();
    expect(parseHundredths('abc')).toBeNull();
    expect(formatHundredths(8033)).toBe('80.33');
    expect(formatHundredths(5)).toBe('0.05');
  });
});
