/**
 * `measurePolicySpeed`: plain numbers for the benchmark app (apps/bench). Train step = ONNX
 * forward+backward (`OrtTrainer.gradients`) + AdamW over the flat buffer; rollout = batched sampling
 * with the KV cache. Runs in the calling thread (it blocks the event loop while measuring).
 *
 * Defaults follow DESIGN.md §2 / the ORT training probe: ~0.8M params (V64 D128 H4 L4) and ~11M
 * params (V512 D384 H6 L6), 2048 tokens per step (B32 × T64); rollouts at batch 64 × 128 new
 * tokens on the small model. Timings are medians over `repeats` after `warmup` runs.
 */
import { Rng } from '@prorl/rl-core';
import { type ModelConfig, resolveModelConfig } from '../model/config.js';
import { ParamLayout } from '../model/params.js';
import { ortVersion } from '../onnx/ort.js';
import { AdamW } from '../optim/adamw.js';
import { OrtRolloutEngine } from './rollout.js';
import { OrtTrainer } from './train-engine.js';

export interface PolicySpeedOptions {
  train: { label: string; config: Partial<ModelConfig> }[];
  /** Tokens per training step (B = tokensPerStep / trainSeqLen). Default 2048. */
  tokensPerStep: number;
  /** Default 64. */
  trainSeqLen: number;
  rollout: { label: string; config: Partial<ModelConfig>; batch: number; promptLen: number; newTokens: number } | null;
  warmup: number;
  repeats: number;
  /** ORT intra-op threads. Default 2. */
  threads: number;
  seed: number;
}

export const DEFAULT_POLICY_SPEED_OPTIONS: PolicySpeedOptions = {
  train: [
    { label: '~1M', config: { vocabSize: 64, dModel: 128, nHeads: 4, nLayers: 4, maxSeqLen: 256 } },
    { label: '~10M', config: { vocabSize: 512, dModel: 384, nHeads: 6, nLayers: 6, maxSeqLen: 256 } },
  ],
  tokensPerStep: 2048,
  trainSeqLen: 64,
  rollout: { label: '~1M', config: { vocabSize: 64, dModel: 128, nHeads: 4, nLayers: 4, maxSeqLen: 256 }, batch: 64, promptLen: 16, newTokens: 128 },
  warmup: 1,
  repeats: 3,
  threads: 2,
  seed: 0,
};

export interface TrainSpeed {
  label: string;
  params: number;
  tokensPerStep: number;
  /** Median full step (graph + AdamW), ms. */
  stepMs: number;
  /** Median `session.run` part (forward + backward + output copy), ms. */
  gradMs: number;
  /** Median AdamW part, ms. */
  optimizerMs: number;
  stepMsAll: number[];
}

export interface RolloutSpeed {
  label: string;
  params: number;
  batch: number;
  newTokens: number;
  /** Median generated tokens per second (batch × newTokens / wall time). */
  tokensPerSec: number;
  secondsAll: number[];
}

export interface PolicySpeedResult {
  ortVersion: string;
  threads: number;
  train: TrainSpeed[];
  rollout: RolloutSpeed | null;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export async function measurePolicySpeed(partial: Partial<PolicySpeedOptions> = {}): Promise<PolicySpeedResult> {
  const o: PolicySpeedOptions = { ...DEFAULT_POLICY_SPEED_OPTIONS, ...partial };
  const session = { intraOpNumThreads: o.threads };
  const train: TrainSpeed[] = [];
  for (const t of o.train) {
    const cfg = resolveModelConfig(t.config);
    const layout = new ParamLayout(cfg);
    const rng = new Rng(o.seed);
    const params = layout.init(rng);
    const opt = new AdamW(layout.totalSize, { lr: 1e-4 });
    const T = Math.min(o.trainSeqLen, cfg.maxSeqLen);
    const B = Math.max(1, Math.round(o.tokensPerStep / T));
    const trainer = new OrtTrainer(cfg, params, opt, { session, batchBucket: 1, lengthBucket: 1, maxTokensPerRun: B * T });
    const ids = Array.from({ length: B * T }, () => rng.int(cfg.vocabSize));
    const coef = new Float32Array(B * T).fill(-1 / (B * T));
    const steps: number[] = [];
    const grads: number[] = [];
    const opts: number[] = [];
    try {
      for (let i = 0; i < o.warmup + o.repeats; i++) {
        const t0 = performance.now();
        const r = await trainer.gradients({ B, T, ids, coef });
        const t1 = performance.now();
        opt.update(params, r.grads);
        const t2 = performance.now();
        if (i >= o.warmup) {
          grads.push(t1 - t0);
          opts.push(t2 - t1);
          steps.push(t2 - t0);
        }
      }
    } finally {
      await trainer.release();
    }
    train.push({ label: t.label, params: layout.totalSize, tokensPerStep: B * T, stepMs: median(steps), gradMs: median(grads), optimizerMs: median(opts), stepMsAll: steps });
  }

  let rollout: RolloutSpeed | null = null;
  if (o.rollout) {
    const r = o.rollout;
    const cfg = resolveModelConfig(r.config);
    const layout = new ParamLayout(cfg);
    const rng = new Rng(o.seed + 1);
    const params = layout.init(rng);
    const engine = new OrtRolloutEngine(cfg, params, { session, promptBucket: 1 });
    const prompts = Array.from({ length: r.batch }, () => Array.from({ length: r.promptLen }, () => rng.int(cfg.vocabSize)));
    const secs: number[] = [];
    try {
      for (let i = 0; i < o.warmup + o.repeats; i++) {
        const t0 = performance.now();
        await engine.generate({ prompts, seeds: prompts.map((_, b) => o.seed + b + i), sampling: { maxNewTokens: r.newTokens, temperature: 1 } });
        if (i >= o.warmup) secs.push((performance.now() - t0) / 1000);
      }
    } finally {
      await engine.release();
    }
    rollout = { label: r.label, params: layout.totalSize, batch: r.batch, newTokens: r.newTokens, tokensPerSec: (r.batch * r.newTokens) / median(secs), secondsAll: secs };
  }
  return { ortVersion: ortVersion(), threads: o.threads, train, rollout };
}
