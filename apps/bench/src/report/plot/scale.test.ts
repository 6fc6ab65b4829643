import { describe, expect, it } from 'vitest';
import { dataDomain, makeScale, niceStep } from './scale.js';

describe('scales', () => {
  it('picks 1/2/5 steps', () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(1, 5)).toBeCloseTo(0.2);
    expect(niceStep(700, 5)).toBe(200);
  });
  it('linear maps ends of the domain to the ends of the range, ticks inside', () => {
    const s = makeScale('linear', [0, 10], [100, 200]);
    expect(s.map(0)).toBe(100);
    expect(s.map(10)).toBe(200);
    expect(s.ticks()).toEqual([0, 2, 4, 6, 8, 10]);
  });
  it('log maps decades evenly and ticks at powers of ten', () => {
    const s = makeScale('log', [1, 1000], [0, 300]);
    expect(s.map(10)).toBeCloseTo(100);
    expect(s.map(100)).toBeCloseTo(200);
    expect(s.ticks()).toEqual([1, 10, 100, 1000]);
    expect(makeScale('log', [100, 1000], [0, 1]).ticks()).toEqual([100, 200, 500, 1000]);
  });
  it('log scale rejects non-positive domains', () => {
    expect(() => makeScale('log', [0, 10], [0, 1])).toThrow(RangeError);
  });
  it('data domains cover the data, include zero when asked, and pad a single value', () => {
    const [lo, hi] = dataDomain([3, 17], 'linear', true);
    expect(lo).toBe(0);
    expect(hi).toBeGreaterThanOrEqual(17);
    const [a, b] = dataDomain([5, 5], 'linear');
    expect(a).toBeLessThan(5);
    expect(b).toBeGreaterThan(5);
    const [l0, l1] = dataDomain([-1, 0, 10, 1000], 'log');
    expect(l0).toBeGreaterThan(0);
    expect(l0).toBeLessThan(10);
    expect(l1).toBeGreaterThan(1000);
  });
});
