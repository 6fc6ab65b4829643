import { Rng } from '@prorl/rl-core';
import { describe, expect, it } from 'vitest';
import { resolveModelConfig } from '../model/config.js';
import { ParamLayout } from '../model/params.js';
import { PolicyInputError } from '../onnx/feeds.js';
import { buildForwardGraph } from '../onnx/model-graph.js';
import { buildOptimumDecoderGraph } from '../onnx/optimum-export.js';
import { OptimumRolloutEngine } from './optimum-rollout.js';
import { OrtRolloutEngine } from './rollout.js';

describe('OptimumRolloutEngine (Hugging Face Optimum decoder-with-past layout)', () => {
  it('our model exported in the Optimum layout generates what our KV engine generates', async () => {
    const cfg = resolveModelConfig({ vocabSize: 19, dModel: 16, nHeads: 2, nLayers: 2, maxSeqLen: 32, mlp: 'swiglu' });
    const layout = new ParamLayout(cfg);
    const rng = new Rng(8);
    const w = new Float32Array(layout.totalSize);
    for (const e of layout.entries) for (let i = 0; i < e.size; i++) w[e.offset + i] = e.init === 'ones' ? 1 : 0.5 * rng.normal();
    const hf = await OptimumRolloutEngine.create(buildOptimumDecoderGraph(cfg, w).encode(), { kvHeads: cfg.nHeads, headDim: cfg.dModel / cfg.nHeads, maxSeqLen: cfg.maxSeqLen });
    expect(hf.nLayers).toBe(2);
    const ours = new OrtRolloutEngine(cfg, w, { promptBucket: 4 });
    const prompts = [[1, 2, 3], [4, 5, 6, 7, 8], [9]];
    for (const sampling of [{ maxNewTokens: 7, temperature: 0 }, { maxNewTokens: 7, temperature: 1, topP: 0.9, stopTokens: [3] }]) {
      const a = await hf.generate({ prompts, seeds: [1, 2, 3], sampling });
      const b = await ours.generate({ prompts, seeds: [1, 2, 3], sampling });
      expect(a.tokens).toEqual(b.tokens);
      expect(a.finishReasons).toEqual(b.finishReasons);
      a.logProbs.forEach((row, i) => row.forEach((x, j) => expect(Math.abs(x - b.logProbs[i]![j]!)).toBeLessThan(1e-4)));
    }
    await expect(hf.generate({ prompts: [[1]], seeds: [0], sampling: { maxNewTokens: 40 } })).rejects.toThrow(PolicyInputError);
    await hf.release();
    await ours.release();
  });

  it('rejects a model that is not in the Optimum layout', async () => {
    const cfg = resolveModelConfig({ vocabSize: 7, dModel: 8, nHeads: 2, nLayers: 1, maxSeqLen: 8 });
    const bytes = buildForwardGraph(cfg, { batch: 1, seqLen: 2 }).encode();
    await expect(OptimumRolloutEngine.create(bytes, { kvHeads: 2, headDim: 4 })).rejects.toThrow(/Optimum/);
  });
});
