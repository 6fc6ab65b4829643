import { describe, expect, test } from 'vitest';
import { EmptyMaskError, InvalidParamError, NonFiniteError, ShapeError } from '../errors.js';
import { maskedWhiten } from '../stats/whiten.js';
import { goldenSuite } from '../test-utils/golden.js';
import { gaeAdvantage } from './gae.js';
import { maxAbsDiff, randomBatch } from './test-utils/random.js';
import type { AdvantageInput } from './types.js';

goldenSuite('gae');

describe('gae: hand-worked', () => {
  test('γ = λ = 1 with a hole: the hole is bridged; returns = adv + values', () => {
    // row 0: mask [1,0,1], r = [0,0,1], V = [0.5, 9, 0.25]; row 1 makes the batch whitenable.
    const input: AdvantageInput = {
      B: 2,
      T: 3,
      tokenLevelRewards: [0, 0, 1, 0, 1, 0],
      values: [0.5, 9, 0.25, 0, 0, 0],
      responseMask: [1, 0, 1, 1, 1, 0],
    };
    const { advantages, returns } = gaeAdvantage(input);
    // t=2: δ = 1 − 0.25 = 0.75, A = 0.75 ; t=1 masked: carries A = 0.75 ; t=0: δ = 0 + 0.25 − 0.5 = −0.25, A = 0.5
    // row 1: t=2 masked (A = 0), t=1: δ = 1, A = 1 ; t=0: δ = 0 + 0 − 0 = 0, A = 1
    const raw = [0.5, 0.75, 0.75, 1, 1, 0];
    expect(Array.from(returns)).toEqual(raw.map((a, i) => expect.closeTo(a + (input.values![i] as number), 14)));
    const w = maskedWhiten(raw, input.responseMask, input);
    expect(maxAbsDiff(advantages, w)).toBeLessThan(1e-14);
    expect(advantages[5]).not.toBe(0); // padded positions are whitened, not zeroed (reference)
    const zeroed = gaeAdvantage(input, { padding: 'zero' }).advantages;
    expect(zeroed[5]).toBe(0);
    expect(zeroed[1]).toBe(0);
    expect(zeroed[0]).toBe(advantages[0]);
  });

  test('λ = 0 is one-step TD; γ = 0 makes δ = r − V', () => {
    const input = randomBatch(31, { groups: 2, groupSize: 3, T: 6 });
    const { B, T, tokenLevelRewards: r, values: v, responseMask: m } = input;
    const full: AdvantageInput = { ...input, responseMask: new Float64Array(B * T).fill(1) };
    const td = gaeAdvantage(full, { gamma: 0.9, lam: 0 }).returns;
    const g0 = gaeAdvantage(full, { gamma: 0, lam: 0.95 }).returns;
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const i = b * T + t;
        const vNext = t + 1 < T ? v[i + 1]! : 0;
        expect(td[i]! - v[i]!).toBeCloseTo(r[i]! + 0.9 * vNext - v[i]!, 12);
        expect(g0[i]! - v[i]!).toBeCloseTo(r[i]! - v[i]!, 12);
      }
    }
    expect(m.length).toBe(B * T);
  });
});

describe('gae: invalid inputs', () => {
  const ok = randomBatch(33, { groups: 1, groupSize: 3, T: 4 });
  test('missing values → ShapeError naming values', () => {
    const { values: _v, ...rest } = ok;
    expect(() => gaeAdvantage(rest)).toThrow(ShapeError);
    expect(() => gaeAdvantage({ ...ok, values: ok.values.subarray(2) })).toThrow(ShapeError);
  });
  test('γ or λ outside [0, 1] → InvalidParamError', () => {
    expect(() => gaeAdvantage(ok, { gamma: 2 })).toThrow(InvalidParamError);
    expect(() => gaeAdvantage(ok, { lam: -0.5 })).toThrow(InvalidParamError);
    expect(() => gaeAdvantage(ok, { padding: 'masked' as never })).toThrow(InvalidParamError);
  });
  test('non-finite values anywhere → NonFiniteError; NaN reward at padding is ignored', () => {
    const v = ok.values.slice();
    v[v.length - 1] = NaN;
    expect(() => gaeAdvantage({ ...ok, values: v })).toThrow(NonFiniteError);
    const r = ok.tokenLevelRewards.slice();
    const pad = ok.responseMask.findIndex((x) => x === 0);
    expect(pad).toBeGreaterThanOrEqual(0);
    r[pad] = NaN;
    const res = gaeAdvantage({ ...ok, tokenLevelRewards: r });
    expect([...res.advantages, ...res.returns].every(Number.isFinite)).toBe(true);
  });
  test('one valid token → EmptyMaskError', () => {
    expect(() => gaeAdvantage({ B: 1, T: 2, tokenLevelRewards: [1, 0], values: [0, 0], responseMask: [1, 0] })).toThrow(EmptyMaskError);
  });
});
