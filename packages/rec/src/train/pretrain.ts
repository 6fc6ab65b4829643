/**
 * Stage 1 of ProRL-rec (research/prorl-rec.md §3.3): supervised next-token training of the path
 * policy on mined paths. Each record becomes `prompt ⊕ path tokens ⊕ EOS`; the loss is the mean
 * cross-entropy over the output tokens only (path items and the EOS; prompt tokens get no loss), as
 * the reference's CE with `ignore_index = 0` over decoder labels. OrtTrainer computes the gradient of
 * Σ coef·logp with coef = −mask/count; AdamW (decoupled decay on matrices), global-norm clipping,
 * linear warmup then cosine decay.
 *
 * Algorithm order: seed → records → (per epoch: shuffle → batches → grad → clip → AdamW) → checkpoint.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AdamW, OrtTrainer, clipGradNorm, decayMaskFromLayout, lrAt, resolveLrSchedule, type OrtTrainBatch } from '@prorl/policy';
import { InvalidParamError, Rng } from '@prorl/rl-core';
import type { PathRecord } from '../data/types.js';
import { PathPolicyError } from '../policy/errors.js';
import type { PathPolicy } from '../policy/path-policy.js';
import { savePathPolicy } from '../policy/checkpoint.js';

export interface PretrainConfig {
  /**
   * Passes over the records. Paper: 200 (batch 4096). Default 3, to run in minutes here (ML-100K:
   * ~174 steps of 64 records per epoch, 0.6-1.9 s per step with the default 0.8M-parameter policy).
   */
  epochs: number;
  /** Records per step. Paper: 1024 per GPU × 4. */
  batchSize: number;
  /** Peak learning rate. Paper: 5e-3 (AdamW). */
  lr: number;
  /** AdamW decoupled weight decay. Paper: 0.05. */
  weightDecay: number;
  /** Linear warmup steps. Paper: 10,000 (of ~11k steps); here a small fraction of the run. */
  warmupSteps: number;
  /** LR after warmup: cosine decay to 0 over the run (paper), or constant. */
  schedule: 'cosine' | 'constant';
  /** Global-norm gradient clip. Paper: 1.0. */
  gradClip: number;
  /** Seeds the shuffling. Paper: 2024. */
  seed: number;
  /** Stop after this many steps (0 = run all epochs). */
  maxSteps: number;
  /** Where to save the final checkpoint (atomic), and every `checkpointEvery` steps. */
  checkpointDir?: string;
  /** 0 = only at the end. */
  checkpointEvery: number;
  /** One JSON line per step (and a final line). */
  metricsFile?: string;
}

export const DEFAULT_PRETRAIN_CONFIG: PretrainConfig = {
  epochs: 3,
  batchSize: 64,
  lr: 3e-3,
  weightDecay: 0.05,
  warmupSteps: 50,
  schedule: 'cosine',
  gradClip: 1,
  seed: 2024,
  maxSteps: 0,
  checkpointEvery: 0,
};

export function resolvePretrainConfig(partial: Partial<PretrainConfig> = {}): PretrainConfig {
  const c: PretrainConfig = { ...DEFAULT_PRETRAIN_CONFIG, ...partial };
  for (const k of ['epochs', 'batchSize'] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 1) throw new InvalidParamError(`pretrain.${k}`, `must be a positive integer, got ${c[k]}`, `use e.g. ${DEFAULT_PRETRAIN_CONFIG[k]}`);
  }
  for (const k of ['warmupSteps', 'maxSteps', 'checkpointEvery'] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 0) throw new InvalidParamError(`pretrain.${k}`, `must be an integer ≥ 0, got ${c[k]}`, 'use 0 to disable');
  }
  if (!(c.lr > 0) || !Number.isFinite(c.lr)) throw new InvalidParamError('pretrain.lr', `must be a finite number > 0, got ${c.lr}`, 'use e.g. 3e-3 (paper: 5e-3)');
  if (!(c.weightDecay >= 0)) throw new InvalidParamError('pretrain.weightDecay', `must be ≥ 0, got ${c.weightDecay}`, 'use 0.05 (paper)');
  if (!(c.gradClip > 0)) throw new InvalidParamError('pretrain.gradClip', `must be > 0 (Infinity disables), got ${c.gradClip}`, 'use 1.0 (paper)');
  if (c.schedule !== 'cosine' && c.schedule !== 'constant') throw new InvalidParamError('pretrain.schedule', `unknown schedule '${String(c.schedule)}'`, "use 'cosine' or 'constant'");
  return c;
}

/** One supervised batch: `[B,T]` ids, key mask, coef = −(output-token mask)/count. */
export interface SftBatch extends OrtTrainBatch {
  attnMask: Float32Array;
  coef: Float32Array;
  /** `[B,T]` 1 on the output tokens (path tokens and EOS). */
  lossMask: Uint8Array;
  /** Number of output tokens (the mean's denominator). */
  count: number;
}

/** Builds the SFT batch of records (right-padded with PAD; prompt tokens get coef 0). */
export function buildSftBatch(policy: PathPolicy, records: readonly PathRecord[]): SftBatch {
  const seqs: { ids: number[]; start: number }[] = records.map((r) => {
    const prompt = policy.promptOf(r);
    const out = policy.tokenizer.encodeOutput(r.path, policy.config.maxPathItems);
    return { ids: [...prompt, ...out], start: prompt.length };
  });
  const B = seqs.length;
  const T = Math.max(...seqs.map((s) => s.ids.length));
  const ids = new Int32Array(B * T);
  const attnMask = new Float32Array(B * T);
  const lossMask = new Uint8Array(B * T);
  let count = 0;
  seqs.forEach((s, b) => {
    for (let t = 0; t < s.ids.length; t++) {
      ids[b * T + t] = s.ids[t]!;
      attnMask[b * T + t] = 1;
      if (t >= s.start) {
        lossMask[b * T + t] = 1;
        count++;
      }
    }
  });
  const coef = new Float32Array(B * T);
  for (let i = 0; i < B * T; i++) if (lossMask[i]) coef[i] = -1 / count;
  return { B, T, ids, attnMask, coef, lossMask, count };
}

/** Records the policy can be trained/evaluated on: the target has a semantic ID. */
export function filterEncodable(policy: PathPolicy, records: readonly PathRecord[]): PathRecord[] {
  return records.filter((r) => policy.tokenizer.knows(r.target));
}

export interface PretrainStepLog {
  step: number;
  epoch: number;
  /** Mean cross-entropy per output token of the batch. */
  loss: number;
  gradNorm: number;
  lr: number;
  /** Seconds since the start. */
  elapsed: number;
  /** Steps per second so far, and the remaining-time estimate. */
  rate: number;
  eta: number;
}

export interface PretrainHooks {
  onStep?: (log: PretrainStepLog) => void;
  signal?: AbortSignal;
}

export interface PretrainResult {
  steps: number;
  /** Loss of every step. */
  losses: number[];
  /** Mean loss of the last epoch run. */
  finalLoss: number;
  seconds: number;
  /** Records dropped because their target has no semantic ID. */
  skipped: number;
  stopped: 'done' | 'max-steps' | 'aborted';
}

/** Trains `policy.params` in place. */
export async function pretrainPathPolicy(policy: PathPolicy, records: readonly PathRecord[], partial: Partial<PretrainConfig> = {}, hooks: PretrainHooks = {}): Promise<PretrainResult> {
  const cfg = resolvePretrainConfig(partial);
  const t0 = performance.now();
  const data = filterEncodable(policy, records);
  if (data.length === 0) throw new PathPolicyError('no-records', `none of the ${records.length} records has a target with a semantic ID`, 'check that the dataset carries semantic IDs for its items');
  const stepsPerEpoch = Math.ceil(data.length / cfg.batchSize);
  const total = cfg.maxSteps > 0 ? Math.min(cfg.maxSteps, cfg.epochs * stepsPerEpoch) : cfg.epochs * stepsPerEpoch;
  const schedule = resolveLrSchedule(
    cfg.schedule === 'cosine' && total > cfg.warmupSteps
      ? { kind: 'cosine', lr: cfg.lr, warmupSteps: cfg.warmupSteps, totalSteps: total }
      : { kind: 'constant', lr: cfg.lr, warmupSteps: Math.min(cfg.warmupSteps, total) },
  );
  const optimizer = new AdamW(policy.layout.totalSize, { lr: cfg.lr, weightDecay: cfg.weightDecay }, decayMaskFromLayout(policy.layout));
  const trainer = new OrtTrainer(policy.modelConfig, policy.params, optimizer);
  const rng = new Rng(cfg.seed);
  const log = (rec: Record<string, unknown>): void => {
    if (!cfg.metricsFile) return;
    mkdirSync(dirname(cfg.metricsFile), { recursive: true });
    appendFileSync(cfg.metricsFile, JSON.stringify({ stage: 'pretrain', ...rec }) + '\n');
  };
  const losses: number[] = [];
  let step = 0;
  let stopped: PretrainResult['stopped'] = 'done';
  let epochLoss = 0;
  try {
    outer: for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
      const order = rng.shuffle(data.map((_, i) => i));
      epochLoss = 0;
      let epochSteps = 0;
      for (let i0 = 0; i0 < order.length; i0 += cfg.batchSize) {
        if (hooks.signal?.aborted) {
          stopped = 'aborted';
          break outer;
        }
        if (step >= total) {
          stopped = 'max-steps';
          break outer;
        }
        const batch = buildSftBatch(policy, order.slice(i0, i0 + cfg.batchSize).map((i) => data[i]!));
        const g = await trainer.gradients(batch);
        const { norm } = clipGradNorm(g.grads, cfg.gradClip);
        const lr = lrAt(schedule, step);
        optimizer.update(policy.params, g.grads, lr);
        step++;
        losses.push(g.objective);
        epochLoss = (epochLoss * epochSteps + g.objective) / (epochSteps + 1);
        epochSteps++;
        const elapsed = (performance.now() - t0) / 1000;
        const rate = step / Math.max(elapsed, 1e-9);
        const entry: PretrainStepLog = { step, epoch, loss: g.objective, gradNorm: norm, lr, elapsed, rate, eta: (total - step) / rate };
        log({ event: 'step', ...entry });
        hooks.onStep?.(entry);
        if (cfg.checkpointDir && cfg.checkpointEvery > 0 && step % cfg.checkpointEvery === 0) {
          await savePathPolicy(cfg.checkpointDir, policy, { step, optimizer: optimizer.state(), extra: { stage: 'pretrain', epoch, pretrain: cfg } });
        }
      }
    }
    if (stopped === 'done' && step >= total && cfg.maxSteps > 0 && total < cfg.epochs * stepsPerEpoch) stopped = 'max-steps';
    if (cfg.checkpointDir) await savePathPolicy(cfg.checkpointDir, policy, { step, optimizer: optimizer.state(), extra: { stage: 'pretrain', pretrain: cfg } });
  } finally {
    await trainer.release();
  }
  const seconds = (performance.now() - t0) / 1000;
  log({ event: 'final', steps: step, finalLoss: epochLoss, seconds, skipped: records.length - data.length, stopped });
  return { steps: step, losses, finalLoss: epochLoss, seconds, skipped: records.length - data.length, stopped };
}
