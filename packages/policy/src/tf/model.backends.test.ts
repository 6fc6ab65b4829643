import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '@prorl/rl-core';
import { resolveModelConfig } from '../model/config.js';
import { ParamLayout } from '../model/params.js';
import { initTfBackend } from './backend.js';
import { TfTransformer } from './model.js';

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe.each(['swiglu', 'gelu'] as const)('wasm vs cpu (%s)', (mlp) => {
  it('forward logits and weight gradients agree within 1e-4', async () => {
    const cfg = resolveModelConfig({ vocabSize: 11, dModel: 8, nHeads: 2, nLayers: 2, dFF: 16, maxSeqLen: 8, mlp, tieEmbeddings: mlp === 'gelu' });
    const layout = new ParamLayout(cfg);
    const rng = new Rng(4);
    const params = Float32Array.from({ length: layout.totalSize }, () => 0.3 * rng.normal());
    const ids = [
      [1, 7, 3, 10, 0],
      [4, 4, 9, 2, 6],
    ];
    const opts = { attnMask: [[1, 1, 1, 1, 1], [0, 1, 1, 1, 1]], positions: [[0, 1, 2, 3, 4], [0, 0, 1, 2, 3]] };
    const coef = [0, 1, -1, 0.5, 2, 0, 0, 1, -0.5, 1];
    const run = async (backend: 'wasm' | 'cpu') => {
      await initTfBackend({ backend, log: false });
      const m = new TfTransformer(cfg, params);
      const lg = m.forward(ids, opts);
      const logits = lg.dataSync().slice();
      lg.dispose();
      const g = m.coefGradients(ids, coef, opts);
      m.dispose();
      return { logits, ...g };
    };
    const w = await run('wasm');
    const c = await run('cpu');
    expect(maxAbsDiff(w.logits, c.logits)).toBeLessThan(1e-4);
    expect(maxAbsDiff(w.grads, c.grads)).toBeLessThan(1e-4);
    expect(Math.abs(w.loss - c.loss)).toBeLessThan(1e-4);
    expect(Math.hypot(...w.grads)).toBeGreaterThan(0.1);
    expect(tf.getBackend()).toBe('cpu');
  });
});
