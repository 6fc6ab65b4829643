import { describe, expect, test } from 'vitest';
import { InvalidParamError, RlCoreError, ShapeError } from '../errors.js';
import { meanPassAtKCurve } from './pass-at-k.js';
import { classifyRegime, dangPassAtKUpperBound, resolveRegimeThresholds } from './regimes.js';

/** Mean pass@k curve of problems given their correct counts out of n samples. */
const curveOf = (n: number, cs: number[]): Float64Array => meanPassAtKCurve(cs.map((c) => ({ n, c })));

describe('classifyRegime', () => {
  const n = 16;
  const opts = { kLarge: 16 };

  test('diminish: pass@1 up, pass@16 flat (sharpening)', () => {
    // base solves 4 problems sometimes; final solves the same 4 problems almost always, nothing new.
    const base = curveOf(n, [4, 4, 4, 4, 0, 0, 0, 0]);
    const final = curveOf(n, [15, 15, 15, 15, 0, 0, 0, 0]);
    const mid = curveOf(n, [10, 10, 10, 10, 0, 0, 0, 0]);
    const r = classifyRegime({ base, intermediate: mid, final }, opts);
    expect(r.regime).toBe('diminish');
    expect(r.evidence.gainSmall).toBeCloseTo((15 - 4) / 16 / 2, 12);
    expect(r.evidence.gainLarge).toBeCloseTo(0, 12); // pass@16 = 0.5 in both
    expect(r.evidence.kLarge).toBe(16);
  });

  test('plateau: both up early, intermediate ≈ final', () => {
    const base = curveOf(n, [2, 0, 0, 0]);
    const mid = curveOf(n, [8, 6, 4, 0]);
    const final = curveOf(n, [8, 6, 4, 0]);
    const r = classifyRegime({ base, intermediate: mid, final }, opts);
    expect(r.regime).toBe('plateau');
    expect(r.evidence.earlyGainLarge).toBeCloseTo(0.5, 12); // 0.25 → 0.75
    expect(r.evidence.lateGainLarge).toBe(0);
  });

  test('sustained: the boundary keeps moving from intermediate to final', () => {
    const base = curveOf(n, [2, 0, 0, 0]);
    const mid = curveOf(n, [8, 4, 0, 0]);
    const final = curveOf(n, [10, 8, 4, 2]);
    const r = classifyRegime({ base, intermediate: mid, final }, opts);
    expect(r.regime).toBe('sustained');
    expect(r.evidence.lateGainLarge).toBeCloseTo(0.5, 12);
  });

  test('undetermined when nothing moves; kLarge is clamped to the curve length', () => {
    const c = curveOf(n, [3, 1, 0]);
    const r = classifyRegime({ base: c, intermediate: c, final: c }); // default kLarge 128 > 16
    expect(r.regime).toBe('undetermined');
    expect(r.evidence.kLarge).toBe(16);
  });

  test('thresholds are validated', () => {
    expect(() => resolveRegimeThresholds({ flatTol: 0.1, minGain: 0.05 })).toThrow(InvalidParamError);
    expect(() => resolveRegimeThresholds({ sustainedMinGain: 0.001, plateauTol: 0.01 })).toThrow(InvalidParamError);
    expect(() => resolveRegimeThresholds({ kSmall: 4, kLarge: 4 })).toThrow(InvalidParamError);
    expect(() => resolveRegimeThresholds({ minGain: -1 })).toThrow(InvalidParamError);
    expect(() => classifyRegime({ base: [0.1], intermediate: [0.1], final: [0.1] })).toThrow(ShapeError);
    expect(() => classifyRegime({ base: [0.1, NaN], intermediate: [0.1, 0.2], final: [0.1, 0.2] })).toThrow(RlCoreError);
  });
});

describe('dangPassAtKUpperBound', () => {
  test('hand-worked value and it bounds the true mean pass@k', () => {
    // rho = [0.5, 0.5]: mean 0.5, var 0 → 1 − 0.25^{k/2} = 1 − 0.5^k
    expect(dangPassAtKUpperBound([0.5, 0.5], 3)).toBeCloseTo(1 - 0.125, 14);
    // rho = [0, 1]: mean 0.5, var 0.25 → 1 − 0.5^{k/2}
    expect(dangPassAtKUpperBound([0, 1], 2)).toBeCloseTo(0.5, 14);
    expect(dangPassAtKUpperBound([0.3], 1)).toBeCloseTo(0.3, 14);
    // Jensen (k >= 2): E[1 − (1−ρ)^k] <= bound, with the large-n pass@k ≈ 1 − (1−ρ)^k
    const rho = [0.05, 0.2, 0.6, 0.9, 0];
    for (const k of [2, 3, 4, 8, 16]) {
      const trueMean = rho.reduce((s, r) => s + 1 - (1 - r) ** k, 0) / rho.length;
      expect(trueMean).toBeLessThanOrEqual(dangPassAtKUpperBound(rho, k) + 1e-12);
    }
    // at k = 1 it is not a bound (sqrt(E[(1−ρ)²]) >= E[1−ρ]); documented
    expect(dangPassAtKUpperBound(rho, 1)).toBeLessThan(rho.reduce((s, r) => s + r, 0) / rho.length);
  });

  test('invalid inputs', () => {
    expect(() => dangPassAtKUpperBound([], 1)).toThrow(ShapeError);
    expect(() => dangPassAtKUpperBound([1.5], 1)).toThrow(InvalidParamError);
    expect(() => dangPassAtKUpperBound([0.5], -1)).toThrow(InvalidParamError);
  });
});
