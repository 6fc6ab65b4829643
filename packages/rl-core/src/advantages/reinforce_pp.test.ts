import { describe, expect, test } from 'vitest';
import { EmptyMaskError, GroupMismatchError, InvalidParamError, NonFiniteError } from '../errors.js';
import { maskedWhiten } from '../stats/whiten.js';
import { goldenSuite } from '../test-utils/golden.js';
import { reinforcePpAdvantage, reinforcePpBaselineAdvantage } from './reinforce_pp.js';
import { maxAbsDiff, randomBatch } from './test-utils/random.js';
import type { AdvantageInput } from './types.js';

goldenSuite('reinforce_pp');

const g = 0.9;
/** One row with an interior hole at t = 2 and the outcome reward at t = 3. */
const holed: AdvantageInput = { B: 1, T: 4, tokenLevelRewards: [0, 0, 0, 1], responseMask: [1, 1, 0, 1] };

describe('reinforce++: hand-worked', () => {
  test('cut (reference): the hole stops the return from reaching earlier tokens', () => {
    const { returns, advantages } = reinforcePpAdvantage(holed, { gamma: g });
    expect(Array.from(returns)).toEqual([0, 0, g, 1].map((x) => expect.closeTo(x, 14)));
    expect(advantages[2]).toBe(0);
    // whitened over the 3 valid tokens [0, 0, 1]
    const w = maskedWhiten(returns, holed.responseMask, holed);
    expect(advantages[0]).toBeCloseTo(w[0]!, 14);
    expect(advantages[3]).toBeCloseTo(w[3]!, 14);
  });
  test('bridge: masked positions are skipped and hold 0', () => {
    const { returns } = reinforcePpAdvantage(holed, { gamma: g, holes: 'bridge' });
    expect(Array.from(returns)).toEqual([g * g, g, 0, 1].map((x) => expect.closeTo(x, 14)));
  });
  test('trailing padded positions hold their own reward (cut)', () => {
    const input: AdvantageInput = { B: 2, T: 3, tokenLevelRewards: [1, 2, 5, 0, 1, 0], responseMask: [1, 1, 0, 1, 1, 1] };
    const { returns } = reinforcePpAdvantage(input, { gamma: 1 });
    expect(Array.from(returns)).toEqual([3, 2, 5, 1, 1, 0]);
  });
  test('baseline variant: group-centred scores, whitened over the batch, masked', () => {
    const input: AdvantageInput = { B: 2, T: 2, tokenLevelRewards: [0, 1, 0, 0], responseMask: [1, 1, 1, 1], index: [7, 7] };
    const { advantages, returns } = reinforcePpBaselineAdvantage(input);
    const a = 0.5 / Math.sqrt(1 / 3 + 1e-8);
    expect(Array.from(advantages)).toEqual([a, a, -a, -a].map((x) => expect.closeTo(x, 12)));
    expect(Array.from(returns)).toEqual(Array.from(advantages));
  });
});

describe('reinforce++: closed form vs recursion (seeded)', () => {
  for (const seed of [21, 22, 23]) {
    test(`seed ${seed}: returns[t] = r[t] + γ·m[t+1]·returns[t+1]`, () => {
      const input = randomBatch(seed, { groups: 3, groupSize: 4, T: 10, holeRate: 0.25, padRewards: true });
      const { B, T, tokenLevelRewards: r, responseMask: m } = input;
      const { returns, advantages } = reinforcePpAdvantage(input, { gamma: 0.97 });
      const ref = new Float64Array(B * T);
      for (let b = 0; b < B; b++) {
        for (let t = T - 1; t >= 0; t--) {
          const next = t + 1 < T ? 0.97 * m[b * T + t + 1]! * ref[b * T + t + 1]! : 0;
          ref[b * T + t] = r[b * T + t]! + next;
        }
      }
      expect(maxAbsDiff(returns, ref)).toBeLessThan(1e-12);
      const w = maskedWhiten(ref, m, input);
      expect(maxAbsDiff(advantages, w.map((x, i) => x * m[i]!))).toBeLessThan(1e-12);
    });
  }
});

describe('reinforce++: invalid inputs', () => {
  const one: AdvantageInput = { B: 2, T: 2, tokenLevelRewards: [1, 0, 0, 0], responseMask: [1, 0, 0, 0], index: [0, 0] };
  test('a batch with one valid token cannot be whitened → EmptyMaskError', () => {
    expect(() => reinforcePpAdvantage(one)).toThrow(EmptyMaskError);
    expect(() => reinforcePpBaselineAdvantage(one)).toThrow(EmptyMaskError);
    expect(() => reinforcePpAdvantage({ ...one, responseMask: [0, 0, 0, 0] })).toThrow(EmptyMaskError);
  });
  test('gamma outside [0, 1] → InvalidParamError', () => {
    const ok = randomBatch(3, { groups: 1, groupSize: 2, T: 3 });
    for (const gamma of [-0.1, 1.01, NaN]) expect(() => reinforcePpAdvantage(ok, { gamma })).toThrow(InvalidParamError);
    expect(() => reinforcePpAdvantage(ok, { holes: 'skip' as never })).toThrow(InvalidParamError);
  });
  test('NaN reward on a padded token: rejected under cut (it reaches returns), accepted under bridge', () => {
    const input: AdvantageInput = { B: 1, T: 3, tokenLevelRewards: [1, 0, NaN], responseMask: [1, 1, 0] };
    expect(() => reinforcePpAdvantage(input)).toThrow(NonFiniteError);
    const { advantages, returns } = reinforcePpAdvantage(input, { holes: 'bridge' });
    expect([...advantages, ...returns].every(Number.isFinite)).toBe(true);
  });
  test('baseline needs the index', () => {
    const { index: _i, ...rest } = one;
    expect(() => reinforcePpBaselineAdvantage(rest)).toThrow(GroupMismatchError);
  });
});
