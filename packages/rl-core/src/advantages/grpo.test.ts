import { describe, expect, test } from 'vitest';
import { GroupMismatchError, InvalidParamError, NonFiniteError, RlCoreError, ShapeError } from '../errors.js';
import { goldenSuite } from '../test-utils/golden.js';
import { drGrpoAdvantage, grpoAdvantage, grpoAdvantageLoop, grpoVectorizedAdvantage, type GrpoOptions } from './grpo.js';
import { catchErr, maxAbsDiff, randomBatch } from './test-utils/random.js';
import type { AdvantageInput } from './types.js';

goldenSuite('grpo');

/** B=4, T=2, one group; scores 1,0,1,0 (row 3's reward sits on a padded token). */
const small: AdvantageInput = {
  B: 4,
  T: 2,
  tokenLevelRewards: [0, 1, 0, 0, 1, 0, 0, 0],
  responseMask: [1, 1, 1, 1, 1, 0, 1, 1],
  index: ['a', 'a', 'a', 'a'],
};

describe('grpo: hand-worked', () => {
  test('group of 4 with scores 1,0,1,0: (s−0.5)/(sqrt(1/3)+ε), times the mask', () => {
    const { advantages, returns } = grpoAdvantageLoop(small);
    const a = 0.5 / (Math.sqrt(1 / 3) + 1e-6);
    expect(Array.from(advantages)).toEqual([a, a, -a, -a, a, 0, -a, -a].map((x) => expect.closeTo(x, 12)));
    expect(Array.from(returns)).toEqual(Array.from(advantages));
    expect(returns).not.toBe(advantages);
  });

  test('Dr. GRPO: score minus the group mean', () => {
    const { advantages } = drGrpoAdvantage(small);
    expect(Array.from(advantages)).toEqual([0.5, 0.5, -0.5, -0.5, 0.5, 0, -0.5, -0.5]);
    expect(Array.from(grpoAdvantage(small, { normByStd: false }).advantages)).toEqual(Array.from(advantages));
  });

  test('scoreFrom masked ignores the reward on the padded token', () => {
    const input: AdvantageInput = { ...small, tokenLevelRewards: [0, 1, 0, 0, 0, 1, 0, 0] };
    // all: scores 1,0,1,0 ; masked: 1,0,0,0
    const all = grpoAdvantage(input, { normByStd: false }).advantages;
    const masked = grpoAdvantage(input, { normByStd: false, scoreFrom: 'masked' }).advantages;
    expect(all[4]).toBeCloseTo(0.5, 12);
    expect(masked[4]).toBeCloseTo(-0.25, 12);
    expect(masked[0]).toBeCloseTo(0.75, 12);
  });

  test('singletons: raw gives s/(1+ε) (reference), zero gives 0', () => {
    const input: AdvantageInput = { B: 2, T: 1, tokenLevelRewards: [2, -3], responseMask: [1, 1], index: [0, 1] };
    expect(Array.from(grpoAdvantage(input).advantages)).toEqual([2 / (1 + 1e-6), -3 / (1 + 1e-6)]);
    expect(Array.from(grpoAdvantage(input, { singleton: 'zero' }).advantages)).toEqual([0, 0]);
    expect(Array.from(grpoAdvantageLoop(input, { singleton: 'zero' }).advantages)).toEqual([0, 0]);
  });

  test('vectorized floors σ at sqrt(ε): tiny-spread groups differ from the loop version', () => {
    const input: AdvantageInput = { B: 4, T: 1, tokenLevelRewards: [1e-4, 0, 2e-4, 0], responseMask: [1, 1, 1, 1], index: [0, 0, 0, 0] };
    const loop = grpoAdvantage(input).advantages;
    const vec = grpoVectorizedAdvantage(input).advantages;
    const mean = 0.75e-4;
    expect(vec[0]).toBeCloseTo((1e-4 - mean) / (Math.sqrt(1e-6) + 1e-6), 10);
    expect(Math.abs(loop[0]!)).toBeGreaterThan(10 * Math.abs(vec[0]!));
  });
});

describe('grpo: fast path vs loop reference (seeded)', () => {
  const variants: Array<Partial<GrpoOptions>> = [
    {},
    { normByStd: false },
    { scoreFrom: 'masked' },
    { singleton: 'zero', epsilon: 0.1 },
  ];
  for (const seed of [1, 2, 3]) {
    for (const opts of variants) {
      test(`seed ${seed} ${JSON.stringify(opts)}`, () => {
        const input = randomBatch(seed, { groups: 5, groupSize: 4, singletons: 3, T: 9, holeRate: 0.2, padRewards: true });
        const ref = grpoAdvantageLoop(input, opts);
        const fast = grpoAdvantage(input, opts);
        expect(maxAbsDiff(fast.advantages, ref.advantages)).toBeLessThan(1e-12);
        expect(maxAbsDiff(fast.returns, ref.returns)).toBeLessThan(1e-12);
        // with a spread well above ε the σ floor does not bind, so the vectorized variant agrees too
        expect(maxAbsDiff(grpoVectorizedAdvantage(input, opts).advantages, ref.advantages)).toBeLessThan(1e-12);
      });
    }
  }
});

describe('grpo: invalid inputs', () => {
  const ok = randomBatch(9, { groups: 2, groupSize: 3, T: 4 });
  test('index of the wrong length → GroupMismatchError naming index', () => {
    const err = catchErr(() => grpoAdvantage({ ...ok, index: [0, 0, 1] }));
    expect(err).toBeInstanceOf(GroupMismatchError);
    expect((err as RlCoreError).argument).toBe('index');
    expect(() => grpoAdvantageLoop({ ...ok, index: [0] })).toThrow(GroupMismatchError);
  });
  test('missing index → GroupMismatchError', () => {
    const { index: _drop, ...rest } = ok;
    expect(() => grpoAdvantage(rest)).toThrow(GroupMismatchError);
    expect(() => grpoAdvantageLoop(rest)).toThrow(GroupMismatchError);
  });
  test('non-finite group id → GroupMismatchError', () => {
    expect(() => grpoAdvantage({ ...ok, index: [0, 0, 0, 1, 1, NaN] })).toThrow(GroupMismatchError);
  });
  test('shape mismatch → ShapeError naming the array', () => {
    const err = catchErr(() => grpoAdvantage({ ...ok, responseMask: ok.responseMask.subarray(1) }));
    expect(err).toBeInstanceOf(ShapeError);
    expect((err as RlCoreError).argument).toBe('responseMask');
    expect(() => grpoAdvantage({ ...ok, B: 0 })).toThrow(ShapeError);
    expect(() => grpoAdvantage({ ...ok, T: 2.5 })).toThrow(ShapeError);
  });
  test('NaN reward at a padded position: rejected when padded rewards count (scoreFrom all), ignored with masked', () => {
    const r = ok.tokenLevelRewards.slice();
    const pad = ok.responseMask.findIndex((m) => m === 0);
    expect(pad).toBeGreaterThanOrEqual(0);
    r[pad] = NaN;
    expect(() => grpoAdvantage({ ...ok, tokenLevelRewards: r })).toThrow(NonFiniteError);
    const res = grpoAdvantage({ ...ok, tokenLevelRewards: r }, { scoreFrom: 'masked' });
    expect(res.advantages.every(Number.isFinite)).toBe(true);
  });
  test('Infinity at an active position → NonFiniteError', () => {
    const r = ok.tokenLevelRewards.slice();
    r[0] = Infinity;
    expect(() => grpoAdvantage({ ...ok, tokenLevelRewards: r }, { scoreFrom: 'masked' })).toThrow(NonFiniteError);
  });
  test('invalid params → InvalidParamError naming the option', () => {
    for (const bad of [{ epsilon: 0 }, { epsilon: -1 }, { epsilon: NaN }, { scoreFrom: 'padded' as never }, { singleton: 'drop' as never }, { normByStd: 'yes' as never }]) {
      const err = catchErr(() => grpoAdvantage(ok, bad));
      expect(err).toBeInstanceOf(InvalidParamError);
      expect((err as RlCoreError).argument).toMatch(/^options\./);
      expect((err as RlCoreError).fix.length).toBeGreaterThan(0);
    }
  });
});
