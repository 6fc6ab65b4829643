import { describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { InvalidParamError, NonFiniteError, Rng, ShapeError } from '@prorl/rl-core';
import type { PathSlots } from './path-batch.js';
import { pathLoss, resolvePathLossOptions, type PathLossInput, type PathLossOptions } from './path-loss.js';
import { pathLossTf } from './path-loss.tf.js';

/** Hand-worked: G = 1, S = 2, P = 2, Tt = 9. Row 0: one item then EOS at token 4. Row 1: EOS first (invalid). */
const small = (): PathLossInput => ({
  layout: { G: 1, S: 2, P: 2, tokensPerItem: 4, Tt: 9, numItems: Int32Array.from([1, 0]), eosPos: Int32Array.from([4, 0]) },
  tokenLogProbs: [-1, -2, -3, -4, -0.5, 0, 0, 0, 0, -7, -7, -7, -7, -7, -7, -7, -7, -7],
  refTokenLogProbs: [-1, -1, -1, -1, -1, 0, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1],
  itemAdvantages: [2, 99, 5, 5],
  eosAdvantages: [-1, 5],
});

describe('pathLoss: hand-worked example', () => {
  test('mean item log-probs (reference): each of the 4 tokens gets coefficient/4', () => {
    // ℓ = −2.5, ℓ0 = −1, ℓ_eos = −0.5, ℓ0_eos = −1, N = 1:
    // L = −(−2.5·2) − (−0.5·−1) + 0.01·((−1.5) + 0.5) = 4.49; with sums ℓ = −10, ℓ0 = −4
    const r = pathLoss(small());
    expect(r.loss).toBeCloseTo(4.49, 12);
    const g = Array.from(r.gradTokenLogProbs);
    for (let j = 0; j < 4; j++) expect(g[j]).toBeCloseTo((-2 + 0.01) / 4, 12);
    expect(g[4]).toBeCloseTo(1 + 0.01, 12);
    expect(g.slice(5)).toEqual(new Array<number>(13).fill(0));
    expect(r.metrics['rec/num_valid']).toBe(1);
    expect(r.metrics['rec/valid_frac']).toBe(0.5);
    expect(r.metrics['rec/path_len']).toBe(0.5);
    expect(r.metrics['rec/eos_frac']).toBe(0.5);
    expect(r.metrics['rec/active_steps']).toBe(2);
    expect(r.metrics['rec/adv_var']).toBeCloseTo(2.25, 12);
    expect(r.metrics['rec/kl']).toBeCloseTo(-0.5, 12);
    expect(r.metrics['rec/pg_loss']! + r.metrics['rec/kl_loss']!).toBeCloseTo(r.loss, 12);
  });

  test('sum item log-probs (paper): coefficient on every token', () => {
    const r = pathLoss(small(), { itemLogProb: 'sum' });
    expect(r.loss).toBeCloseTo(20 - 0.5 + 0.01 * (-6 + 0.5), 12);
    for (let j = 0; j < 4; j++) expect(r.gradTokenLogProbs[j]).toBeCloseTo(-2 + 0.01, 12);
  });

  test('no valid path: loss 0, no gradient', () => {
    const inp = small();
    inp.layout = { ...inp.layout, numItems: Int32Array.from([0, 0]), eosPos: Int32Array.from([2, 0]) };
    const r = pathLoss(inp);
    expect(r.loss).toBe(0);
    expect(r.gradTokenLogProbs.every((v) => v === 0)).toBe(true);
    expect(r.metrics['rec/num_valid']).toBe(0);
  });

  test('typed errors', () => {
    expect(() => pathLoss({ ...small(), tokenLogProbs: [1, 2] })).toThrow(ShapeError);
    expect(() => pathLoss({ ...small(), itemAdvantages: [1] })).toThrow(ShapeError);
    expect(() => pathLoss({ ...small(), eosAdvantages: [1] })).toThrow(ShapeError);
    const nanAt = (i: number) => {
      const x = small().tokenLogProbs as number[];
      x[i] = NaN;
      return { ...small(), tokenLogProbs: x };
    };
    expect(() => pathLoss(nanAt(2))).toThrow(NonFiniteError); // inside the item
    expect(() => pathLoss(nanAt(4))).toThrow(NonFiniteError); // the EOS token
    expect(() => pathLoss(nanAt(6))).not.toThrow(); // padding after EOS
    expect(() => pathLoss(nanAt(10))).not.toThrow(); // invalid path
    expect(() => pathLoss({ ...small(), itemAdvantages: [Infinity, 0, 0, 0] })).toThrow(NonFiniteError);
    expect(() => pathLoss({ ...small(), layout: { ...small().layout, eosPos: Int32Array.from([5, 0]) } })).not.toThrow(); // EOS after a 1-token partial item
    expect(() => pathLoss({ ...small(), layout: { ...small().layout, eosPos: Int32Array.from([8, 0]) } })).toThrow(ShapeError);
    expect(() => resolvePathLossOptions({ itemLogProb: 'max' as never })).toThrow(InvalidParamError);
    expect(() => resolvePathLossOptions({ klCoef: -1 })).toThrow(InvalidParamError);
    expect(() => resolvePathLossOptions({ kl: 'k9' as never })).toThrow(InvalidParamError);
  });
});

/** A seeded random batch: G = 3, S = 6, P = 10, Tt = 41, every kind of path. */
function randomBatch(seed: number): PathLossInput {
  const rng = new Rng(seed);
  const G = 3;
  const S = 6;
  const P = 10;
  const K = 4;
  const Tt = P * K + 1;
  const B = G * S;
  const numItems = new Int32Array(B);
  const eosPos = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    switch (b % 6) {
      case 0: // invalid: EOS inside the first item (or first)
        numItems[b] = 0;
        eosPos[b] = rng.int(4);
        break;
      case 1: // 10 items, no EOS
        numItems[b] = P;
        eosPos[b] = -1;
        break;
      case 2: // 10 items then the forced EOS
        numItems[b] = P;
        eosPos[b] = P * K;
        break;
      default: {
        // 1..9 items, EOS right after or after a partial item
        const n = 1 + rng.int(P - 1);
        numItems[b] = n;
        eosPos[b] = n * K + (b % 6 === 3 ? 0 : rng.int(K));
      }
    }
  }
  const layout: PathSlots = { G, S, P, tokensPerItem: K, Tt, numItems, eosPos };
  const lp = Array.from({ length: B * Tt }, () => rng.uniform(-6, -0.01));
  const ref = lp.map((v) => v + 0.4 * rng.normal());
  return {
    layout,
    tokenLogProbs: lp,
    refTokenLogProbs: ref,
    itemAdvantages: Array.from({ length: B * P }, () => rng.normal()),
    eosAdvantages: Array.from({ length: B }, () => rng.normal()),
  };
}

describe('pathLoss closed form vs tfjs autodiff (seeded random batches)', () => {
  const cases: [string, Partial<PathLossOptions>][] = [
    ['mean, k1 (reference)', {}],
    ['sum, k1 (paper)', { itemLogProb: 'sum' }],
    ['mean, k3, β = 0.5', { kl: 'k3', klCoef: 0.5 }],
    ['sum, k2, β = 0.1', { itemLogProb: 'sum', kl: 'k2', klCoef: 0.1 }],
  ];
  for (const [name, opts] of cases) {
    test(name, () => {
      for (const seed of [1, 2, 3]) {
        const inp = randomBatch(seed);
        const before = tf.memory().numTensors;
        const ref = pathLossTf(inp, opts);
        expect(tf.memory().numTensors).toBe(before);
        const got = pathLoss(inp, opts);
        expect(Math.abs(got.loss - ref.loss)).toBeLessThanOrEqual(1e-4 + 1e-5 * Math.abs(ref.loss));
        expect(got.gradTokenLogProbs.length).toBe(ref.gradTokenLogProbs.length);
        let nonzero = 0;
        for (let i = 0; i < ref.gradTokenLogProbs.length; i++) {
          const r = ref.gradTokenLogProbs[i]!;
          const g = got.gradTokenLogProbs[i]!;
          if (Math.abs(g - r) > 1e-6 + 1e-4 * Math.abs(r)) throw new Error(`seed ${seed}, token ${i}: closed form ${g} vs tfjs ${r}`);
          if (g !== 0) nonzero += 1;
        }
        expect(nonzero).toBeGreaterThan(50);
        // invalid rows (b % 6 == 0) and the forced EOS of full rows get nothing
        const { Tt } = inp.layout;
        for (let b = 0; b < 18; b += 6) for (let t = 0; t < Tt; t++) expect(got.gradTokenLogProbs[b * Tt + t]).toBe(0);
        expect(got.gradTokenLogProbs[2 * Tt + 40]).toBe(0);
      }
    });
  }
});
