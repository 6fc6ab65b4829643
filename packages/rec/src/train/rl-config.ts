/**
 * The typed config of ProRL-rec's RL stage (research/prorl-rec.md §3.4, §5). Defaults follow the paper
 * where they do not depend on scale, and are scaled down (with the paper's value in the comment) where
 * the paper's setting would take days on this CPU.
 *
 * Grouped by theme: objective (estimator, reward fusion, loss, ablation), rollouts, optimisation,
 * schedule, bookkeeping.
 */
import { InvalidParamError, UnknownNameError } from '@prorl/rl-core';
import { PATH_ABLATION_NAMES, resolvePathRlConfig, type PathAblation, type PathRlConfig, type PathRlConfigInput } from '../rl/config.js';
import { DEFAULT_PATH_SAMPLING, type PathSampling } from '../policy/path-policy.js';

export interface RecRlConfig {
  // --- objective -----------------------------------------------------------------------------
  /**
   * Estimator, reward fusion and loss (`resolvePathRlConfig`). Defaults: estimator 'prorl' (PSAE),
   * fusion 'src' (SRC, statistics frozen after the first epoch), weights 1/1/1, CTR × 0.1 (reference
   * code), item log-prob = mean of its token log-probs, k1 KL with β = 0.01 to π_0. `maxPathItems` is
   * taken from the policy.
   */
  objective: PathRlConfigInput;
  /** Ablation preset applied on top (`none` | `wo_src` | `wo_psae` | `wo_ctr` | `wo_ioi` | `wo_ior`). */
  ablation: PathAblation;
  // --- rollouts ------------------------------------------------------------------------------
  /** G: prompts per step. Paper: 128 per GPU × 4 GPUs; scaled to 8 here. */
  promptsPerStep: number;
  /** S: sampled paths per prompt. Paper: 16. */
  samplesPerPrompt: number;
  /** Rollout sampling. Paper: temperature 1, top_k 50 (HF default), top_p 1. */
  sampling: PathSampling;
  // --- optimisation --------------------------------------------------------------------------
  /** AdamW learning rate. Paper: 1e-4 (ML-1M), 1e-5 (Steam), 5e-4 (Books). */
  lr: number;
  /** AdamW decoupled weight decay. Paper: 0.05. */
  weightDecay: number;
  /** Global-norm gradient clip. Paper: 1.0. */
  gradClip: number;
  // --- schedule ------------------------------------------------------------------------------
  /** Passes over the prompts. Paper: 50; scaled to 2 (SRC collects in epoch 1, frozen in epoch 2). */
  epochs: number;
  /**
   * Steps per epoch; 0 = ⌊records / G⌋ (a full pass, the paper: ~110 steps on ML-1M at 512 prompts).
   * Default 25: 2 × 25 steps of 8 × 16 rollouts take a few minutes here (~2-8 s per step on ML-100K
   * with a 0.8M-parameter policy, depending on the machine's load).
   */
  stepsPerEpoch: number;
  /** Linear warmup as a fraction of all steps, then constant. Paper: 0.05 (`constant_with_warmup`). */
  warmupFrac: number;
  /** Seeds the prompt order and the rollouts. Paper: 1. */
  seed: number;
  // --- bookkeeping ---------------------------------------------------------------------------
  /** Checkpoints go to `<dir>/latest` (every `checkpointEvery` steps and at the end) and `<dir>/reference` (π_0, once). */
  checkpointDir?: string;
  /** 0 = at the end only. Paper: every epoch. */
  checkpointEvery: number;
  /** Continue from `<checkpointDir>/latest` when it exists. */
  resume: boolean;
  /** One JSON line per step. */
  metricsFile?: string;
}

export type RecRlConfigInput = Partial<Omit<RecRlConfig, 'sampling'>> & { sampling?: Partial<PathSampling> };

export const DEFAULT_REC_RL_CONFIG: RecRlConfig = {
  objective: {},
  ablation: 'none',
  promptsPerStep: 8,
  samplesPerPrompt: 16,
  sampling: { ...DEFAULT_PATH_SAMPLING },
  lr: 1e-4,
  weightDecay: 0.05,
  gradClip: 1,
  epochs: 2,
  stepsPerEpoch: 25,
  warmupFrac: 0.05,
  seed: 1,
  checkpointEvery: 0,
  resume: false,
};

/** The resolved config: `path` is the objective with the ablation applied. */
export interface ResolvedRecRlConfig extends RecRlConfig {
  path: PathRlConfig;
}

/**
 * Fills defaults and rejects invalid combinations with actionable errors. `maxPathItems` is the
 * policy's P (the objective must agree with the rollout layout).
 */
export function resolveRecRlConfig(partial: RecRlConfigInput = {}, maxPathItems = 10): ResolvedRecRlConfig {
  const c: RecRlConfig = { ...DEFAULT_REC_RL_CONFIG, ...partial, sampling: { ...DEFAULT_REC_RL_CONFIG.sampling, ...(partial.sampling ?? {}) } };
  if (!PATH_ABLATION_NAMES.includes(c.ablation)) throw new UnknownNameError('ablation', String(c.ablation), PATH_ABLATION_NAMES);
  if (c.objective.maxPathItems !== undefined && c.objective.maxPathItems !== maxPathItems) {
    throw new InvalidParamError('objective.maxPathItems', `is ${c.objective.maxPathItems} but the policy generates up to ${maxPathItems} items`, 'leave it out (it is taken from the policy config) or build the policy with the same maxPathItems');
  }
  const path = resolvePathRlConfig({ ...c.objective, maxPathItems }, c.ablation);
  if (path.estimator === 'a2c') {
    throw new InvalidParamError('objective.estimator', "'a2c' needs a learned critic, which trainPathRL does not train", "use 'prorl', 'rtg', 'grpo' or 'reinforce' (Table 5's A2C row is not reproduced)");
  }
  for (const k of ['promptsPerStep', 'samplesPerPrompt', 'epochs'] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 1) throw new InvalidParamError(k, `must be a positive integer, got ${c[k]}`, `use e.g. ${DEFAULT_REC_RL_CONFIG[k]}`);
  }
  if ((path.estimator === 'prorl' || path.estimator === 'grpo') && c.samplesPerPrompt < 2) {
    throw new InvalidParamError('samplesPerPrompt', `is ${c.samplesPerPrompt}, but the '${path.estimator}' estimator's group baseline needs ≥ 2 samples per prompt (with 1 every advantage is 0)`, 'use 16 (the paper), or the reinforce / rtg estimator');
  }
  for (const k of ['stepsPerEpoch', 'checkpointEvery'] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 0) throw new InvalidParamError(k, `must be an integer ≥ 0, got ${c[k]}`, '0 means the default behaviour');
  }
  if (!(c.sampling.temperature > 0) || !Number.isFinite(c.sampling.temperature)) {
    throw new InvalidParamError('sampling.temperature', `must be > 0 for RL rollouts, got ${c.sampling.temperature}`, 'use 1 (the paper); greedy rollouts make every sample of a group identical');
  }
  if (!Number.isInteger(c.sampling.topK) || c.sampling.topK < 0) throw new InvalidParamError('sampling.topK', `must be an integer ≥ 0, got ${c.sampling.topK}`, 'use 50 (HF default, the paper) or 0 to disable');
  if (!(c.sampling.topP > 0 && c.sampling.topP <= 1)) throw new InvalidParamError('sampling.topP', `must be in (0, 1], got ${c.sampling.topP}`, 'use 1 (the paper)');
  if (!(c.lr > 0) || !Number.isFinite(c.lr)) throw new InvalidParamError('lr', `must be a finite number > 0, got ${c.lr}`, 'use 1e-4 (ML-1M)');
  if (!(c.weightDecay >= 0) || !Number.isFinite(c.weightDecay)) throw new InvalidParamError('weightDecay', `must be finite and ≥ 0, got ${c.weightDecay}`, 'use 0.05 (the paper)');
  if (!(c.gradClip > 0)) throw new InvalidParamError('gradClip', `must be > 0 (Infinity disables clipping), got ${c.gradClip}`, 'use 1.0 (the paper)');
  if (!(c.warmupFrac >= 0 && c.warmupFrac < 1)) throw new InvalidParamError('warmupFrac', `must be in [0, 1), got ${c.warmupFrac}`, 'use 0.05 (the paper)');
  if (c.resume && !c.checkpointDir) throw new InvalidParamError('resume', 'is true but no checkpointDir is set', 'set checkpointDir to the directory of the run to resume');
  return { ...c, path };
}
