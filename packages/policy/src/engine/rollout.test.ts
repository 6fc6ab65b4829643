import * as tf from '@tensorflow/tfjs';
import { Rng } from '@prorl/rl-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveModelConfig } from '../model/config.js';
import { ParamLayout } from '../model/params.js';
import { PolicyInputError, int64, positionsFromMask, weightFeeds } from '../onnx/feeds.js';
import { buildForwardGraph } from '../onnx/model-graph.js';
import { OrtSession } from '../onnx/ort.js';
import { initTfBackend } from '../tf/backend.js';
import { TfTransformer } from '../tf/model.js';
import { OrtRolloutEngine } from './rollout.js';

const cfg = resolveModelConfig({ vocabSize: 17, dModel: 16, nHeads: 2, nLayers: 2, maxSeqLen: 24, mlp: 'gelu', tieEmbeddings: true });
const layout = new ParamLayout(cfg);
const rng = new Rng(21);
const w = new Float32Array(layout.totalSize);
for (const e of layout.entries) for (let i = 0; i < e.size; i++) w[e.offset + i] = e.init === 'ones' ? 1 : 0.5 * rng.normal();
const prompts = [[1, 2, 3], [4, 5, 6, 7, 8, 9], [10]];
let engine: OrtRolloutEngine;

beforeAll(async () => {
  await initTfBackend({ backend: 'cpu', log: false });
  engine = new OrtRolloutEngine(cfg, w, { promptBucket: 4 });
});
afterAll(async () => {
  await engine.release();
});

describe('OrtRolloutEngine', () => {
  it('is deterministic per seed and its log-probs equal the full-forward log-probs', async () => {
    const req = { prompts, seeds: [1, 2, 3], sampling: { maxNewTokens: 8, temperature: 1.3, topK: 10 } };
    const a = await engine.generate(req);
    const b = await engine.generate(req);
    expect(b).toEqual(a);
    const c = await engine.generate({ ...req, seeds: [7, 8, 9] });
    expect(c.tokens).not.toEqual(a.tokens);
    expect(a.finishReasons).toEqual(['length', 'length', 'length']);
    expect(a.tokens.every((t) => t.length === 8)).toBe(true);

    // Full forward over left-padded prompt + response: logp at the response positions.
    const B = prompts.length;
    const seqs = prompts.map((p, i) => [...p, ...a.tokens[i]!]);
    const T = Math.max(...seqs.map((s) => s.length));
    const ids = new Array<number>(B * T).fill(0);
    const mask = new Array<number>(B * T).fill(0);
    seqs.forEach((s, bi) => s.forEach((t, j) => {
      ids[bi * T + T - s.length + j] = t;
      mask[bi * T + T - s.length + j] = 1;
    }));
    const fs = await OrtSession.create(buildForwardGraph(cfg, { batch: B, seqLen: T }, { logp: true }).encode());
    const lp = (await fs.run({
      ...weightFeeds(layout, w),
      ids: { data: int64(ids), dims: [B, T] },
      positions: { data: int64(positionsFromMask(mask, B, T)), dims: [B, T] },
      attn_mask: { data: Float32Array.from(mask), dims: [B, T] },
    })).logp as Float32Array;
    await fs.release();
    for (let bi = 0; bi < B; bi++) {
      a.logProbs[bi]!.forEach((x, j) => expect(Math.abs(x - lp[bi * T + T - 8 + j]!)).toBeLessThan(1e-4));
    }
  });

  it('greedy decoding equals a greedy decode through the tfjs model', async () => {
    const n = 6;
    const out = await engine.generate({ prompts, seeds: [0, 0, 0], sampling: { maxNewTokens: n, temperature: 0 } });
    const model = new TfTransformer(cfg, w);
    const before = tf.memory().numTensors;
    for (let bi = 0; bi < prompts.length; bi++) {
      const seq = [...prompts[bi]!];
      for (let j = 0; j < n; j++) {
        const next = tf.tidy(() => model.forward([seq]).slice([0, seq.length - 1, 0], [1, 1, cfg.vocabSize]).argMax(-1).dataSync()[0]!);
        seq.push(next);
      }
      expect(out.tokens[bi]).toEqual(seq.slice(prompts[bi]!.length));
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('gives the same tokens and log-probs whatever the cache growth chunk (in-place regrowth)', async () => {
    const req = { prompts, seeds: [4, 5, 6], sampling: { maxNewTokens: 12, temperature: 1.1 } };
    const whole = await engine.generate(req); // chunk 32 ≥ C: one capacity, no regrowth
    for (const cacheChunk of [1, 3]) {
      const e = new OrtRolloutEngine(cfg, w, { promptBucket: 4, cacheChunk });
      const r = await e.generate(req);
      await e.release();
      expect(r.tokens).toEqual(whole.tokens);
      r.logProbs.forEach((row, b) => row.forEach((x, j) => expect(Math.abs(x - whole.logProbs[b]![j]!)).toBeLessThan(1e-5)));
    }
    expect(() => new OrtRolloutEngine(cfg, w, { cacheChunk: 0 })).toThrow(PolicyInputError);
  });

  it('drops finished rows from the computed batch without changing any row (compaction)', async () => {
    const many = [...prompts, [2, 4], [6, 8, 10, 12], [1], [3, 5, 7]];
    const req = { prompts: many, seeds: many.map((_, i) => 30 + i), sampling: { maxNewTokens: 10, temperature: 1.4, stopTokens: [0, 1, 2, 3] } };
    const never = new OrtRolloutEngine(cfg, w, { promptBucket: 4, compactFraction: 2 });
    const eager = new OrtRolloutEngine(cfg, w, { promptBucket: 4, compactFraction: 0, cacheChunk: 2 });
    const a = await never.generate(req);
    const b = await eager.generate(req);
    await Promise.all([never.release(), eager.release()]);
    // The test is only meaningful if rows finish at different steps.
    const lengths = new Set(a.tokens.map((t) => t.length));
    expect(a.finishReasons).toContain('stop');
    expect(lengths.size).toBeGreaterThan(2);
    expect(b.tokens).toEqual(a.tokens);
    expect(b.finishReasons).toEqual(a.finishReasons);
    b.logProbs.forEach((row, i) => row.forEach((x, j) => expect(Math.abs(x - a.logProbs[i]![j]!)).toBeLessThan(1e-5)));
  });

  it('stops at stop tokens, sees in-place weight updates, and rejects bad input', async () => {
    const greedy = await engine.generate({ prompts, seeds: [0, 0, 0], sampling: { maxNewTokens: 6, temperature: 0 } });
    const stopTok = greedy.tokens[0]![1]!;
    const s = await engine.generate({ prompts, seeds: [0, 0, 0], sampling: { maxNewTokens: 6, temperature: 0, stopTokens: [stopTok] } });
    expect(s.finishReasons[0]).toBe('stop');
    expect(s.tokens[0]).toEqual(greedy.tokens[0]!.slice(0, 2));
    for (let bi = 0; bi < 3; bi++) {
      const k = greedy.tokens[bi]!.indexOf(stopTok);
      expect(s.tokens[bi]).toEqual(k >= 0 ? greedy.tokens[bi]!.slice(0, k + 1) : greedy.tokens[bi]);
      expect(s.finishReasons[bi]).toBe(k >= 0 ? 'stop' : 'length');
    }

    const w2 = w.slice();
    const e2 = new OrtRolloutEngine(cfg, w2, { promptBucket: 4 });
    const r1 = await e2.generate({ prompts, seeds: [0, 0, 0], sampling: { maxNewTokens: 4 } });
    for (let i = 0; i < w2.length; i++) w2[i] = w2[i]! * -1.5; // in-place "training update"
    const r2 = await e2.generate({ prompts, seeds: [0, 0, 0], sampling: { maxNewTokens: 4 } });
    expect(r2.logProbs).not.toEqual(r1.logProbs);
    await e2.release();

    await expect(engine.generate({ prompts: [[1, 99]], seeds: [0] })).rejects.toThrow(PolicyInputError);
    await expect(engine.generate({ prompts: [[1, 2]], seeds: [0], sampling: { maxNewTokens: 23 } })).rejects.toThrow(/maxSeqLen/);
    await expect(engine.generate({ prompts: [[1, 2]], seeds: [0, 1] })).rejects.toThrow(/seeds/);
    expect(() => new OrtRolloutEngine(cfg, new Float32Array(3))).toThrow(PolicyInputError);
  });
});
