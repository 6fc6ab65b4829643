import { describe, expect, test } from 'vitest';
import { InvalidParamError, NonFiniteError } from '../errors.js';
import { discountedReturns, rewardToGoAdvantage } from './reward_to_go.js';
import { maxAbsDiff, randomBatch } from './test-utils/random.js';
import type { AdvantageInput } from './types.js';

describe('reward_to_go', () => {
  test('hand-worked: discounted sums within a row, masked out', () => {
    const input: AdvantageInput = { B: 2, T: 3, tokenLevelRewards: [1, 0, 2, 0, 3, 0], responseMask: [1, 1, 1, 1, 1, 0] };
    const { advantages, returns } = rewardToGoAdvantage(input, { gamma: 0.5 });
    expect(Array.from(returns)).toEqual([1 + 0.25 * 2, 1, 2, 1.5, 3, 0]);
    expect(Array.from(advantages)).toEqual([1.5, 1, 2, 1.5, 3, 0]);
  });

  test('bridge equals the definition Σ γ^(k) r over the following active tokens (seeded)', () => {
    const input = randomBatch(41, { groups: 3, groupSize: 3, T: 8, holeRate: 0.3, padRewards: true });
    const { B, T, tokenLevelRewards: r, responseMask: m } = input;
    const got = rewardToGoAdvantage(input, { gamma: 0.8 }).returns;
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        let want = 0;
        if (m[b * T + t] !== 0) {
          let k = 0;
          for (let u = t; u < T; u++) {
            if (m[b * T + u] === 0) continue;
            want += 0.8 ** k * r[b * T + u]!;
            k++;
          }
        }
        expect(got[b * T + t]).toBeCloseTo(want, 12);
      }
    }
  });

  test('cut mode matches the REINFORCE++ recursion', () => {
    const input = randomBatch(42, { groups: 2, groupSize: 2, T: 6, holeRate: 0.3, padRewards: true });
    const cut = discountedReturns(input.tokenLevelRewards, input.responseMask, input.B, input.T, 1, 'cut');
    expect(maxAbsDiff(rewardToGoAdvantage(input, { gamma: 1, holes: 'cut' }).returns, cut)).toBe(0);
  });

  test('invalid inputs', () => {
    const input: AdvantageInput = { B: 1, T: 2, tokenLevelRewards: [1, NaN], responseMask: [1, 0] };
    expect(() => rewardToGoAdvantage(input, { gamma: 1.5 })).toThrow(InvalidParamError);
    expect(() => rewardToGoAdvantage(input, { holes: 'cut' })).toThrow(NonFiniteError);
    expect(Array.from(rewardToGoAdvantage(input).advantages)).toEqual([1, 0]);
  });
});
