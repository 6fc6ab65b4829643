import { describe, expect, test } from 'vitest';
import { InvalidParamError, ShapeError } from '../errors.js';
import { Rng } from '../rng.js';
import { StepwiseRewardCentering, resolveSrcConfig } from './stepwise-reward-centering.js';

describe('StepwiseRewardCentering', () => {
  test('hand-worked fusion with the reference CTR scale and a valid mask', () => {
    const src = new StepwiseRewardCentering({ batchMoments: 'float64' });
    // ioi: [1,3] → μ 2, σ √2; ior: [10,10] → σ floor 0.1; ctr: [0,1] → μ 0.5, σ √0.5
    const out = src.step({ ioi: [1, 3], ior: [10, 10], ctr: [0, 1] }, { validMask: [1, 1] });
    const zIoi = [-1 / Math.SQRT2, 1 / Math.SQRT2];
    const zCtr = [-0.5 / Math.sqrt(0.5), 0.5 / Math.sqrt(0.5)];
    for (let i = 0; i < 2; i++) expect(out.reward[i]).toBeCloseTo(zIoi[i]! + 0 + 0.1 * zCtr[i]!, 12);
    expect(Array.from(out.components.ior)).toEqual([0, 0]);
    const masked = src.apply({ ioi: [1, 3], ior: [10, 10], ctr: [0, 1] }, [true, false]);
    expect(masked.reward[1]).toBe(0);
    expect(masked.reward[0]).toBeCloseTo(out.reward[0]!, 12);
  });

  test('paper form (no scales), custom weights and components', () => {
    const src = new StepwiseRewardCentering({ weights: { a: 2, b: -1 }, scales: {}, batchMoments: 'float64' });
    const out = src.step({ a: [0, 2], b: [4, 0] });
    // z_a = [−1/√2, 1/√2], z_b = [(4−2)/√8, (0−2)/√8] = [1/√2, −1/√2]
    expect(out.reward[0]).toBeCloseTo(2 * (-1 / Math.SQRT2) - 1 / Math.SQRT2, 12);
    expect(out.reward[1]).toBeCloseTo(2 / Math.SQRT2 + 1 / Math.SQRT2, 12);
    // custom weights drop the default ctr scale instead of failing
    expect(resolveSrcConfig({ weights: { a: 1 } }).scales).toEqual({});
  });

  test('centring removes the length incentive: expected fused reward is ~0 on the collected data', () => {
    const rng = new Rng(11);
    const N = 4000;
    const gen = () => ({
      ioi: Float64Array.from({ length: N }, () => 1 + rng.normal()),
      ior: Float64Array.from({ length: N }, () => 300 + 50 * rng.normal()),
      ctr: Float64Array.from({ length: N }, () => (rng.next() < 0.7 ? 1 : 0)),
    });
    const src = new StepwiseRewardCentering({ warmupBatches: 3 });
    for (let b = 0; b < 3; b++) src.step(gen());
    expect(src.isFrozen).toBe(true);
    const out = src.step(gen()); // frozen: normalises only
    const mean = out.reward.reduce((s, v) => s + v, 0) / N;
    expect(Math.abs(mean)).toBeLessThan(0.1); // raw rewards are all positive on average
    const st = src.stats();
    expect(st.ior.mean).toBeGreaterThan(290);
    expect(st.ior.mean).toBeLessThan(310);
  });

  test('modes: center_only and scale_only', () => {
    const c = new StepwiseRewardCentering({ weights: { a: 1 }, mode: 'center_only', batchMoments: 'float64' });
    expect(Array.from(c.step({ a: [1, 3] }).reward)).toEqual([-1, 1]);
    const s = new StepwiseRewardCentering({ weights: { a: 1 }, mode: 'scale_only', batchMoments: 'float64' });
    const r = s.step({ a: [1, 3] }).reward;
    expect(r[0]).toBeCloseTo(1 / Math.SQRT2, 12);
    expect(r[1]).toBeCloseTo(3 / Math.SQRT2, 12);
  });

  test('explicit freeze and state round trip', () => {
    const a = new StepwiseRewardCentering();
    a.step({ ioi: [1, 2, 3], ior: [5, 6, 9], ctr: [0, 1, 1] }, { statsMask: [true, true, false] });
    const b = StepwiseRewardCentering.fromState(JSON.parse(JSON.stringify(a.getState())));
    const x = { ioi: [4, 0], ior: [1, 2], ctr: [1, 0] };
    expect(Array.from(b.step(x).reward)).toEqual(Array.from(a.step(x).reward));
    a.freeze();
    b.freeze();
    expect(b.getState()).toEqual(a.getState());
    expect(() => StepwiseRewardCentering.fromState(a.getState(), { weights: { x: 1 } } as never)).toThrow(InvalidParamError);
  });

  test('invalid configs and inputs', () => {
    expect(() => resolveSrcConfig({ weights: {} })).toThrow(InvalidParamError);
    expect(() => resolveSrcConfig({ weights: { ioi: NaN, ior: 1, ctr: 1 } })).toThrow(InvalidParamError);
    expect(() => resolveSrcConfig({ weights: { a: 1 }, scales: { b: 2 } } as never)).toThrow(InvalidParamError);
    expect(() => resolveSrcConfig({ mode: 'whiten' as never })).toThrow(InvalidParamError);
    expect(() => new StepwiseRewardCentering({ minStd: -1 })).toThrow(InvalidParamError);
    expect(() => new StepwiseRewardCentering({ warmupBatches: 0 })).toThrow(InvalidParamError);
    const src = new StepwiseRewardCentering();
    expect(() => src.step({ ioi: [1], ior: [1, 2], ctr: [1] })).toThrow(ShapeError);
    expect(() => src.apply({ ioi: [1], ior: [1], ctr: [1] }, [1, 1])).toThrow(ShapeError);
  });
});
