import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '@prorl/rl-core';
import { resolveModelConfig } from '../model/config.js';
import { AdamW } from '../optim/adamw.js';
import { decayMaskFromLayout } from '../optim/decay-mask.js';
import { initTfBackend } from './backend.js';
import { TfTransformer } from './model.js';
import { tfTrainStep } from './train-step.js';

beforeAll(async () => {
  await initTfBackend({ backend: 'wasm', log: false });
});

/** Copy task: [BOS, a1..aK, SEP, a1..aK]; symbols 2..V-1; loss on the copied half. */
function copyBatch(rng: Rng, B: number, K: number, V: number) {
  const T = 2 * K + 2;
  const ids: number[][] = [];
  const lossMask = new Float32Array(B * T);
  for (let b = 0; b < B; b++) {
    const s = Array.from({ length: K }, () => 2 + rng.int(V - 2));
    ids.push([0, ...s, 1, ...s]);
    for (let t = K + 2; t < T; t++) lossMask[b * T + t] = 1;
  }
  return { ids, lossMask };
}

describe('tfTrainStep', () => {
  it('a tiny model learns to copy short sequences to near-zero loss', () => {
    const V = 8;
    const K = 4;
    const cfg = resolveModelConfig({ vocabSize: V, dModel: 32, nHeads: 2, nLayers: 2, maxSeqLen: 2 * K + 2 });
    const model = TfTransformer.init(cfg, new Rng(0));
    const opt = new AdamW(model.layout.totalSize, { lr: 1e-2, weightDecay: 0.01 }, decayMaskFromLayout(model.layout));
    const rng = new Rng(1);
    const n0 = tf.memory().numTensors;
    let first = 0;
    let loss = 0;
    for (let step = 0; step < 300; step++) {
      const r = tfTrainStep(model, { kind: 'cross-entropy', ...copyBatch(rng, 32, K, V) }, opt, { maxGradNorm: 1 });
      if (step === 0) first = r.loss;
      loss = r.loss;
      if (loss < 0.02) break;
    }
    expect(tf.memory().numTensors).toBe(n0);
    expect(first).toBeGreaterThan(1.5); // ~ln 6 at init
    expect(loss).toBeLessThan(0.05);
    model.dispose();
  });

  it('coef batches follow d loss / d logp: a positive coefficient lowers that token log-prob', () => {
    const cfg = resolveModelConfig({ vocabSize: 6, dModel: 8, nHeads: 2, nLayers: 1, maxSeqLen: 4 });
    const model = TfTransformer.init(cfg, new Rng(3));
    const opt = new AdamW(model.layout.totalSize, { lr: 1e-2, weightDecay: 0 });
    const ids = [[0, 3, 4]];
    const lp = (m: TfTransformer) => {
      const t = m.tokenLogProbs(ids);
      const v = t.dataSync()[2]!;
      t.dispose();
      return v;
    };
    const before = lp(model);
    const r = tfTrainStep(model, { kind: 'coef', ids, coef: [0, 0, 1] }, opt);
    expect(r.loss).toBeCloseTo(before, 5);
    expect(r.step).toBe(1);
    expect(lp(model)).toBeLessThan(before - 1e-3);
    model.dispose();
  });

  it('rejects an all-zero loss mask and a mismatched optimizer', () => {
    const cfg = resolveModelConfig({ vocabSize: 6, dModel: 8, nHeads: 2, nLayers: 1, maxSeqLen: 4 });
    const model = TfTransformer.init(cfg, new Rng(3));
    expect(() => tfTrainStep(model, { kind: 'cross-entropy', ids: [[0, 1]], lossMask: [0, 0] }, new AdamW(model.layout.totalSize))).toThrow(/lossMask/);
    expect(() => tfTrainStep(model, { kind: 'cross-entropy', ids: [[0, 1]], lossMask: [0, 1] }, new AdamW(3))).toThrow(/AdamW/);
    model.dispose();
  });
});
