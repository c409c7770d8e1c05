import { describe, expect, it } from 'vitest';
import { outliers, panelScore } from './panel';

describe("the panel's rule", () => {
  it('drops one highest and one lowest from five sheets, then averages exactly', () => {
    // 80, 85.5, 86, 86.5, 95 → (85.5 + 86 + 86.5) / 3 = 86.00
    expect(panelScore([8000, 8550, 8600, 8650, 9500])).toEqual({ score: 8600, dropped: [4, 0], trimmed: true });
    // 80, 81, 81, 82, 90 → (81 + 81 + 82) / 3 = 81.333… → 81.33
    expect(panelScore([9000, 8100, 8000, 8100, 8200]).score).toBe(8133);
  });
  it('takes the plain mean below the threshold (a conflict left four sheets)', () => {
    expect(panelScore([8000, 8100, 8200, 8300])).toEqual({ score: 8150, dropped: [], trimmed: false });
    expect(panelScore([8001, 8002]).score).toBe(8002); // 80.015 → 80.02, half away from zero
  });
  it('is configurable, drops only one of equal extremes, and refuses nonsense', () => {
    expect(panelScore([7000, 8000, 9000], { trimWhenAtLeast: 3 }).score).toBe(8000);
    expect(panelScore([9000, 9000, 8000, 8000, 8500]).dropped).toEqual([0, 2]);
    expect(() => panelScore([])).toThrow();
    expect(() => panelScore([80.5])).toThrow();
  });
  it('flags totals far from the median, never changes them', () => {
    expect(outliers([8000, 8100, 8200, 6000, 8150], 1000)).toEqual([3]);
    expect(outliers([8000, 8100, 8200, 8300], 1000)).toEqual([]);
    expect(outliers([8000, 9000], 100)).toEqual([]);
  });
});
