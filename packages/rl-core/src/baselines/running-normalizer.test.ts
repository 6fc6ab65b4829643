import { describe, expect, test } from 'vitest';
import { InvalidParamError, NonFiniteError, RlCoreError } from '../errors.js';
import { Rng } from '../rng.js';
import { RunningNormalizer, batchMoments, flooredStd, mergeMoments, resolveRunningNormalizerConfig } from './running-normalizer.js';

describe('RunningNormalizer', () => {
  test('Chan merge over batches equals the moments of all the data at once', () => {
    const rng = new Rng(7);
    const all: number[] = [];
    const n = new RunningNormalizer({ batchMoments: 'float64' });
    for (let b = 0; b < 5; b++) {
      const x = Array.from({ length: 3 + b }, () => rng.normal() * 2 + 1);
      all.push(...x);
      n.update(x);
    }
    const whole = batchMoments(all, undefined, 'float64');
    const st = n.getState();
    expect(st.count).toBe(all.length);
    expect(st.runningMean).toBeCloseTo(whole.mean, 12);
    expect(st.runningM2).toBeCloseTo(whole.m2, 10);
    expect(n.std).toBeCloseTo(Math.sqrt(whole.m2 / (all.length - 1)), 12);
  });

  test('floor rule, count 1, empty batch, freeze before data', () => {
    expect(flooredStd(0, 0, 0.1)).toBe(0.1);
    expect(flooredStd(1, 0, 0.1)).toBe(0.1);
    expect(flooredStd(3, 0.0002, 0.1)).toBe(0.1);
    expect(flooredStd(3, 8, 0.1)).toBe(2);
    expect(mergeMoments({ count: 2, mean: 1, m2: 3 }, { count: 0, mean: 0, m2: 0 })).toEqual({ count: 2, mean: 1, m2: 3 });
    const n = new RunningNormalizer({ minStd: 0.5 });
    expect(Array.from(n.collectAndNormalize([4, 9], [true, false]))).toEqual([0, 10]); // count 1: mean 4, σ floor
    n.collectAndNormalize([100], [false]); // empty selection: no update
    expect(n.getState().count).toBe(1);
    const fresh = new RunningNormalizer();
    fresh.freeze();
    expect(fresh.mean).toBe(0);
    expect(fresh.std).toBe(0.1);
  });

  test('warm-up freezes automatically; frozen collect only normalises', () => {
    const n = new RunningNormalizer({ warmupBatches: 2, batchMoments: 'float64' });
    n.collectAndNormalize([0, 2]);
    expect(n.isFrozen).toBe(false);
    n.collectAndNormalize([4]); // mean 2, M2 = 2 + 0 + (4 − 1)²·2·1/3 = 8, σ = sqrt(8/2) = 2
    expect(n.isFrozen).toBe(true);
    expect(n.mean).toBeCloseTo(2, 14);
    expect(n.std).toBeCloseTo(2, 14);
    expect(Array.from(n.collectAndNormalize([6]))).toEqual([2]);
    expect(n.getState().count).toBe(0); // running stats discarded
    expect(() => n.update([1])).toThrow(InvalidParamError);
  });

  test("'before_update' normalises the batch with the previous stats", () => {
    const n = new RunningNormalizer({ collectNormalization: 'before_update', batchMoments: 'float64' });
    expect(Array.from(n.collectAndNormalize([1, 3]))).toEqual([10, 30]); // no stats yet: mean 0, σ 0.1
    expect(n.mean).toBe(2);
  });

  test('state round trip, and invalid configs / states / values', () => {
    const n = new RunningNormalizer({ batchMoments: 'float64' });
    n.collectAndNormalize([1, 2, 3, 4]);
    const m = RunningNormalizer.fromState(JSON.parse(JSON.stringify(n.getState())), n.config);
    expect(Array.from(m.collectAndNormalize([5]))).toEqual(Array.from(n.collectAndNormalize([5])));
    expect(() => resolveRunningNormalizerConfig({ minStd: 0 })).toThrow(InvalidParamError);
    expect(() => resolveRunningNormalizerConfig({ warmupBatches: 0 })).toThrow(InvalidParamError);
    expect(() => resolveRunningNormalizerConfig({ batchMoments: 'f16' as never })).toThrow(InvalidParamError);
    expect(() => RunningNormalizer.fromState({ ...n.getState(), count: -1 })).toThrow(InvalidParamError);
    expect(() => n.update([1, NaN])).toThrow(NonFiniteError);
    expect(() => n.update([1, NaN], [true, false])).not.toThrow(); // masked-out padding may hold anything
    expect(() => n.update([1, 2], [true])).toThrow(RlCoreError);
  });
});
