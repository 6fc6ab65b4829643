// float32 ONNX graphs (2 threads) vs the tfjs reference model: logits and the gradient of every
// weight, the embedding included (repeated ids: a ScatterND(add) embedding gradient would race here).
import * as tf from '@tensorflow/tfjs';
import { Rng } from '@prorl/rl-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ModelConfig, resolveModelConfig } from '../model/config.js';
import { ParamLayout } from '../model/params.js';
import { initTfBackend } from '../tf/backend.js';
import { TfTransformer } from '../tf/model.js';
import { int64, positionsFromMask, weightFeeds } from './feeds.js';
import { buildForwardGraph, buildTrainingGraph } from './model-graph.js';
import { OrtSession } from './ort.js';

const B = 3;
const T = 7;

beforeAll(async () => {
  await initTfBackend({ backend: 'cpu', log: false });
});

function setup(over: Partial<ModelConfig>, seed: number) {
  const cfg = resolveModelConfig({ vocabSize: 9, dModel: 16, nHeads: 2, nLayers: 2, dFF: 24, maxSeqLen: 12, ...over });
  const layout = new ParamLayout(cfg);
  const rng = new Rng(seed);
  const w = new Float32Array(layout.totalSize);
  for (const e of layout.entries) for (let i = 0; i < e.size; i++) w[e.offset + i] = e.init === 'ones' ? 1 + 0.3 * rng.normal() : 0.3 * rng.normal();
  const ids = Array.from({ length: B * T }, () => rng.int(cfg.vocabSize));
  const mask = Array.from({ length: B * T }, (_, i) => ((i === T || i === T + 1 || i === 2 * T) ? 0 : 1)); // left padding in rows 1, 2
  const positions = Array.from(positionsFromMask(mask, B, T));
  const coef = Float32Array.from({ length: B * T }, (_, i) => (mask[i] === 0 || (i % T > 0 && mask[i - 1] === 0) ? 0 : rng.normal()));
  const rows = (xs: ArrayLike<number>) => Array.from({ length: B }, (_, b) => Array.from(xs).slice(b * T, (b + 1) * T));
  return { cfg, layout, w, ids, mask, positions, coef, rows };
}

const relL2 = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - b[i]!) ** 2;
    den += b[i]! ** 2;
  }
  return Math.sqrt(num / Math.max(den, 1e-30));
};

describe('float32 ONNX graphs vs tfjs reference', () => {
  const cases: Partial<ModelConfig>[] = [
    { mlp: 'swiglu', tieEmbeddings: false },
    { mlp: 'gelu', tieEmbeddings: true },
  ];
  for (const over of cases) {
    it(`logits and all weight gradients (${over.mlp}, tied=${over.tieEmbeddings})`, async () => {
      const d = setup(over, 11);
      const data = {
        ids: { data: int64(d.ids), dims: [B, T] },
        positions: { data: int64(d.positions), dims: [B, T] },
        attn_mask: { data: Float32Array.from(d.mask), dims: [B, T] },
      };
      const fs = await OrtSession.create(buildForwardGraph(d.cfg, { batch: B, seqLen: T }, { logits: true, logp: true }).encode(), { intraOpNumThreads: 2 });
      const ts = await OrtSession.create(buildTrainingGraph(d.cfg, { batch: B, seqLen: T }).encode(), { intraOpNumThreads: 2 });
      const fwd = await fs.run({ ...weightFeeds(d.layout, d.w), ...data });
      const model = new TfTransformer(d.cfg, d.w);
      const before = tf.memory().numTensors;
      const opts = { positions: d.rows(d.positions), attnMask: d.rows(d.mask) };
      const tfLogitsT = model.forward(d.rows(d.ids), opts);
      const tfLogits = tfLogitsT.dataSync();
      tfLogitsT.dispose();
      const V = d.cfg.vocabSize;
      const ortLogits = fwd.logits as Float32Array;
      let maxDiff = 0;
      for (let i = 0; i < B * T; i++) {
        if (d.mask[i] === 0) continue; // padded queries attend to nothing real
        for (let v = 0; v < V; v++) maxDiff = Math.max(maxDiff, Math.abs(ortLogits[i * V + v]! - tfLogits[i * V + v]!));
      }
      expect(maxDiff).toBeLessThan(1e-4);

      const ref = model.coefGradients(d.rows(d.ids), d.coef, opts);
      expect(tf.memory().numTensors).toBe(before);
      // Several runs on 2 threads: the embedding gradient must be right every time (no scatter race).
      for (let rep = 0; rep < 3; rep++) {
        const out = await ts.run({ ...weightFeeds(d.layout, d.w), ...data, coef: { data: d.coef, dims: [B, T] } });
        expect(Math.abs((out.objective![0] as number) - ref.loss)).toBeLessThan(1e-4 * (1 + Math.abs(ref.loss)));
        const lp = out.logp as Float32Array;
        for (let i = 0; i < B * T; i++) if (d.coef[i] !== 0) expect(Math.abs(lp[i]! - ref.logProbs[i]!)).toBeLessThan(1e-4);
        for (const e of d.layout.entries) {
          const gOrt = out[`grad.${e.name}`] as Float32Array;
          const gRef = ref.grads.subarray(e.offset, e.offset + e.size);
          expect(gOrt.length).toBe(e.size);
          expect(relL2(gOrt, gRef), e.name).toBeLessThan(1e-4);
        }
      }
      // Entropy bonus as a coefficient: objective += Σ entCoef·entropy.
      const entCoef = Float32Array.from(d.coef, (c) => 0.5 * c);
      const refE = model.coefGradients(d.rows(d.ids), d.coef, { ...opts, entropyCoef: entCoef });
      const es = await OrtSession.create(buildTrainingGraph(d.cfg, { batch: B, seqLen: T, entropyCoef: true }).encode(), { intraOpNumThreads: 2 });
      const oe = await es.run({ ...weightFeeds(d.layout, d.w), ...data, coef: { data: d.coef, dims: [B, T] }, ent_coef: { data: entCoef, dims: [B, T] } });
      expect(Math.abs((oe.objective![0] as number) - refE.loss)).toBeLessThan(1e-4 * (1 + Math.abs(refE.loss)));
      for (const e of d.layout.entries) {
        expect(relL2(oe[`grad.${e.name}`] as Float32Array, refE.grads.subarray(e.offset, e.offset + e.size)), `${e.name} (entropy)`).toBeLessThan(1e-4);
      }
      expect(relL2(refE.grads, ref.grads)).toBeGreaterThan(1e-3); // the entropy term changed the gradient
      model.dispose();
      await es.release();
      await fs.release();
      await ts.release();
    });
  }
});
