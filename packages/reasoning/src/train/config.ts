/**
 * The ONE typed configuration of a ProRL run, grouped by theme (TRL-style), with every default citing
 * the paper (ProRL, Liu et al. 2025, arXiv 2505.24864 [P]) or the reproduction it comes from
 * (research/prorl-llm.md). Sizes are scaled down so a run finishes in minutes on 2 CPU cores with a
 * few-hundred-K-parameter char-level policy; the paper's value is given next to each scaled one.
 *
 * `resolveProRLConfig(partial)` fills defaults group by group and rejects invalid values and
 * combinations BEFORE any work starts, with a message saying what to change.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { resolveActorLossConfig, resolveReferenceResetConfig, type AggMode, type KlName, type ReferenceResetConfig } from '@prorl/rl-core';
import { resolveModelConfig, type ModelConfig } from '@prorl/policy';
import { resolveSuite, type SuiteSpec } from '../suite/suite-spec.js';
import { ProRLConfigError } from './errors.js';

/** Where the policy's initial weights come from. */
export type ModelInit =
  /** A checkpoint directory (e.g. the SFT base written by `runSft`). */
  | { kind: 'checkpoint'; dir: string }
  /** Fresh weights (tests and ablations): the model shape, vocabSize from the char tokenizer. */
  | { kind: 'random'; model: Partial<Omit<ModelConfig, 'vocabSize'>>; seed: number };

/** Advantage estimators the trainer supports. GRPO is ProRL's [P §2]. */
export type ProRLAdvantage = 'grpo';

export interface ModelSection {
  init: ModelInit;
}

export interface DataSection {
  /**
   * Families and levels the RL prompts are drawn from (train split), plus held-out families that
   * only appear in validation / test. Paper: math, code, STEM, logic (Reasoning Gym), IF [P §3.1].
   */
  suite: SuiteSpec;
}

export interface RolloutSection {
  /** Prompts per training step. Paper: 256 [P §3.2]; scaled: 8. */
  promptsPerStep: number;
  /** Responses per prompt (group size G). Paper: 16 (32 in runs 6-7) [P §3.2]; scaled: 8. */
  n: number;
  /** Sampling temperature of training rollouts. Paper: 1.2 [P §3.2]. */
  temperature: number;
  /** Nucleus mass of rollouts. Paper checklist: top_p 1 [research §6]. */
  topP: number;
  /** Maximum response tokens. Paper: 8k (16k in run 8) [P §3.2]; scaled: 64 chars. */
  maxNewTokens: number;
  /** Rows per onnxruntime generate call (memory bound of the KV cache). */
  maxRowsPerCall: number;
}

export interface DynamicSamplingSection {
  /** DAPO dynamic sampling: drop groups whose rewards are all equal. Paper: on [P §2]. */
  enabled: boolean;
  /**
   * Generation rounds per step to refill dropped groups (each round draws `promptsPerStep` fresh
   * prompts). NeMo ProRLv2: at most 10 [research §1.4]; scaled: 4. When the rounds are spent, the
   * step trains on the groups it has (reported as `dynamic/exhausted`), rather than failing.
   * Ignored when dynamic sampling is off (one round, every group kept).
   */
  maxRounds: number;
}

export interface OverlongSection {
  /** Soft buffer before maxNewTokens where DAPO's linear overlong penalty applies. DAPO: 4096 of 20480. */
  bufferLength: number;
  /** Penalty at the maximum length. DAPO: 1.0. */
  penaltyFactor: number;
}

export interface AlgorithmSection {
  advantage: ProRLAdvantage;
  /**
   * Prompts per mini-batch: promptsPerStep / miniBatchPrompts gradient updates per step.
   * Paper: 256 / 64 = 4 updates per rollout step [P §3.2]; scaled: 8 / 2 = 4.
   */
  miniBatchPrompts: number;
  /** ε_low. Paper: 0.2 [P §3.2]. */
  clipLow: number;
  /** ε_high (DAPO clip-higher). Paper: 0.4 [P §3.2]. */
  clipHigh: number;
  /** Dual-clip constant. verl default 3 [research §6]. */
  clipC: number;
  /** β of the KL-to-reference loss. Reproductions: 1e-4 [research §1.1]. */
  klCoef: number;
  /** KL estimator. verl low_var_kl = k3 (inferred) [research §1.1]. */
  klType: KlName;
  /** Loss aggregation. verl default token-mean (DAPO token-level) [research §1.1]. */
  aggMode: AggMode;
  /** Entropy bonus. Paper: none (verl entropy_coeff 0) [research §1.1]. */
  entropyCoef: number;
  dynamicSampling: DynamicSamplingSection;
  /**
   * Stop-properly penalty: reward × coef for responses truncated at maxNewTokens. Paper runs 4-5
   * penalise them (value not given); NeMo ProRLv2 uses coef 0 [research §1.3]. null = off (runs 1-3).
   */
  stopProperlyCoef: number | null;
  /** DAPO soft overlong shaping; null = off (ProRL does not use it [research §5]). */
  overlong: OverlongSection | null;
}

export interface OptimizerSection {
  /**
   * AdamW constant learning rate. Paper: 2e-6 for a 1.5B model [P §3.2]. A ~0.4M-parameter model
   * trained for tens of steps needs a far larger rate, but far below SFT's 3e-3. Measured on the demo
   * (8 prompts x 8 samples, 4 updates per step, 30 steps): 5e-5 raised mean pass@1 on the training
   * families from 58% to 66%; 5e-4 drifted away from the base within 10 steps (KL > 0.1, accuracy
   * falling).
   */
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** verl actor default 0.01. */
  weightDecay: number;
  /** Global gradient-norm clip. verl actor grad_clip 1.0. */
  gradClip: number;
}

export interface ResetSection {
  /**
   * Reference-reset controller (π_ref ← π_θ and a fresh optimizer state) [P §2.3.1]. Paper: reset
   * when validation stagnates or degrades [P §3.3, App. E]; scaled: patience 3 validations,
   * decline 0.05, at least 10 steps apart.
   */
  controller: Partial<ReferenceResetConfig>;
  /** Steps at which to reset by hand (the paper's manual resets; the CLI's --reset-at). */
  manualAtSteps: number[];
}

export interface ValidationSection {
  /** Validate every this many steps (0 = never). */
  every: number;
  /** Validation items (validation split of the suite, held-out families included). */
  items: number;
  /** Samples per item; pass@1 = mean over them. Paper: 16 [P §3.4]; scaled: 4. */
  n: number;
  /** Paper eval sampling: T 0.6, top_p 0.95 [P §3.4]. */
  temperature: number;
  topP: number;
}

export interface RunSection {
  /** Training steps (rollout + update rounds). Paper: > 2,000 [P §3.2]; scaled: 30. */
  steps: number;
  /** Run directory (metrics.jsonl, checkpoints/); null = nothing written (tests). */
  outDir: string | null;
  /** Checkpoint every this many steps (0 = only at exit). */
  checkpointEvery: number;
  /** Continue from `<outDir>/checkpoints/last`: same data order and RNG stream. */
  resume: boolean;
}

export interface ProRLConfig {
  /** Seed of the data order and the rollout RNG stream. */
  seed: number;
  model: ModelSection;
  data: DataSection;
  rollout: RolloutSection;
  algorithm: AlgorithmSection;
  optimizer: OptimizerSection;
  reset: ResetSection;
  validation: ValidationSection;
  run: RunSection;
}

/** A partial config: every section partial (nested sections replaced whole). */
export type ProRLConfigInput = { seed?: number } & { [K in Exclude<keyof ProRLConfig, 'seed'>]?: Partial<ProRLConfig[K]> };

/** The demo's training families (seen by SFT at level 1) and a held-out family. */
export const DEFAULT_PRORL_SUITE: SuiteSpec = {
  name: 'prorl-demo',
  entries: [
    { family: 'number_sorting', levels: [1] },
    { family: 'power_function', levels: [1] },
    { family: 'letter_counting', levels: [1] },
    { family: 'unit_conversion', levels: [1] },
    { family: 'basic_arithmetic', levels: [1] },
  ],
  heldOut: ['unit_conversion', 'basic_arithmetic'],
};

export const DEFAULT_PRORL_CONFIG: ProRLConfig = {
  seed: 0,
  model: { init: { kind: 'checkpoint', dir: 'runs/sft-base' } },
  data: { suite: DEFAULT_PRORL_SUITE },
  rollout: {
    promptsPerStep: 8, // paper 256 [P §3.2], scaled
    n: 8, // paper 16 [P §3.2], scaled
    temperature: 1.2, // paper 1.2 [P §3.2]
    topP: 1, // paper checklist top_p 1
    maxNewTokens: 64, // paper 8k [P §3.2], scaled to the char-level tasks
    maxRowsPerCall: 128,
  },
  algorithm: {
    advantage: 'grpo', // [P §2]
    miniBatchPrompts: 2, // paper mini-batch 64 of 256 → 4 updates per step [P §3.2]
    clipLow: 0.2, // [P §3.2]
    clipHigh: 0.4, // [P §3.2]
    clipC: 3, // verl clip_ratio_c
    klCoef: 1e-4, // reproductions' β [research §1.1]
    klType: 'k3', // low_var_kl (inferred) [research §1.1]
    aggMode: 'token-mean', // verl default (inferred) [research §1.1]
    entropyCoef: 0, // no entropy bonus [research §1.1]
    dynamicSampling: { enabled: true, maxRounds: 4 }, // on [P §2]; NeMo: ≤ 10 rounds, scaled
    stopProperlyCoef: null, // off as in runs 1-3; runs 4-5 penalise truncation (NeMo coef 0)
    overlong: null, // not used by ProRL
  },
  optimizer: {
    lr: 5e-5, // paper 2e-6 constant for 1.5B [P §3.2]; a ~0.4M-param model: 5e-5 (measured, see above)
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    weightDecay: 0.01, // verl actor default
    gradClip: 1.0, // verl actor grad_clip
  },
  reset: {
    controller: { stagnation: { patience: 3, minDelta: 0 }, decline: { declineDelta: 0.05 }, minGapSteps: 10, resetOptimizer: true }, // [P §2.3.1, §3.3]
    manualAtSteps: [],
  },
  validation: { every: 10, items: 24, n: 4, temperature: 0.6, topP: 0.95 }, // eval sampling [P §3.4]
  run: { steps: 30, outDir: null, checkpointEvery: 10, resume: false },
};

/** The directory of the run's latest checkpoint. */
export function lastCheckpointDir(outDir: string): string {
  return path.join(outDir, 'checkpoints', 'last');
}

function posInt(field: string, v: number, fix: string): void {
  if (!Number.isInteger(v) || v < 1) throw new ProRLConfigError(field, `must be a positive integer, got ${v}`, fix);
}
function nonNegInt(field: string, v: number, fix: string): void {
  if (!Number.isInteger(v) || v < 0) throw new ProRLConfigError(field, `must be a non-negative integer, got ${v}`, fix);
}

/**
 * Fills defaults and validates the whole config (values and combinations). Throws
 * `ProRLConfigError` naming the field and what to change; nothing is loaded or written.
 */
export function resolveProRLConfig(input: ProRLConfigInput = {}): ProRLConfig {
  const d = DEFAULT_PRORL_CONFIG;
  const c: ProRLConfig = {
    seed: input.seed ?? d.seed,
    model: { ...d.model, ...input.model },
    data: { ...d.data, ...input.data },
    rollout: { ...d.rollout, ...input.rollout },
    algorithm: { ...d.algorithm, ...input.algorithm },
    optimizer: { ...d.optimizer, ...input.optimizer },
    reset: { ...d.reset, ...input.reset },
    validation: { ...d.validation, ...input.validation },
    run: { ...d.run, ...input.run },
  };
  if (!Number.isInteger(c.seed) || c.seed < 0 || c.seed > 0xffffffff) throw new ProRLConfigError('seed', `must be an integer in [0, 2^32), got ${c.seed}`, 'pass e.g. --seed 0');

  // model
  const init = c.model.init;
  switch (init.kind) {
    case 'checkpoint':
      if (!init.dir || !existsSync(path.join(init.dir, 'config.json'))) {
        throw new ProRLConfigError('model.init.dir', `no checkpoint at '${init.dir}' (config.json missing)`, 'run `prorl-reason sft --out <dir>` first and pass --init <dir>, or point to an existing checkpoint');
      }
      break;
    case 'random':
      resolveModelConfig({ ...init.model, vocabSize: 100 });
      nonNegInt('model.init.seed', init.seed, 'pass a seed for the initial weights');
      break;
    default: {
      const never: never = init;
      throw new ProRLConfigError('model.init.kind', `unknown kind '${String((never as { kind: unknown }).kind)}'`, "use 'checkpoint' or 'random'");
    }
  }

  // data
  const suite = resolveSuite(c.data.suite);
  if (suite.entries.every((e) => suite.heldOut.includes(e.family))) {
    throw new ProRLConfigError('data.suite.heldOut', 'holds out every family of the suite, so there is nothing to train on', 'leave at least one family out of heldOut');
  }

  // rollout
  posInt('rollout.promptsPerStep', c.rollout.promptsPerStep, 'pass e.g. --prompts-per-step 8 (paper: 256)');
  posInt('rollout.n', c.rollout.n, 'pass e.g. --n 8 (paper: 16)');
  posInt('rollout.maxNewTokens', c.rollout.maxNewTokens, 'pass e.g. --max-new-tokens 64');
  posInt('rollout.maxRowsPerCall', c.rollout.maxRowsPerCall, 'pass e.g. 128');
  if (!(c.rollout.temperature > 0 && Number.isFinite(c.rollout.temperature))) {
    throw new ProRLConfigError('rollout.temperature', `must be > 0 for training rollouts, got ${c.rollout.temperature}`, 'use 1.2 (paper); greedy rollouts give identical group members and no learning signal');
  }
  if (!(c.rollout.topP > 0 && c.rollout.topP <= 1)) throw new ProRLConfigError('rollout.topP', `must be in (0, 1], got ${c.rollout.topP}`, 'use 1 (paper)');

  // algorithm
  const a = c.algorithm;
  switch (a.advantage) {
    case 'grpo':
      if (c.rollout.n < 2) {
        throw new ProRLConfigError('rollout.n', `is ${c.rollout.n}, but GRPO normalises rewards within the group of responses to a prompt, which needs at least 2`, 'set rollout.n >= 2 (paper: 16)');
      }
      break;
    default: {
      const never: never = a.advantage;
      throw new ProRLConfigError('algorithm.advantage', `unknown estimator '${String(never)}'`, "use 'grpo'");
    }
  }
  posInt('algorithm.miniBatchPrompts', a.miniBatchPrompts, 'pass e.g. 2 (paper: 64)');
  if (c.rollout.promptsPerStep % a.miniBatchPrompts !== 0) {
    throw new ProRLConfigError(
      'algorithm.miniBatchPrompts',
      `rollout.promptsPerStep (${c.rollout.promptsPerStep}) is not divisible by miniBatchPrompts (${a.miniBatchPrompts})`,
      `choose a mini-batch that divides the batch, e.g. ${divisorHint(c.rollout.promptsPerStep)} (paper: 256 / 64 = 4 updates per step)`,
    );
  }
  if (!(a.clipLow > 0 && a.clipLow < 1)) {
    throw new ProRLConfigError('algorithm.clipLow', `must be in (0, 1) so that the lower ratio bound 1 − clipLow is positive, got ${a.clipLow}`, 'use 0.2 (paper)');
  }
  if (!(a.clipHigh > 0) || !Number.isFinite(a.clipHigh)) throw new ProRLConfigError('algorithm.clipHigh', `must be a finite number > 0, got ${a.clipHigh}`, 'use 0.4 (paper)');
  if (a.clipHigh < a.clipLow) {
    throw new ProRLConfigError('algorithm.clipHigh', `(${a.clipHigh}) is below clipLow (${a.clipLow}); clip-higher means ε_high >= ε_low`, 'use clipLow 0.2, clipHigh 0.4 (paper)');
  }
  resolveActorLossConfig({ clipLow: a.clipLow, clipHigh: a.clipHigh, clipC: a.clipC, klCoef: a.klCoef, klType: a.klType, aggMode: a.aggMode, entropyCoef: a.entropyCoef });
  if (a.entropyCoef !== 0) throw new ProRLConfigError('algorithm.entropyCoef', `is ${a.entropyCoef}, but this trainer has no entropy-bonus path yet`, 'use 0 (paper: no entropy bonus)');
  posInt('algorithm.dynamicSampling.maxRounds', a.dynamicSampling.maxRounds, 'pass e.g. 4 (NeMo ProRLv2: 10)');
  if (a.stopProperlyCoef !== null && !(a.stopProperlyCoef >= 0 && a.stopProperlyCoef <= 1)) {
    throw new ProRLConfigError('algorithm.stopProperlyCoef', `must be in [0, 1] or null, got ${a.stopProperlyCoef}`, 'use 0 (NeMo: truncated responses get reward 0) or null to disable');
  }
  if (a.overlong !== null) {
    posInt('algorithm.overlong.bufferLength', a.overlong.bufferLength, 'pass e.g. 16');
    if (a.overlong.bufferLength > c.rollout.maxNewTokens) {
      throw new ProRLConfigError('algorithm.overlong.bufferLength', `(${a.overlong.bufferLength}) exceeds rollout.maxNewTokens (${c.rollout.maxNewTokens})`, 'use a buffer shorter than the maximum response length (DAPO: 4096 of 20480)');
    }
    if (!(a.overlong.penaltyFactor >= 0 && Number.isFinite(a.overlong.penaltyFactor))) throw new ProRLConfigError('algorithm.overlong.penaltyFactor', `must be finite and >= 0, got ${a.overlong.penaltyFactor}`, 'use 1.0 (DAPO)');
  }

  // optimizer
  const o = c.optimizer;
  if (!(o.lr > 0 && Number.isFinite(o.lr))) throw new ProRLConfigError('optimizer.lr', `must be a finite number > 0, got ${o.lr}`, 'use ~5e-5 for a tiny model (paper: 2e-6 for 1.5B)');
  for (const k of ['beta1', 'beta2'] as const) if (!(o[k] >= 0 && o[k] < 1)) throw new ProRLConfigError(`optimizer.${k}`, `must be in [0, 1), got ${o[k]}`, 'use 0.9 / 0.999');
  if (!(o.eps > 0)) throw new ProRLConfigError('optimizer.eps', `must be > 0, got ${o.eps}`, 'use 1e-8');
  if (!(o.weightDecay >= 0 && Number.isFinite(o.weightDecay))) throw new ProRLConfigError('optimizer.weightDecay', `must be finite and >= 0, got ${o.weightDecay}`, 'use 0.01');
  if (!(o.gradClip > 0)) throw new ProRLConfigError('optimizer.gradClip', `must be > 0 (Infinity disables), got ${o.gradClip}`, 'use 1.0');

  // reset
  let resetCfg: ReferenceResetConfig;
  try {
    resetCfg = resolveReferenceResetConfig(c.reset.controller);
  } catch (e) {
    throw new ProRLConfigError('reset.controller', e instanceof Error ? e.message : String(e), 'fix the reference-reset controller settings');
  }
  for (const s of c.reset.manualAtSteps) {
    if (!Number.isInteger(s) || s < 1 || s > c.run.steps) throw new ProRLConfigError('reset.manualAtSteps', `step ${s} is outside [1, run.steps=${c.run.steps}]`, 'list training steps at which to reset the reference');
  }
  if ((resetCfg.stagnation !== null || resetCfg.decline !== null) && c.validation.every === 0) {
    // Validation-triggered resets with validation off would never fire; say so rather than ignore it.
    throw new ProRLConfigError('validation.every', 'is 0, but reset.controller has validation triggers (stagnation / decline)', 'set validation.every > 0, or disable those triggers (stagnation: null, decline: null)');
  }

  // validation
  nonNegInt('validation.every', c.validation.every, 'pass e.g. 10, or 0 to disable');
  if (c.validation.every > 0) {
    posInt('validation.items', c.validation.items, 'pass e.g. 24');
    posInt('validation.n', c.validation.n, 'pass e.g. 4 (paper: 16)');
    if (!(c.validation.temperature >= 0)) throw new ProRLConfigError('validation.temperature', `must be >= 0, got ${c.validation.temperature}`, 'use 0.6 (paper)');
    if (!(c.validation.topP > 0 && c.validation.topP <= 1)) throw new ProRLConfigError('validation.topP', `must be in (0, 1], got ${c.validation.topP}`, 'use 0.95 (paper)');
  }

  // run
  posInt('run.steps', c.run.steps, 'pass e.g. --steps 30');
  nonNegInt('run.checkpointEvery', c.run.checkpointEvery, 'pass e.g. 10, or 0 for a checkpoint at exit only');
  if (c.run.resume) {
    if (c.run.outDir === null) throw new ProRLConfigError('run.resume', 'is set but run.outDir is not, so there is no checkpoint to resume from', 'pass --out <run dir> of the interrupted run');
    if (!existsSync(path.join(lastCheckpointDir(c.run.outDir), 'config.json'))) {
      throw new ProRLConfigError('run.resume', `no checkpoint at '${lastCheckpointDir(c.run.outDir)}'`, 'start without --resume, or point --out to the directory of an earlier run');
    }
  }
  return c;
}

function divisorHint(n: number): string {
  const ds: number[] = [];
  for (let k = 1; k <= n; k++) if (n % k === 0) ds.push(k);
  return ds.slice(0, 6).join(', ');
}
