import { describe, expect, test } from 'vitest';
import { RlCoreError, UnknownNameError } from '../errors.js';
import { ADVANTAGE_ESTIMATORS, ADVANTAGE_NAMES, getAdvantageEstimator, isAdvantageName } from './registry.js';
import { randomBatch } from './test-utils/random.js';

describe('advantage registry', () => {
  test('lists every estimator', () => {
    expect([...ADVANTAGE_NAMES].sort()).toEqual(
      ['dr_grpo', 'gae', 'grpo', 'grpo_vectorized', 'reinforce_pp', 'reinforce_pp_baseline', 'reward_to_go', 'rloo', 'rloo_vectorized'].sort(),
    );
  });

  test('every estimator runs through the common signature and returns finite [B,T] arrays', () => {
    const input = randomBatch(51, { groups: 3, groupSize: 4, singletons: 1, T: 6, holeRate: 0.1 });
    for (const name of ADVANTAGE_NAMES) {
      const { advantages, returns } = getAdvantageEstimator(name)(input, { gamma: 0.99, lam: 0.95 });
      expect(advantages.length, name).toBe(input.B * input.T);
      expect(returns.length, name).toBe(input.B * input.T);
      expect(advantages.every(Number.isFinite), name).toBe(true);
      expect(returns.every(Number.isFinite), name).toBe(true);
    }
  });

  test('dr_grpo ignores normByStd: true', () => {
    const input = randomBatch(52, { groups: 2, groupSize: 3, T: 4 });
    expect(ADVANTAGE_ESTIMATORS.dr_grpo(input, { normByStd: true }).advantages).toEqual(ADVANTAGE_ESTIMATORS.grpo(input, { normByStd: false }).advantages);
  });

  test('unknown name → UnknownNameError listing the valid names', () => {
    let err: unknown;
    try {
      getAdvantageEstimator('ppo');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnknownNameError);
    expect((err as RlCoreError).message).toContain('grpo_vectorized');
    expect((err as RlCoreError).message).toContain("'ppo'");
    expect(isAdvantageName('gae')).toBe(true);
    expect(isAdvantageName('toString')).toBe(false);
    expect(() => getAdvantageEstimator('constructor')).toThrow(UnknownNameError);
  });
});
