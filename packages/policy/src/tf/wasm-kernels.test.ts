import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '@prorl/rl-core';
import { initTfBackend } from './backend.js';
import { wasmMatMulPatched } from './wasm-kernels.js';

function randn(rng: Rng, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal());
}

/** Runs f on the given backend and returns the host copy of its result. */
async function on(backend: 'cpu' | 'wasm', f: () => tf.Tensor): Promise<{ data: Float32Array | Int32Array; shape: number[] }> {
  await initTfBackend({ backend, log: false });
  const t = f();
  const out = { data: t.dataSync() as Float32Array | Int32Array, shape: t.shape };
  t.dispose();
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

beforeAll(async () => {
  await initTfBackend({ backend: 'wasm', log: false });
});

describe('wasm kernel fills', () => {
  it('registers UnsortedSegmentSum and the BatchMatMul patch', () => {
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
    expect(wasmMatMulPatched()).toBe(true);
  });

  it('UnsortedSegmentSum matches cpu (float32 and int32, repeated and out-of-range ids)', async () => {
    const rng = new Rng(1);
    const x = randn(rng, 7 * 3 * 2);
    const ids = Int32Array.from([4, 0, 4, 2, 9, -1, 2]); // 9 and -1 are dropped
    const f = () => tf.unsortedSegmentSum(tf.tensor3d(x, [7, 3, 2]), tf.tensor1d(ids, 'int32'), 5);
    const w = await on('wasm', f);
    const c = await on('cpu', f);
    expect(w.shape).toEqual([5, 3, 2]);
    expect(w.shape).toEqual(c.shape);
    expect(maxAbsDiff(w.data, c.data)).toBeLessThan(1e-6);
    const xi = Int32Array.from({ length: 7 * 3 }, (_, i) => i - 4);
    const fi = () => tf.unsortedSegmentSum(tf.tensor2d(xi, [7, 3], 'int32'), tf.tensor1d(ids, 'int32'), 5);
    const wi = await on('wasm', fi);
    const ci = await on('cpu', fi);
    expect(Array.from(wi.data)).toEqual(Array.from(ci.data));
  });

  it('gradient of tf.gather (embedding rows) matches cpu and leaks nothing', async () => {
    const rng = new Rng(2);
    const table = randn(rng, 6 * 4);
    const dy = randn(rng, 5 * 4);
    const f = () =>
      tf.tidy(() => {
        const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, tf.tensor1d([3, 1, 3, 5, 0], 'int32')), tf.tensor2d(dy, [5, 4]))));
        return g(tf.tensor2d(table, [6, 4]));
      });
    await initTfBackend({ backend: 'wasm', log: false });
    const n0 = tf.memory().numTensors;
    const w = await on('wasm', f);
    expect(tf.memory().numTensors).toBe(n0);
    const c = await on('cpu', f);
    expect(maxAbsDiff(w.data, c.data)).toBeLessThan(1e-6);
    // row 3 collects two contributions, rows 2 and 4 none
    expect(w.data[3 * 4]).toBeCloseTo(dy[0]! + dy[2 * 4]!, 5);
    expect(Array.from(w.data.subarray(2 * 4, 3 * 4))).toEqual([0, 0, 0, 0]);
  });

  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('patched BatchMatMul transposeA=%s transposeB=%s matches cpu (rank 2, 4, broadcast)', async (ta, tb) => {
    const rng = new Rng(3);
    const a2 = randn(rng, 5 * 3);
    const b2 = randn(rng, 3 * 4);
    const a4 = randn(rng, 2 * 3 * 5 * 6);
    const b4 = randn(rng, 2 * 3 * 6 * 4);
    const b3 = randn(rng, 6 * 4);
    const sh = (batch: number[], m: number, n: number, t: boolean) => [...batch, t ? n : m, t ? m : n];
    const cases = [
      () => tf.matMul(tf.tensor(a2, sh([], 5, 3, ta)), tf.tensor(b2, sh([], 3, 4, tb)), ta, tb),
      () => tf.matMul(tf.tensor(a4, sh([2, 3], 5, 6, ta)), tf.tensor(b4, sh([2, 3], 6, 4, tb)), ta, tb),
      () => tf.matMul(tf.tensor(a4, sh([6], 5, 6, ta)), tf.tensor(b3, sh([1], 6, 4, tb)), ta, tb),
    ];
    for (const f of cases) {
      const g = () => tf.tidy(f);
      await initTfBackend({ backend: 'wasm', log: false });
      const n0 = tf.memory().numTensors;
      const w = await on('wasm', g);
      expect(tf.memory().numTensors).toBe(n0);
      const c = await on('cpu', g);
      expect(w.shape).toEqual(c.shape);
      expect(maxAbsDiff(w.data, c.data)).toBeLessThan(1e-5);
    }
  });
});
