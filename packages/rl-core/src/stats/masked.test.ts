import { describe, expect, test } from 'vitest';
import { EmptyMaskError, InvalidParamError, NonFiniteError, ShapeError } from '../errors.js';
import { maskedMean, maskedSum, maskedVar } from './masked.js';

// [B,T] = [2,3]
const dims = { B: 2, T: 3 };
const v = [1, 2, 3, 4, NaN, 6];
const m = [1, 1, 0, 1, 0, 1];

describe('maskedSum', () => {
  test('axis null / 0 / -1, NaN at a masked position ignored', () => {
    expect(maskedSum(v, m, dims)).toBe(13);
    expect(Array.from(maskedSum(v, m, dims, 0))).toEqual([5, 2, 6]);
    expect(Array.from(maskedSum(v, m, dims, -1))).toEqual([3, 10]);
    expect(Array.from(maskedSum(v, m, dims, 1))).toEqual([3, 10]);
  });
  test('boolean masks and fractional weights', () => {
    expect(maskedSum(v, m.map((x) => x === 1), dims)).toBe(13);
    expect(maskedSum([2, 2], [0.5, 0], { B: 1, T: 2 })).toBe(1);
  });
});

describe('maskedMean', () => {
  test('along each axis', () => {
    expect(maskedMean(v, m, dims)).toBeCloseTo(13 / 4, 15);
    expect(Array.from(maskedMean(v, m, dims, 0))).toEqual([2.5, 2, 6]);
    expect(Array.from(maskedMean(v, m, dims, -1))).toEqual([1.5, 5]);
  });
  test('an all-zero mask gives 0, and so does a fully masked row (count >= 1 ? count : 1e-8)', () => {
    expect(maskedMean(v, [0, 0, 0, 0, 0, 0], dims)).toBe(0);
    expect(Array.from(maskedMean(v, [0, 0, 0, 1, 0, 1], dims, -1))).toEqual([0, 5]);
  });
  test('constant data gives its exact value', () => {
    const c = Math.fround(0.7);
    expect(maskedMean(new Float32Array(8).fill(c), new Float32Array(8).fill(1), { B: 1, T: 8 })).toBe(c);
  });
});

describe('maskedVar', () => {
  test('unbiased (default) and biased', () => {
    // active values 1, 2, 4, 6: mean 3.25, Σd² = 14.75
    expect(maskedVar(v, m, dims)).toBeCloseTo(14.75 / 3, 14);
    expect(maskedVar(v, m, dims, { unbiased: false })).toBeCloseTo(14.75 / 4, 14);
  });
  test('one element: biased gives 0, unbiased throws EmptyMaskError; empty mask throws too', () => {
    const one = [0, 0, 0, 0, 0, 1];
    expect(maskedVar(v, one, dims, { unbiased: false })).toBe(0);
    expect(() => maskedVar(v, one, dims)).toThrow(EmptyMaskError);
    expect(() => maskedVar(v, [0, 0, 0, 0, 0, 0], dims)).toThrow(EmptyMaskError);
  });
});

describe('masked statistics: invalid inputs', () => {
  test('shape mismatch → ShapeError', () => {
    expect(() => maskedSum(v, m.slice(1), dims)).toThrow(ShapeError);
    expect(() => maskedMean(v, m, { B: 3, T: 3 })).toThrow(ShapeError);
    expect(() => maskedVar(v, m, { B: 0, T: 3 })).toThrow(ShapeError);
  });
  test('non-finite value at an active position → NonFiniteError', () => {
    expect(() => maskedSum([1, Infinity], [1, 1], { B: 1, T: 2 })).toThrow(NonFiniteError);
    expect(() => maskedMean([1, 2], [1, NaN], { B: 1, T: 2 })).toThrow(NonFiniteError);
  });
  test('unsupported axis → InvalidParamError', () => {
    expect(() => maskedSum(v, m, dims, 2 as never)).toThrow(InvalidParamError);
  });
});
