import { Rng } from '@prorl/rl-core';
import { describe, expect, it } from 'vitest';
import { resolveModelConfig } from '../model/config.js';
import { ParamLayout } from '../model/params.js';
import { PolicyInputError } from '../onnx/feeds.js';
import { OrtScorer } from './scorer.js';
import { OrtTrainer } from './train-engine.js';

describe('OrtScorer', () => {
  it('gives the training graph log-probs and entropies, per weights passed, through bucketing and chunking', async () => {
    const cfg = resolveModelConfig({ vocabSize: 11, dModel: 16, nHeads: 2, nLayers: 1, maxSeqLen: 16, mlp: 'gelu' });
    const layout = new ParamLayout(cfg);
    const rng = new Rng(6);
    const w1 = layout.init(rng);
    const w2 = layout.init(rng);
    const B = 5;
    const T = 7;
    const ids = Array.from({ length: B * T }, () => rng.int(cfg.vocabSize));
    const attnMask = Array.from({ length: B * T }, (_, i) => (i % T < (i < T ? 2 : 0) ? 0 : 1));
    const coef = new Float32Array(B * T);
    const scorer = new OrtScorer(cfg, { lengthBucket: 4, batchBucket: 2, maxTokensPerRun: 16 });
    for (const w of [w1, w2]) {
      const s = await scorer.score(w, { B, T, ids, attnMask });
      const trainer = new OrtTrainer(cfg, w);
      const g = await trainer.gradients({ B, T, ids, attnMask, coef });
      await trainer.release();
      for (let i = 0; i < B * T; i++) {
        expect(Math.abs(s.logp[i]! - g.logp[i]!)).toBeLessThan(1e-5);
        expect(Math.abs(s.entropy[i]! - g.entropy[i]!)).toBeLessThan(1e-5);
      }
    }
    const a = await scorer.score(w1, { B, T, ids, attnMask });
    const b = await scorer.score(w2, { B, T, ids, attnMask });
    expect(a.logp).not.toEqual(b.logp);
    await expect(scorer.score(w1, { B: 1, T: 2, ids: [0, 11] })).rejects.toThrow(PolicyInputError);
    await expect(scorer.score(w1.subarray(2), { B: 1, T: 2, ids: [0, 1] })).rejects.toThrow(/weights/);
    await scorer.release();
  });
});
