import { describe, expect, test } from 'vitest';
import { EmptyMaskError, InvalidParamError, NonFiniteError } from '../errors.js';
import { Rng } from '../rng.js';
import { goldenSuite } from '../test-utils/golden.js';
import { maskedWhiten } from './whiten.js';

goldenSuite('whiten');

describe('maskedWhiten', () => {
  test('matches (v − μ)/sqrt(var_unbiased + 1e-8) on every element, masked ones included (seeded)', () => {
    const rng = new Rng(7);
    const B = 5;
    const T = 11;
    const v = Float64Array.from({ length: B * T }, () => 3 + 2 * rng.normal());
    const m = Float64Array.from({ length: B * T }, () => (rng.next() < 0.6 ? 1 : 0));
    const act = Array.from(v).filter((_, i) => m[i] === 1);
    const mean = act.reduce((a, x) => a + x, 0) / act.length;
    const variance = act.reduce((a, x) => a + (x - mean) ** 2, 0) / (act.length - 1);
    const got = maskedWhiten(v, m, { B, T });
    for (let i = 0; i < B * T; i++) expect(got[i]).toBeCloseTo((v[i]! - mean) / Math.sqrt(variance + 1e-8), 12);
    const kept = maskedWhiten(v, m, { B, T }, { shiftMean: false });
    for (let i = 0; i < B * T; i++) expect(kept[i]).toBeCloseTo(got[i]! + mean, 12);
  });
  test('constant data gives exactly 0', () => {
    const c = Math.fround(0.7);
    expect(Array.from(maskedWhiten(new Float32Array(8).fill(c), new Float32Array(8).fill(1), { B: 2, T: 4 }))).toEqual(new Array(8).fill(0));
  });
  test('a NaN at a masked position stays NaN there and does not touch the rest', () => {
    const out = maskedWhiten([1, 3, NaN], [1, 1, 0], { B: 1, T: 3 });
    expect(out[0]).toBeCloseTo(-1 / Math.sqrt(2 + 1e-8), 14);
    expect(out[2]).toBeNaN();
  });
  test('needs more than one valid token; NaN at an active position is rejected', () => {
    expect(() => maskedWhiten([1, 2], [1, 0], { B: 1, T: 2 })).toThrow(EmptyMaskError);
    expect(() => maskedWhiten([1, 2], [0, 0], { B: 1, T: 2 })).toThrow(EmptyMaskError);
    expect(() => maskedWhiten([1, NaN], [1, 1], { B: 1, T: 2 })).toThrow(NonFiniteError);
    expect(() => maskedWhiten([1, 2], [1, 1], { B: 1, T: 2 }, { shiftMean: 'no' as never })).toThrow(InvalidParamError);
  });
});
