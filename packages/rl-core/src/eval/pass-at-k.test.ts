import { describe, expect, test } from 'vitest';
import { InvalidParamError, RlCoreError, GroupMismatchError } from '../errors.js';
import { goldenSuite } from '../test-utils/golden.js';
import {
  countCorrect,
  countCorrectByProblem,
  meanPassAtK,
  meanPassAtKCurve,
  passAtK,
  passAtKCurve,
  passAtKCurveReference,
} from './pass-at-k.js';

goldenSuite('pass_at_k');

/** Exact 1 − C(n−c,k)/C(n,k) with BigInt, for small n. */
function exactPassAtK(n: number, c: number, k: number): number {
  const comb = (a: number, b: number): bigint => {
    if (b < 0 || b > a) return 0n;
    let r = 1n;
    for (let i = 0; i < b; i++) r = (r * BigInt(a - i)) / BigInt(i + 1);
    return r;
  };
  const num = comb(n - c, k);
  const den = comb(n, k);
  // 1 − num/den with ~1e-15 precision
  return 1 - Number((num * 10n ** 18n) / den) / 1e18;
}

describe('passAtK', () => {
  test('hand-worked values', () => {
    // n=4, c=1, k=2: 1 − C(3,2)/C(4,2) = 1 − 3/6 = 0.5
    expect(passAtK(4, 1, 2)).toBeCloseTo(0.5, 14);
    // n=5, c=2, k=2: 1 − C(3,2)/C(5,2) = 1 − 3/10 = 0.7
    expect(passAtK(5, 2, 2)).toBeCloseTo(0.7, 14);
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 14);
  });

  test('edge rules', () => {
    expect(passAtK(10, 3, 0)).toBe(0);
    expect(passAtK(10, 0, 5)).toBe(0);
    expect(passAtK(10, 10, 1)).toBe(1);
    expect(passAtK(5, 0, 10)).toBe(1); // reference quirk: k > n gives 1 even with c = 0
    expect(passAtK(5, 0, 10, { kAboveN: 'clamp' })).toBe(0);
    expect(passAtK(5, 2, 10, { kAboveN: 'clamp' })).toBe(1);
    expect(() => passAtK(5, 0, 10, { kAboveN: 'error' })).toThrow(InvalidParamError);
  });

  test('matches exact rational arithmetic on a grid', () => {
    for (const n of [1, 2, 7, 20, 33]) {
      for (let c = 0; c <= n; c++) {
        for (let k = 0; k <= n; k++) expect(Math.abs(passAtK(n, c, k) - exactPassAtK(n, c, k))).toBeLessThan(1e-12);
      }
    }
  });

  test('invalid inputs throw typed errors', () => {
    for (const [n, c, k] of [
      [0, 0, 1],
      [5, 6, 1],
      [5, -1, 1],
      [5, 2, -1],
      [5.5, 2, 1],
      [5, 2, 1.5],
      [NaN, 0, 1],
    ] as const) {
      expect(() => passAtK(n, c, k)).toThrow(RlCoreError);
    }
  });
});

describe('passAtKCurve', () => {
  test('fast path equals the readable reference', () => {
    for (const n of [1, 2, 5, 16, 64, 256, 1000]) {
      for (const c of [0, 1, 2, Math.floor(n / 3), Math.floor(n / 2), n - 1, n].filter((x) => x >= 0 && x <= n)) {
        const fast = passAtKCurve(n, c);
        const ref = passAtKCurveReference(n, c);
        expect(fast.length).toBe(n);
        for (let k = 0; k < n; k++) expect(Math.abs(fast[k]! - ref[k]!)).toBeLessThan(1e-12);
      }
    }
  });

  test('is non-decreasing in k and ends at 1 when c > 0', () => {
    const curve = passAtKCurve(50, 3);
    for (let k = 1; k < 50; k++) expect(curve[k]!).toBeGreaterThanOrEqual(curve[k - 1]! - 1e-15);
    expect(curve[0]).toBeCloseTo(3 / 50, 14);
    expect(curve[49]).toBe(1);
    expect(Array.from(passAtKCurve(4, 0))).toEqual([0, 0, 0, 0]);
  });
});

describe('mean curves and thresholding', () => {
  test('mean over problems with different n', () => {
    const problems = [
      { n: 4, c: 1 },
      { n: 2, c: 0 },
      { n: 3, c: 3 },
    ];
    const curve = meanPassAtKCurve(problems);
    expect(curve.length).toBe(2); // kMax defaults to min n
    // k=1: (1/4 + 0 + 1)/3; k=2: (0.5 + 0 + 1)/3
    expect(curve[0]).toBeCloseTo((0.25 + 0 + 1) / 3, 14);
    expect(curve[1]).toBeCloseTo((0.5 + 0 + 1) / 3, 14);
    expect(meanPassAtK(problems, 2)).toBeCloseTo(curve[1]!, 14);
    // beyond the smallest n, the k > n rule applies: reference gives 1 for the (n=2, c=0) problem
    // (n=4, c=1, k=3: 1 − C(3,3)/C(4,3) = 0.75)
    const long = meanPassAtKCurve(problems, 3);
    expect(long[2]).toBeCloseTo((0.75 + 1 + 1) / 3, 14);
    const clamped = meanPassAtKCurve(problems, 3, { kAboveN: 'clamp' });
    expect(clamped[2]).toBeCloseTo((0.75 + 0 + 1) / 3, 14);
    expect(() => meanPassAtKCurve([])).toThrow(RlCoreError);
    expect(() => meanPassAtKCurve(problems, 0)).toThrow(InvalidParamError);
  });

  test('thresholding continuous rewards', () => {
    expect(countCorrect([1, 0.99, 0, 1.2, NaN])).toEqual({ n: 5, c: 2 });
    expect(countCorrect([0.5, 0.7, 0.2], 0.5)).toEqual({ n: 3, c: 2 });
    const byProblem = countCorrectByProblem([1, 0, 1, 1, 0.3], ['a', 'b', 'a', 'b', 'c']);
    expect(byProblem).toEqual([
      { id: 'a', n: 2, c: 2 },
      { id: 'b', n: 2, c: 1 },
      { id: 'c', n: 1, c: 0 },
    ]);
    expect(() => countCorrectByProblem([1, 0], [0])).toThrow(GroupMismatchError);
    expect(() => countCorrect([])).toThrow(RlCoreError);
  });
});
