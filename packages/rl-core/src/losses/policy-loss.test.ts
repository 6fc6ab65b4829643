import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { EmptyMaskError, InvalidParamError, NonFiniteError, ShapeError, UnknownNameError } from '../errors.js';
import { Rng } from '../rng.js';
import { AGG_MODES, aggLoss, type AggMode } from './agg-loss.js';
import { clippedPolicyLoss, type PolicyLossInputs, type PolicyLossParams } from './policy-loss.js';
import { clippedPolicyLossRef } from './policy-loss.tf.js';
import { expectCloseArrays } from '../test-utils/close.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function expectClose(got: number, ref: number, rtol = 1e-5): void {
  expect(Math.abs(got - ref)).toBeLessThanOrEqual(rtol * Math.abs(ref) + 1e-7);
}

const PARAMS: Omit<PolicyLossParams, 'aggMode'> = { clipLow: 0.2, clipHigh: 0.4, clipC: 3 };
const LO = Math.log(1 - PARAMS.clipLow);
const HI = Math.log(1 + PARAMS.clipHigh);
const LC = Math.log(PARAMS.clipC);

/** Draws a log-ratio from a mixture that hits every regime, staying 1e-3 away from the clip boundaries. */
function drawDelta(rng: Rng): number {
  for (;;) {
    const u = rng.next();
    let d: number;
    if (u < 0.08) d = 0; // exact tie: ratio 1, l1 == l2
    else if (u < 0.45) d = 0.1 * rng.normal(); // inside the band
    else if (u < 0.75) d = rng.uniform(-1.5, 1.5); // clipped high / low
    else if (u < 0.9) d = rng.uniform(1.2, 3); // beyond c = 3: dual clip for A < 0
    else d = (rng.next() < 0.5 ? -1 : 1) * rng.uniform(20.5, 30); // beyond the ±20 log-ratio clamp
    const f = Math.fround(d);
    if ([LO, HI, LC, -20, 20].every((b) => Math.abs(f - b) > 1e-3)) return d;
  }
}

function randomInputs(seed: number, B: number, T: number, withIs: boolean): PolicyLossInputs {
  const rng = new Rng(seed);
  const n = B * T;
  const oldLogProb = new Float32Array(n);
  const logProb = new Float32Array(n);
  const advantages = new Float32Array(n);
  const mask = new Float32Array(n);
  const isWeights = new Float32Array(n);
  for (let b = 0; b < B; b++) {
    const len = b === 0 ? T : 1 + rng.int(T); // right padding, one full row
    const hole = rng.int(T);
    for (let t = 0; t < T; t++) {
      const i = b * T + t;
      oldLogProb[i] = -rng.uniform(0.05, 6);
      logProb[i] = Math.fround(oldLogProb[i]! + Math.fround(drawDelta(rng)));
      const a = rng.next();
      advantages[i] = a < 0.07 ? 0 : rng.normal() * 1.5;
      mask[i] = t < len && !(b === 1 && t === hole) ? 1 : 0;
      isWeights[i] = rng.uniform(0.5, 2);
    }
  }
  return { dims: { B, T }, oldLogProb, logProb, advantages, mask, ...(withIs ? { isWeights } : {}) };
}

/** Counts the regimes present at active tokens (so the equivalence test provably covers each). */
function regimes(x: PolicyLossInputs, p: Omit<PolicyLossParams, 'aggMode'>): Record<string, number> {
  const r = { unclipped: 0, clippedHigh: 0, clippedLow: 0, dualClipped: 0, ratioClamped: 0, bandTie: 0, zeroAdv: 0 };
  for (let i = 0; i < x.logProb.length; i++) {
    if (x.mask[i] === 0) continue;
    const raw = (x.logProb[i] as number) - (x.oldLogProb[i] as number);
    const A = x.advantages[i] as number;
    const rho = Math.exp(Math.max(-20, Math.min(20, raw)));
    if (Math.abs(raw) > 20) r.ratioClamped++;
    if (A === 0) r.zeroAdv++;
    else if (raw === 0) r.bandTie++;
    else if (A > 0 && rho > 1 + p.clipHigh) r.clippedHigh++;
    else if (A < 0 && rho < 1 - p.clipLow) r.clippedLow++;
    else if (A < 0 && rho > p.clipC) r.dualClipped++;
    else r.unclipped++;
  }
  return r;
}

function checkAgainstTf(x: PolicyLossInputs, params: PolicyLossParams): void {
  const before = tf.memory().numTensors;
  const ref = clippedPolicyLossRef(x, params);
  expect(tf.memory().numTensors).toBe(before);
  const got = clippedPolicyLoss(x, params);
  expectClose(got.loss, ref.loss);
  expectCloseArrays(got.gradLogProbs, ref.gradLogProbs);
  expectClose(got.metrics['actor/pg_clipfrac'], ref.metrics['actor/pg_clipfrac']);
  expectClose(got.metrics['actor/pg_clipfrac_lower'], ref.metrics['actor/pg_clipfrac_lower']);
  expectClose(got.metrics['actor/ppo_kl'], ref.metrics['actor/ppo_kl']);
  expect(got.metrics['actor/pg_loss']).toBe(got.loss);
}

describe('clippedPolicyLoss vs tfjs autodiff', () => {
  const x = randomInputs(11, 6, 40, false);

  test('the random inputs cover every regime', () => {
    const r = regimes(x, PARAMS);
    for (const [k, v] of Object.entries(r)) expect(v, k).toBeGreaterThan(0);
  });

  for (const aggMode of AGG_MODES) {
    test(`${aggMode}: loss, gradient and metrics match`, () => checkAgainstTf(x, { ...PARAMS, aggMode }));
    test(`${aggMode}: with IS weights and global counts`, () => {
      checkAgainstTf(randomInputs(12, 5, 30, true), { ...PARAMS, aggMode, dpSize: 2, batchNumTokens: 300, globalBatchSize: 16, lossScaleFactor: 64 });
    });
  }

  test('other clip configurations (PPO 0.2/0.2 c 3, DAPO 0.2/0.28 c 10, 0.1/0.3 c 10)', () => {
    for (const [i, p] of [
      { clipLow: 0.2, clipHigh: 0.2, clipC: 3 },
      { clipLow: 0.2, clipHigh: 0.28, clipC: 10 },
      { clipLow: 0.1, clipHigh: 0.3, clipC: 10 },
    ].entries()) {
      checkAgainstTf(randomInputs(20 + i, 4, 32, i === 1), { ...p, aggMode: 'token-mean' });
    }
  });
});

describe('clippedPolicyLoss closed form by hand', () => {
  const one = (lp: number, old: number, A: number, p: Partial<PolicyLossParams> = {}) =>
    clippedPolicyLoss({ dims: { B: 1, T: 1 }, oldLogProb: [old], logProb: [lp], advantages: [A], mask: [1] }, { ...PARAMS, aggMode: 'token-mean', ...p });

  test('unclipped token: loss −A·ρ, gradient −A·ρ', () => {
    const r = one(0.1, 0, 2);
    expect(r.loss).toBeCloseTo(-2 * Math.exp(0.1), 12);
    expect(r.gradLogProbs[0]).toBeCloseTo(-2 * Math.exp(0.1), 12);
    expect(r.metrics['actor/pg_clipfrac']).toBe(0);
  });

  test('clipped high (A > 0, ρ > 1 + ε_high): constant loss, zero gradient', () => {
    const r = one(0.5, 0, 2);
    expect(r.loss).toBeCloseTo(-2 * 1.4, 12);
    expect(r.gradLogProbs[0]).toBe(0);
    expect(r.metrics['actor/pg_clipfrac']).toBe(1);
  });

  test('A > 0 below the lower bound stays unclipped (pessimistic max)', () => {
    const r = one(-1, 0, 1);
    expect(r.gradLogProbs[0]).toBeCloseTo(-Math.exp(-1), 12);
    expect(r.metrics['actor/pg_clipfrac']).toBe(0);
  });

  test('clipped low (A < 0, ρ < 1 − ε_low): zero gradient', () => {
    const r = one(-1, 0, -1);
    expect(r.loss).toBeCloseTo(0.8, 12);
    expect(r.gradLogProbs[0]).toBe(0);
  });

  test('dual clip (A < 0, ρ > c): loss −A·c, zero gradient, clipfrac_lower 1', () => {
    const r = one(2, 0, -1);
    expect(r.loss).toBeCloseTo(3, 12);
    expect(r.gradLogProbs[0]).toBe(0);
    expect(r.metrics['actor/pg_clipfrac_lower']).toBe(1);
  });

  test('dual-clip tie u == −A·c splits the gradient in half (PyTorch minimum)', () => {
    const r = one(Math.log(3), 0, -1, { clipC: Math.exp(Math.log(3)) });
    expect(r.gradLogProbs[0]).toBeCloseTo(0.5 * Math.exp(Math.log(3)), 12);
    expect(r.metrics['actor/pg_clipfrac_lower']).toBe(0);
  });

  test('clipC = Infinity disables the dual clip', () => {
    const r = one(2, 0, -1, { clipC: Infinity });
    expect(r.loss).toBeCloseTo(Math.exp(2), 12);
    expect(r.gradLogProbs[0]).toBeCloseTo(Math.exp(2), 12);
  });

  test('ratio exactly on the band edge keeps the unclipped gradient (inclusive clamp)', () => {
    const r = one(Math.log(1.25), 0, 1, { clipHigh: Math.exp(Math.log(1.25)) - 1 });
    expect(r.gradLogProbs[0]).toBeCloseTo(-Math.exp(Math.log(1.25)), 12);
  });

  test('log-ratio beyond ±20 is clamped: ppo_kl uses the clamped value, gradient 0', () => {
    const r = one(25, 0, -1, { clipC: Infinity });
    expect(r.metrics['actor/ppo_kl']).toBe(-20);
    expect(r.gradLogProbs[0]).toBe(0);
    expect(r.loss).toBeCloseTo(Math.exp(20), 3);
  });

  test('log-ratio exactly at 20 still passes the gradient (inclusive clamp)', () => {
    const r = one(20, 0, -1, { clipC: Infinity });
    expect(r.gradLogProbs[0]).toBeCloseTo(Math.exp(20), 3);
  });

  test('IS weights scale loss and gradient', () => {
    const base = one(0.1, 0, 2);
    const w = clippedPolicyLoss({ dims: { B: 1, T: 1 }, oldLogProb: [0], logProb: [0.1], advantages: [2], mask: [1], isWeights: [0.5] }, { ...PARAMS, aggMode: 'token-mean' });
    expect(w.loss).toBeCloseTo(0.5 * base.loss, 12);
    expect(w.gradLogProbs[0]).toBeCloseTo(0.5 * (base.gradLogProbs[0] as number), 12);
  });

  test('a boolean mask gives the same result as the 0/1 mask', () => {
    const x = randomInputs(31, 3, 9, true);
    const p: PolicyLossParams = { ...PARAMS, aggMode: 'seq-mean-token-mean' };
    const num = clippedPolicyLoss(x, p);
    const bool = clippedPolicyLoss({ ...x, mask: Array.from(x.mask as ArrayLike<number>, (v): boolean => v !== 0) }, p);
    expect(bool.loss).toBe(num.loss);
    expect(Array.from(bool.gradLogProbs)).toEqual(Array.from(num.gradLogProbs));
    expect(bool.metrics).toEqual(num.metrics);
  });

  test('equals aggLoss over the element losses, and masked NaN inputs are ignored', () => {
    const x: PolicyLossInputs = {
      dims: { B: 2, T: 3 },
      oldLogProb: [0, -1, NaN, -2, -0.5, NaN],
      logProb: [0.3, -1.2, NaN, -1.5, -0.5, Infinity],
      advantages: [1, -1, NaN, 0.5, -2, 1],
      mask: [1, 1, 0, 1, 1, 0],
    };
    for (const aggMode of AGG_MODES) {
      const r = clippedPolicyLoss(x, { ...PARAMS, aggMode });
      expect(Number.isFinite(r.loss)).toBe(true);
      expect(r.gradLogProbs[2]).toBe(0);
      expect(r.gradLogProbs[5]).toBe(0);
      const el = [0, 1, 3, 4].map((i) => {
        const rho = Math.exp((x.logProb[i] as number) - (x.oldLogProb[i] as number));
        const A = x.advantages[i] as number;
        let u = Math.max(-A * rho, -A * Math.min(1.4, Math.max(0.8, rho)));
        if (A < 0) u = Math.min(u, -A * 3);
        return u;
      });
      const mat = [el[0]!, el[1]!, 0, el[2]!, el[3]!, 0];
      expect(r.loss).toBeCloseTo(aggLoss(mat, x.mask, x.dims, aggMode as AggMode).loss, 12);
    }
  });
});

describe('clippedPolicyLoss validation', () => {
  const x: PolicyLossInputs = { dims: { B: 1, T: 2 }, oldLogProb: [0, 0], logProb: [0.1, 0.2], advantages: [1, -1], mask: [1, 1] };
  const p: PolicyLossParams = { ...PARAMS, aggMode: 'token-mean' };

  test('clip parameters out of range throw InvalidParamError naming the parameter', () => {
    const cases: Array<[Partial<PolicyLossParams>, string]> = [
      [{ clipLow: 0 }, 'params.clipLow'],
      [{ clipLow: 1 }, 'params.clipLow'],
      [{ clipLow: NaN }, 'params.clipLow'],
      [{ clipHigh: 0 }, 'params.clipHigh'],
      [{ clipHigh: -0.1 }, 'params.clipHigh'],
      [{ clipC: 1 }, 'params.clipC'],
      [{ clipC: 0.5 }, 'params.clipC'],
    ];
    for (const [bad, arg] of cases) {
      let err: unknown;
      try {
        clippedPolicyLoss(x, { ...p, ...bad });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InvalidParamError);
      expect((err as InvalidParamError).argument).toBe(arg);
      expect((err as InvalidParamError).fix.length).toBeGreaterThan(0);
    }
  });

  test('shape mismatch, unknown mode, non-finite active input', () => {
    expect(() => clippedPolicyLoss({ ...x, advantages: [1] }, p)).toThrow(ShapeError);
    expect(() => clippedPolicyLoss({ ...x, isWeights: [1, 1, 1] }, p)).toThrow(ShapeError);
    expect(() => clippedPolicyLoss(x, { ...p, aggMode: 'sample-mean' as AggMode })).toThrow(UnknownNameError);
    expect(() => clippedPolicyLoss({ ...x, logProb: [0.1, -Infinity] }, p)).toThrow(NonFiniteError);
    expect(() => clippedPolicyLoss({ ...x, advantages: [NaN, 1] }, p)).toThrow(/advantages/);
    expect(() => clippedPolicyLoss({ ...x, isWeights: [1, NaN] }, p)).toThrow(/isWeights/);
  });

  test('empty mask: throws by default (every mode); reference mode reproduces NaN / 0', () => {
    const empty = { ...x, mask: [0, 0] };
    for (const aggMode of AGG_MODES) expect(() => clippedPolicyLoss(empty, { ...p, aggMode })).toThrow(EmptyMaskError);
    const r = clippedPolicyLoss(empty, { ...p, onEmptyMask: 'reference' });
    expect(r.loss).toBeNaN();
    expect(Array.from(r.gradLogProbs)).toEqual([0, 0]);
    expect(r.metrics['actor/pg_clipfrac']).toBe(0);
    expect(clippedPolicyLoss(empty, { ...p, aggMode: 'seq-mean-token-sum-norm', onEmptyMask: 'reference' }).loss).toBe(0);
  });
});
