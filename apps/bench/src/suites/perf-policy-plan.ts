/**
 * What `perf policy` measures at each preset, and the FLOP count it rates steps with.
 *
 * Models (same definition on both sides, packages/policy/src/model/config.ts, SwiGLU, untied head):
 *   ~1M : V64  D128 H4 L4 (0.8M params; the probe's config (a))
 *   ~10M: V512 D384 H6 L6 (11M params; the probe's config (b))
 * Training steps use T = 64 and B = tokens / 64; the step-time-vs-tokens sweep runs on ~1M.
 * Rollouts: batch 64, prompt 16, 128 new tokens, temperature-1 sampling, KV cache, on ~1M.
 */
import type { ModelConfig } from '@prorl/policy';
import type { Preset } from '../report/types.js';

export interface PerfPolicyPlan {
  /** Adjacent pairs (ours, then torch) per measurement point. */
  pairs: number;
  /** Timed steps per side per pair (median taken); one untimed warm-up step precedes the first pair. */
  steps: number;
  /** Tokens per step of the sweep on ~1M (T = 64); must include `ratioTokens` (the ~1M ratio point). */
  sweepTokens: number[];
  /** Timed generate calls per side per pair. */
  rolloutReps: number;
  /** sgemm sizes and repetitions, measured at the start and the end of the window. */
  sgemmSizes: number[];
  sgemmReps: number;
  seqLen: number;
  seed: number;
  /** The ~1M and ~10M models, and the rollout shape (fixed by the presets; tests pass tiny ones). */
  small: Partial<ModelConfig>;
  large: Partial<ModelConfig>;
  rollout: { batch: number; promptLen: number; newTokens: number };
  /** Tokens per step of the ~1M / ~10M ratio points (2048; 512 at smoke). */
  ratioTokens: number;
}

export const SMALL_MODEL: Partial<ModelConfig> = { vocabSize: 64, dModel: 128, nHeads: 4, nLayers: 4, maxSeqLen: 256, mlp: 'swiglu', tieEmbeddings: false };
export const LARGE_MODEL: Partial<ModelConfig> = { vocabSize: 512, dModel: 384, nHeads: 6, nLayers: 6, maxSeqLen: 256, mlp: 'swiglu', tieEmbeddings: false };
export const ROLLOUT = { batch: 64, promptLen: 16, newTokens: 128 } as const;
export const RATIO_TOKENS = 2048;

export function perfPolicyPlan(preset: Preset): PerfPolicyPlan {
  const base = { seqLen: 64, seed: 1, small: SMALL_MODEL, large: LARGE_MODEL, rollout: { ...ROLLOUT }, ratioTokens: RATIO_TOKENS };
  switch (preset) {
    case 'smoke':
      // Checks the pipeline in seconds: the ~10M step at 512 tokens (not 2048) and a short rollout
      // (batch 16, 32 new tokens); the figures' labels carry these sizes.
      return { ...base, pairs: 1, steps: 1, sweepTokens: [128, 256, 512, 1024], ratioTokens: 512, rollout: { batch: 16, promptLen: 16, newTokens: 32 }, rolloutReps: 1, sgemmSizes: [1024], sgemmReps: 3 };
    case 'default':
      return { ...base, pairs: 5, steps: 3, sweepTokens: [512, 1024, 2048, 4096, 8192], rolloutReps: 1, sgemmSizes: [1024, 2048], sgemmReps: 5 };
    case 'full':
      return { ...base, pairs: 9, steps: 5, sweepTokens: [256, 512, 1024, 2048, 4096, 8192], rolloutReps: 2, sgemmSizes: [1024, 2048], sgemmReps: 7 };
    default: {
      const never: never = preset;
      throw new RangeError(`unknown preset ${String(never)}`);
    }
  }
}

/** Parameters that enter matmuls: per layer 4·D² + (3 for SwiGLU, 2 for GELU)·D·F, plus the head D·V. */
export function matmulParams(cfg: ModelConfig): number {
  const perLayer = 4 * cfg.dModel * cfg.dModel + (cfg.mlp === 'swiglu' ? 3 : 2) * cfg.dModel * cfg.dFF;
  return cfg.nLayers * perLayer + cfg.dModel * cfg.vocabSize;
}

/** FLOPs of one training step: 6·(matmul params)·B·T + 12·B·T²·D·L (research/ort-training-probe.md). */
export function trainStepFlops(cfg: ModelConfig, B: number, T: number): number {
  return 6 * matmulParams(cfg) * B * T + 12 * B * T * T * cfg.dModel * cfg.nLayers;
}
