/**
 * Our side of `perf policy`, through @prorl/policy's public API: `OrtTrainer` (ONNX forward+backward)
 * + `AdamW` over the flat buffer for a training step, `OrtRolloutEngine` (KV cache) for sampling.
 * Settings follow the policy package's own `measurePolicySpeed`: no batch/length padding buckets,
 * one run per step, 2 ORT threads. Objects are kept between calls so adjacent pairs reuse warm sessions.
 */
import { performance } from 'node:perf_hooks';
import { AdamW, OrtRolloutEngine, OrtTrainer, ParamLayout, resolveModelConfig, type ModelConfig } from '@prorl/policy';
import { Rng } from '@prorl/rl-core';
import { median } from '../timing.js';

export interface OurTrainTiming {
  params: number;
  stepMs: number[];
  medianStepMs: number;
}

export interface OurRolloutTiming {
  params: number;
  ms: number[];
  medianMs: number;
  tokensPerS: number;
}

interface TrainerEntry {
  trainer: OrtTrainer;
  params: Float32Array;
  ids: number[];
  coef: Float32Array;
  B: number;
  T: number;
}

export class OurPolicyBench {
  private train: { key: string; entry: TrainerEntry } | undefined;
  private rollout: { key: string; engine: OrtRolloutEngine; prompts: number[][]; params: number } | undefined;

  constructor(private readonly seed: number) {}

  /** `steps` timed training steps (after `warmup` untimed) at [B,T]; returns every step's wall time. */
  async trainSteps(partial: Partial<ModelConfig>, B: number, T: number, steps: number, warmup: number): Promise<OurTrainTiming> {
    const cfg = resolveModelConfig(partial);
    const key = JSON.stringify([cfg, B, T]);
    if (this.train?.key !== key) {
      await this.releaseTrain();
      const layout = new ParamLayout(cfg);
      const rng = new Rng(this.seed);
      const params = layout.init(rng);
      const opt = new AdamW(layout.totalSize, { lr: 1e-3 });
      const trainer = new OrtTrainer(cfg, params, opt, { session: { intraOpNumThreads: 2 }, batchBucket: 1, lengthBucket: 1, maxTokensPerRun: B * T });
      const ids = Array.from({ length: B * T }, () => rng.int(cfg.vocabSize));
      // Masked mean next-token cross-entropy, as the peer: coef = −1/(B·(T−1)) on every token but the first.
      const coef = new Float32Array(B * T);
      for (let b = 0; b < B; b++) for (let t = 1; t < T; t++) coef[b * T + t] = -1 / (B * (T - 1));
      this.train = { key, entry: { trainer, params, ids, coef, B, T } };
    }
    const e = this.train.entry;
    const times: number[] = [];
    for (let i = 0; i < warmup + steps; i++) {
      const t0 = performance.now();
      await e.trainer.step({ B: e.B, T: e.T, ids: e.ids, coef: e.coef });
      if (i >= warmup) times.push(performance.now() - t0);
    }
    return { params: e.params.length, stepMs: times, medianStepMs: median(times) };
  }

  /** Batched sampling (temperature 1) of `newTokens` after `promptLen`-token prompts, with the KV cache. */
  async rolloutRuns(partial: Partial<ModelConfig>, batch: number, promptLen: number, newTokens: number, reps: number, warmup: number): Promise<OurRolloutTiming> {
    const cfg = resolveModelConfig(partial);
    const key = JSON.stringify([cfg, batch, promptLen]);
    if (this.rollout?.key !== key) {
      await this.releaseRollout();
      const layout = new ParamLayout(cfg);
      const rng = new Rng(this.seed + 1);
      const params = layout.init(rng);
      const engine = new OrtRolloutEngine(cfg, params, { session: { intraOpNumThreads: 2 }, promptBucket: 1 });
      const prompts = Array.from({ length: batch }, () => Array.from({ length: promptLen }, () => rng.int(cfg.vocabSize)));
      this.rollout = { key, engine, prompts, params: layout.totalSize };
    }
    const r = this.rollout;
    const ms: number[] = [];
    for (let i = 0; i < warmup + reps; i++) {
      const t0 = performance.now();
      await r.engine.generate({ prompts: r.prompts, seeds: r.prompts.map((_, b) => this.seed * 1000 + b + i), sampling: { maxNewTokens: newTokens, temperature: 1 } });
      if (i >= warmup) ms.push(performance.now() - t0);
    }
    const med = median(ms);
    return { params: r.params, ms, medianMs: med, tokensPerS: (batch * newTokens) / (med / 1000) };
  }

  private async releaseTrain(): Promise<void> {
    const t = this.train;
    this.train = undefined;
    if (t) await t.entry.trainer.release();
  }

  private async releaseRollout(): Promise<void> {
    const r = this.rollout;
    this.rollout = undefined;
    if (r) await r.engine.release();
  }

  async release(): Promise<void> {
    await this.releaseTrain();
    await this.releaseRollout();
  }
}
