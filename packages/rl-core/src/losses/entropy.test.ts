import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { NonFiniteError, ShapeError, UnknownNameError } from '../errors.js';
import { Rng } from '../rng.js';
import { AGG_MODES } from './agg-loss.js';
import { entropyFromLogits, entropyGradLogits, entropyLoss } from './entropy.js';
import { entropyLossRef } from './entropy.tf.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Plain definition, for comparison: −Σ p log p with p = softmax(z). */
function naiveEntropy(z: number[]): number {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return -e.reduce((a, v) => (v === 0 ? a : a + (v / s) * Math.log(v / s)), 0);
}

function randomLogits(seed: number, B: number, T: number, V: number, scale: number): { logits: Float32Array; mask: Float32Array } {
  const rng = new Rng(seed);
  const logits = new Float32Array(B * T * V);
  for (let i = 0; i < logits.length; i++) logits[i] = scale * rng.normal();
  const mask = new Float32Array(B * T);
  for (let b = 0; b < B; b++) {
    const len = 1 + rng.int(T);
    for (let t = 0; t < len; t++) mask[b * T + t] = 1;
  }
  return { logits, mask };
}

describe('entropyFromLogits', () => {
  test('matches −Σ p log p on random rows, ln V for equal logits', () => {
    const { logits } = randomLogits(1, 2, 3, 7, 2);
    const h = entropyFromLogits(logits, { B: 2, T: 3, V: 7 });
    for (let i = 0; i < 6; i++) expect(h[i]).toBeCloseTo(naiveEntropy(Array.from(logits.slice(i * 7, i * 7 + 7))), 12);
    expect(entropyFromLogits([3, 3, 3, 3, 3], { B: 1, T: 1, V: 5 })[0]).toBeCloseTo(Math.log(5), 14);
  });

  test('shift invariant, also at a 1e4 offset (float64, no cancellation)', () => {
    const z = [0.3, -1.2, 2.5, 0.7];
    const h0 = entropyFromLogits(z, { B: 1, T: 1, V: 4 })[0]!;
    const h1 = entropyFromLogits(z.map((v) => v + 1e4), { B: 1, T: 1, V: 4 })[0]!;
    expect(Math.abs(h1 - h0)).toBeLessThan(1e-11);
  });

  test('−Infinity logits: zero probability by default, NaN in reference mode', () => {
    const z = [0.5, -Infinity, 1.5, -Infinity];
    expect(entropyFromLogits(z, { B: 1, T: 1, V: 4 })[0]).toBeCloseTo(naiveEntropy([0.5, 1.5]), 14);
    expect(entropyFromLogits(z, { B: 1, T: 1, V: 4 }, { negInfLogits: 'reference' })[0]).toBeNaN();
  });

  test('invalid rows throw NonFiniteError (unless masked out)', () => {
    const dims = { B: 1, T: 2, V: 2 };
    expect(() => entropyFromLogits([0, 0, -Infinity, -Infinity], dims)).toThrow(NonFiniteError);
    expect(() => entropyFromLogits([0, NaN, 0, 0], dims)).toThrow(NonFiniteError);
    expect(() => entropyFromLogits([0, Infinity, 0, 0], dims)).toThrow(/logits/);
    const h = entropyFromLogits([0, 0, NaN, 0], dims, { mask: [1, 0] });
    expect(h[0]).toBeCloseTo(Math.log(2), 14);
    expect(h[1]).toBeNaN();
    expect(Number.isFinite(entropyLoss([0, 0, NaN, 0], [1, 0], dims, 'token-mean').loss)).toBe(true);
  });

  test('shape and option errors', () => {
    expect(() => entropyFromLogits([0, 0, 0], { B: 1, T: 1, V: 2 })).toThrow(ShapeError);
    expect(() => entropyFromLogits([0, 0], { B: 1, T: 1, V: 2 }, { negInfLogits: 'nan' as 'reference' })).toThrow(UnknownNameError);
    expect(() => entropyLoss([0, 0], [1, 1], { B: 1, T: 1, V: 2 }, 'token-mean')).toThrow(ShapeError);
  });
});

describe('entropy gradient vs tfjs autodiff', () => {
  const dims = { B: 3, T: 5, V: 11 };
  const { logits, mask } = randomLogits(4, dims.B, dims.T, dims.V, 1.5);
  for (const mode of AGG_MODES) {
    test(mode, () => {
      const before = tf.memory().numTensors;
      const ref = entropyLossRef(logits, mask, dims, mode);
      expect(tf.memory().numTensors).toBe(before);
      const got = entropyLoss(logits, mask, dims, mode, { withGradLogits: true });
      expect(Math.abs(got.loss - ref.loss)).toBeLessThanOrEqual(1e-5 * Math.abs(ref.loss) + 1e-6);
      const g = got.gradLogits!;
      let scale = 0;
      for (const v of ref.gradLogits) scale = Math.max(scale, Math.abs(v));
      for (let i = 0; i < g.length; i++) expect(Math.abs((g[i] as number) - (ref.gradLogits[i] as number)), `[${i}]`).toBeLessThanOrEqual(1e-5 * scale);
    });
  }

  test('gradient by finite differences (float64), −Infinity entries get 0', () => {
    const z = [0.2, -0.7, 1.1, -Infinity, 0.4];
    const d = { B: 1, T: 1, V: 5 };
    const g = entropyGradLogits(z, d, [1]);
    expect(g[3]).toBe(0);
    for (const v of [0, 1, 2, 4]) {
      const zp = [...z];
      const zm = [...z];
      zp[v]! += 1e-6;
      zm[v]! -= 1e-6;
      const fd = (entropyFromLogits(zp, d)[0]! - entropyFromLogits(zm, d)[0]!) / 2e-6;
      expect(g[v]).toBeCloseTo(fd, 8);
    }
  });
});
