import { describe, expect, test } from 'vitest';
import { GroupMismatchError, InvalidParamError, NonFiniteError } from '../errors.js';
import { goldenSuite } from '../test-utils/golden.js';
import { rlooAdvantage, rlooAdvantageLoop, rlooVectorizedAdvantage, type RlooOptions } from './rloo.js';
import { maxAbsDiff, randomBatch } from './test-utils/random.js';
import type { AdvantageInput } from './types.js';

goldenSuite('rloo');

describe('rloo: hand-worked', () => {
  // scores: group x = [3, 1, 2] interleaved with group y = [5, 7], plus singleton z = [4]
  const input: AdvantageInput = {
    B: 6,
    T: 1,
    tokenLevelRewards: [3, 5, 1, 7, 2, 4],
    responseMask: [1, 1, 1, 1, 1, 1],
    index: ['x', 'y', 'x', 'y', 'x', 'z'],
  };
  test('score minus the mean of the other members; singleton keeps its score (loop reference)', () => {
    const expected = [3 - 1.5, 5 - 7, 1 - 2.5, 7 - 5, 2 - 2, 4];
    expect(Array.from(rlooAdvantageLoop(input).advantages)).toEqual(expected.map((x) => expect.closeTo(x, 12)));
    expect(Array.from(rlooAdvantage(input).advantages)).toEqual(expected.map((x) => expect.closeTo(x, 12)));
  });
  test('vectorized: singleton gives 0 by default, raw on request', () => {
    expect(rlooVectorizedAdvantage(input).advantages[5]).toBe(0);
    expect(rlooVectorizedAdvantage(input, { singleton: 'raw' }).advantages[5]).toBe(4);
    expect(rlooAdvantage(input, { singleton: 'zero' }).advantages[5]).toBe(0);
  });
  test('the advantage is spread over the valid tokens only', () => {
    const two: AdvantageInput = { B: 2, T: 3, tokenLevelRewards: [0, 0, 1, 0, 0, 0], responseMask: [1, 1, 1, 1, 0, 0], index: [0, 0] };
    expect(Array.from(rlooAdvantage(two).advantages)).toEqual([1, 1, 1, -1, 0, 0]);
  });
});

describe('rloo: fast path vs loop reference (seeded)', () => {
  const variants: Array<Partial<RlooOptions>> = [{}, { scoreFrom: 'masked' }, { singleton: 'zero' }];
  for (const seed of [11, 12, 13]) {
    for (const opts of variants) {
      test(`seed ${seed} ${JSON.stringify(opts)}`, () => {
        const input = randomBatch(seed, { groups: 4, groupSize: 5, singletons: 2, T: 7, holeRate: 0.2, padRewards: true });
        const ref = rlooAdvantageLoop(input, opts);
        expect(maxAbsDiff(rlooAdvantage(input, opts).advantages, ref.advantages)).toBeLessThan(1e-12);
        expect(maxAbsDiff(rlooVectorizedAdvantage(input, { singleton: 'raw', ...opts }).returns, ref.returns)).toBeLessThan(1e-12);
      });
    }
  }
});

describe('rloo: invalid inputs', () => {
  const ok = randomBatch(19, { groups: 2, groupSize: 2, T: 3 });
  test('index mismatch', () => {
    expect(() => rlooAdvantage({ ...ok, index: [1, 2, 3] })).toThrow(GroupMismatchError);
    expect(() => rlooAdvantageLoop({ ...ok, index: [1, 2, 3] })).toThrow(GroupMismatchError);
  });
  test('non-finite reward', () => {
    const r = ok.tokenLevelRewards.slice();
    r[1] = NaN;
    expect(() => rlooAdvantage({ ...ok, tokenLevelRewards: r })).toThrow(NonFiniteError);
  });
  test('unknown option value', () => {
    expect(() => rlooAdvantage(ok, { singleton: 'none' as never })).toThrow(InvalidParamError);
  });
});
