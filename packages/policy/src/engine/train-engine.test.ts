import * as tf from '@tensorflow/tfjs';
import { Rng, actorLoss, resolveActorLossConfig } from '@prorl/rl-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveModelConfig } from '../model/config.js';
import { ParamLayout } from '../model/params.js';
import { PolicyInputError } from '../onnx/feeds.js';
import { AdamW } from '../optim/adamw.js';
import { initTfBackend } from '../tf/backend.js';
import { TfTransformer } from '../tf/model.js';
import { OrtTrainer } from './train-engine.js';

beforeAll(async () => {
  await initTfBackend({ backend: 'cpu', log: false });
});

describe('OrtTrainer', () => {
  it('one AdamW step on rl-core actor-loss coefficients moves the weights like the tfjs reference step', async () => {
    const cfg = resolveModelConfig({ vocabSize: 11, dModel: 16, nHeads: 2, nLayers: 2, maxSeqLen: 16, mlp: 'swiglu' });
    const layout = new ParamLayout(cfg);
    const rng = new Rng(4);
    const params = layout.init(rng);
    for (let i = 0; i < params.length; i++) params[i]! += 0.1 * rng.normal();
    const B = 3;
    const T = 6;
    const ids = Array.from({ length: B * T }, () => rng.int(cfg.vocabSize));
    const attnMask = Array.from({ length: B * T }, (_, i) => (i === 2 * T ? 0 : 1)); // row 2 left-padded
    const respMask = Array.from({ length: B * T }, (_, i) => (i % T >= 3 && attnMask[i] === 1 ? 1 : 0));
    const rows = (xs: ArrayLike<number>) => Array.from({ length: B }, (_, b) => Array.from(xs).slice(b * T, (b + 1) * T));

    const model = new TfTransformer(cfg, params);
    const before = tf.memory().numTensors;
    const logProb = model.tokenLogProbs(rows(ids), { attnMask: rows(attnMask) });
    const lp = Float64Array.from(logProb.dataSync());
    logProb.dispose();
    const loss = actorLoss(
      {
        dims: { B, T },
        oldLogProb: lp.map((x) => x + 0.05 * rng.normal()),
        logProb: lp,
        refLogProb: lp.map((x) => x + 0.1 * rng.normal()),
        advantages: Float64Array.from({ length: B * T }, (_, i) => (Math.floor(i / T) === 1 ? -1 : 1)),
        mask: respMask,
      },
      resolveActorLossConfig({ klCoef: 0.1 }),
    );
    const coef = Float32Array.from(loss.gradLogProbs);
    expect(coef.some((c) => c !== 0)).toBe(true);

    // Reference: tfjs gradient + AdamW on a copy.
    const ref = model.coefGradients(rows(ids), coef, { attnMask: rows(attnMask) });
    expect(tf.memory().numTensors).toBe(before);
    const refParams = params.slice();
    const adamCfg = { lr: 1e-2, weightDecay: 0.1, beta2: 0.95 };
    new AdamW(layout.totalSize, adamCfg).update(refParams, ref.grads);
    model.dispose();

    // ORT: bucketed (T 6→8, B 3→4) and chunked (2 rows per run).
    const trainer = new OrtTrainer(cfg, params, new AdamW(layout.totalSize, adamCfg), { lengthBucket: 8, batchBucket: 2, maxTokensPerRun: 16 });
    const r = await trainer.step({ B, T, ids, coef, attnMask });
    expect(Math.abs(r.objective - ref.loss)).toBeLessThan(1e-5 * (1 + Math.abs(ref.loss)));
    for (let i = 0; i < B * T; i++) if (respMask[i]) expect(Math.abs(r.logp[i]! - lp[i]!)).toBeLessThan(1e-5);
    let worst = 0;
    for (let i = 0; i < params.length; i++) worst = Math.max(worst, Math.abs(params[i]! - refParams[i]!));
    expect(worst).toBeLessThan(1e-4); // lr = 1e-2: the step itself is ~1e-2 per weight
    // And the step did move the weights.
    const initial = layout.init(new Rng(4));
    expect(params.some((x, i) => Math.abs(x - initial[i]!) > 1e-3)).toBe(true);
    await trainer.release();
  });

  it('learns a copy task to near-zero loss (SFT coefficients)', async () => {
    const K = 4; // symbols to copy
    const S = 6; // alphabet; token S = separator
    const cfg = resolveModelConfig({ vocabSize: S + 1, dModel: 32, nHeads: 2, nLayers: 2, maxSeqLen: 16, mlp: 'swiglu' });
    const layout = new ParamLayout(cfg);
    const rng = new Rng(1);
    const params = layout.init(rng);
    const trainer = new OrtTrainer(cfg, params, new AdamW(layout.totalSize, { lr: 1e-2, weightDecay: 0 }), { lengthBucket: 16 });
    const B = 32;
    const T = 2 * K + 1;
    const coef = new Float32Array(B * T);
    for (let b = 0; b < B; b++) for (let t = K + 1; t < T; t++) coef[b * T + t] = -1 / (B * K);
    let loss = Infinity;
    let steps = 0;
    while (steps < 400 && loss > 0.02) {
      const ids: number[] = [];
      for (let b = 0; b < B; b++) {
        const xs = Array.from({ length: K }, () => rng.int(S));
        ids.push(...xs, S, ...xs);
      }
      loss = (await trainer.step({ B, T, ids, coef })).objective;
      steps++;
    }
    expect(loss).toBeLessThan(0.05);
    await trainer.release();
  });

  it('rejects bad input with typed errors', async () => {
    const cfg = resolveModelConfig({ vocabSize: 5, dModel: 8, nHeads: 2, nLayers: 1, maxSeqLen: 4 });
    const params = new ParamLayout(cfg).init(new Rng(0));
    expect(() => new OrtTrainer(cfg, params.subarray(1))).toThrow(PolicyInputError);
    const t = new OrtTrainer(cfg, params);
    await expect(t.gradients({ B: 1, T: 2, ids: [1, 5], coef: [0, 1] })).rejects.toThrow(/token id/);
    await expect(t.gradients({ B: 1, T: 5, ids: [1, 1, 1, 1, 1], coef: [0, 1, 1, 1, 1] })).rejects.toThrow(/maxSeqLen/);
    await expect(t.gradients({ B: 1, T: 2, ids: [1, 2], coef: [0] })).rejects.toThrow(/coef/);
    await expect(t.gradients({ B: 1, T: 2, ids: [1, 2], coef: [0, NaN] })).rejects.toThrow(/NaN/);
    await expect(t.step({ B: 1, T: 2, ids: [1, 2], coef: [0, 1] })).rejects.toThrow(/optimizer/);
    await t.release();
  });
});
