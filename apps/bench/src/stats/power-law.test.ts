import { describe, expect, it } from 'vitest';
import { fitPowerLaw } from './power-law.js';

describe('fitPowerLaw', () => {
  it('recovers an exact power law', () => {
    const xs = [256, 512, 1024, 2048];
    const f = fitPowerLaw(xs, xs.map((x) => 3 * x ** 0.8));
    expect(f.exponent).toBeCloseTo(0.8, 10);
    expect(f.scale).toBeCloseTo(3, 8);
    expect(f.r2).toBeCloseTo(1, 12);
    expect(f.n).toBe(4);
  });
  it('ignores non-positive points and gives r2 < 1 for noisy data', () => {
    const f = fitPowerLaw([0, 1, 2, 4, 8], [5, 1, 2.2, 3.9, 8.5]);
    expect(f.n).toBe(4);
    expect(f.exponent).toBeGreaterThan(0.9);
    expect(f.exponent).toBeLessThan(1.1);
    expect(f.r2).toBeLessThan(1);
  });
  it('rejects too few points', () => {
    expect(() => fitPowerLaw([1], [1])).toThrow(RangeError);
    expect(() => fitPowerLaw([2, 2], [1, 3])).toThrow(/distinct/);
  });
});
