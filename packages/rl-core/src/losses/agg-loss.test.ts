import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { EmptyMaskError, InvalidParamError, ShapeError, UnknownNameError } from '../errors.js';
import { Rng } from '../rng.js';
import { AGG_MODES, aggLoss, aggRowScales, parseAggMode, type AggOptions } from './agg-loss.js';
import { aggLossRef } from './agg-loss.tf.js';
import { expectCloseArrays } from '../test-utils/close.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function randomCase(seed: number, B: number, T: number): { lossMat: Float32Array; mask: Float32Array } {
  const rng = new Rng(seed);
  const lossMat = new Float32Array(B * T);
  const mask = new Float32Array(B * T);
  for (let b = 0; b < B; b++) {
    const len = b === 1 ? 0 : 1 + rng.int(T); // row 1 fully masked
    for (let t = 0; t < T; t++) {
      lossMat[b * T + t] = rng.normal();
      mask[b * T + t] = t < len && !(b === 2 && t === 0) ? 1 : 0; // a hole at the start of row 2
    }
  }
  return { lossMat, mask };
}

describe('aggLoss vs tfjs autodiff', () => {
  const { lossMat, mask } = randomCase(3, 7, 13);
  const optionSets: AggOptions[] = [{}, { dpSize: 4 }, { batchNumTokens: 91, dpSize: 2 }, { globalBatchSize: 32, dpSize: 2 }, { lossScaleFactor: 4096, dpSize: 8 }];
  for (const mode of AGG_MODES) {
    for (const opts of optionSets) {
      test(`${mode} ${JSON.stringify(opts)}`, () => {
        const before = tf.memory().numTensors;
        const ref = aggLossRef(lossMat, mask, { B: 7, T: 13 }, mode, opts);
        expect(tf.memory().numTensors).toBe(before);
        const got = aggLoss(lossMat, mask, { B: 7, T: 13 }, mode, opts);
        expect(Math.abs(got.loss - ref.loss)).toBeLessThanOrEqual(1e-5 * Math.abs(ref.loss) + 1e-6);
        expectCloseArrays(got.weights, ref.weights);
      });
    }
  }
});

describe('aggLoss by hand', () => {
  // Row 0: [1, 2, 3] all active; row 1: [4, 5, pad]; row 2 empty.
  const L = [1, 2, 3, 4, 5, 99, 7, 8, 9];
  const m = [1, 1, 1, 1, 1, 0, 0, 0, 0];
  const dims = { B: 3, T: 3 };
  test('token-mean = Σ/N', () => expect(aggLoss(L, m, dims, 'token-mean').loss).toBeCloseTo(15 / 5, 12));
  test('seq-mean-token-sum excludes empty rows', () => expect(aggLoss(L, m, dims, 'seq-mean-token-sum').loss).toBeCloseTo((6 + 9) / 2, 12));
  test('seq-mean-token-mean', () => expect(aggLoss(L, m, dims, 'seq-mean-token-mean').loss).toBeCloseTo((2 + 4.5) / 2, 12));
  test('seq-mean-token-sum-norm divides by T and ignores dpSize', () => {
    expect(aggLoss(L, m, dims, 'seq-mean-token-sum-norm', { dpSize: 8 }).loss).toBeCloseTo(15 / 3, 12);
  });
  test('weights are the gradient (loss = Σ w·L) and 0 at padding', () => {
    for (const mode of AGG_MODES) {
      const { loss, weights } = aggLoss(L, m, dims, mode, { dpSize: 2 });
      expect(weights[5]).toBe(0);
      expect(loss).toBeCloseTo(L.reduce((s, v, i) => s + v * (weights[i] as number), 0), 12);
    }
  });
  test('NaN at padding is selected out', () => {
    const withNaN = [...L];
    withNaN[5] = NaN;
    for (const mode of AGG_MODES) expect(Number.isFinite(aggLoss(withNaN, m, dims, mode).loss)).toBe(true);
  });
  test('boolean masks work', () => {
    const mb = m.map((v) => v === 1);
    expect(aggLoss(L, mb, dims, 'token-mean').loss).toBeCloseTo(3, 12);
  });
  test('row scales match the weights', () => {
    const { rowScale } = aggRowScales(m, dims, 'seq-mean-token-mean');
    expect(rowScale[0]).toBeCloseTo(1 / 2 / 3, 12);
    expect(rowScale[1]).toBeCloseTo(1 / 2 / 2, 12);
  });
});

describe('aggLoss edge rules and errors', () => {
  const dims = { B: 2, T: 2 };
  const L = [1, 2, 3, 4];
  const zero = [0, 0, 0, 0];
  test('all-zero mask throws EmptyMaskError by default in the 0/0 modes', () => {
    for (const mode of ['token-mean', 'seq-mean-token-sum', 'seq-mean-token-mean'] as const) {
      expect(() => aggLoss(L, zero, dims, mode)).toThrow(EmptyMaskError);
    }
  });
  test("onEmptyMask 'reference': NaN loss, zero gradient; sum-norm gives 0", () => {
    for (const mode of ['token-mean', 'seq-mean-token-sum', 'seq-mean-token-mean'] as const) {
      const r = aggLoss(L, zero, dims, mode, { onEmptyMask: 'reference' });
      expect(r.loss).toBeNaN();
      expect(Array.from(r.weights)).toEqual([0, 0, 0, 0]);
    }
    expect(aggLoss(L, zero, dims, 'seq-mean-token-sum-norm').loss).toBe(0);
  });
  test('a global count makes an empty local mask well defined (loss 0)', () => {
    expect(aggLoss(L, zero, dims, 'token-mean', { batchNumTokens: 10 }).loss).toBe(0);
    expect(aggLoss(L, zero, dims, 'seq-mean-token-mean', { globalBatchSize: 4 }).loss).toBe(0);
  });
  test('unknown mode lists the valid ones', () => {
    expect(() => aggLoss(L, [1, 1, 1, 1], dims, 'sample-mean')).toThrow(UnknownNameError);
    expect(() => parseAggMode('nope')).toThrow(/token-mean, seq-mean-token-sum/);
  });
  test('invalid options and shapes', () => {
    expect(() => aggLoss(L, [1, 1, 1, 1], dims, 'token-mean', { dpSize: 0 })).toThrow(InvalidParamError);
    expect(() => aggLoss(L, [1, 1, 1, 1], dims, 'token-mean', { batchNumTokens: -1 })).toThrow(InvalidParamError);
    expect(() => aggLoss(L, [1, 1, 1], dims, 'token-mean')).toThrow(ShapeError);
    expect(() => aggLoss([1, 2], [1, 1, 1, 1], dims, 'token-mean')).toThrow(ShapeError);
  });
});
