/**
 * Stage 2 of ProRL-rec (research/prorl-rec.md §3.4): RL fine-tuning of the path policy against a
 * frozen user simulator. One step, in algorithm order:
 *
 *   1. G prompts (history ⊕ target) × S samples → rollouts on the KV-cache engine
 *      (temperature 1, top-k 50, stop at EOS, ≤ P·K + 1 tokens)
 *   2. decode the `[B,Tt]` grid (`splitPaths`, `decodePathItems`): items, invalid codes, EOS decisions
 *   3. step rewards with the simulator (`computeStepRewards` + `applyPenalties`), packed to `[B,P]`
 *   4. π_0 token log-probs of the sampled tokens (OrtScorer, frozen pretrained weights)
 *   5. `PathRlObjective.step`: fusion (SRC) → advantages (estimator) → loss and d loss / d logp `[B,Tt]`
 *   6. the coefficients are placed on the generated-token positions of the full `[B,T]` sequences
 *      (prompt ⊕ generated); OrtTrainer returns the weight gradient of Σ coef·logp
 *   7. global-norm clip → AdamW (constant LR after a linear warmup)
 *
 * The policy log-probs given to the objective are the rollout engine's (base policy, temperature 1,
 * untruncated), which equal the training graph's log-probs under the same weights (on-policy: one
 * update per rollout batch, as the reference; the step log `policy/logp_gap` reports the largest
 * difference, `policy/entropy` the mean entropy of the generated tokens' distributions). The SRC statistics freeze after epoch 1
 * (`objective.endEpoch()`).
 *
 * Dimensions: G prompts, S samples, B = G·S rows, P items, K tokens per item, Tt = P·K + 1, T = the
 * longest prompt + generated row of the batch.
 */
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AdamW, OrtScorer, OrtTrainer, clipGradNorm, decayMaskFromLayout, lrAt, resolveLrSchedule, type OrtTrainBatch } from '@prorl/policy';
import { InvalidParamError, Rng } from '@prorl/rl-core';
import type { PathRecord } from '../data/types.js';
import { applyPenalties, computeStepRewards, type PathToScore } from '../rewards/step-rewards.js';
import { decodePathItems, packStepRewards, splitPaths, type PathLayout } from '../rl/path-batch.js';
import { PathRlObjective, type PathRlStepResult } from '../rl/objective.js';
import type { PathRlConfig } from '../rl/config.js';
import type { RewardFusionState } from '../rl/reward-fusion.js';
import type { UserSimulator } from '../simulator/types.js';
import { loadPathPolicy, savePathPolicy } from '../policy/checkpoint.js';
import { PathPolicyError } from '../policy/errors.js';
import { rolloutGrid, type PathPolicy, type RolloutGrid } from '../policy/path-policy.js';
import { PATH_EOS_TOKEN, PATH_PAD_TOKEN } from '../policy/path-tokenizer.js';
import { resolveRecRlConfig, type RecRlConfigInput, type ResolvedRecRlConfig } from './rl-config.js';

/** Raw ↔ dense item ids of the simulator (`ItemIndex` satisfies it). */
export interface SimulatorItemIds {
  readonly size: number;
  get(raw: string): number | undefined;
  tryEncode(seq: readonly string[]): number[];
}

/** What one step hands to the trainer, for tests and diagnostics. */
export interface RlBatchInfo {
  layout: PathLayout;
  grid: RolloutGrid;
  /** `[B]` index of the first generated token in each full row (= prompt length). */
  starts: Int32Array;
  batch: OrtTrainBatch;
  result: PathRlStepResult;
  /** `[B,T]` training-graph log-probs of the full rows (null when the step had no gradient). */
  trainLogp: Float32Array | null;
}

export interface RlStepLog {
  step: number;
  epoch: number;
  /** `rec/*` from the objective (loss, kl, path_len, valid_frac, adv_var, ...), `reward/*` raw terms, `policy/*`, `time/*`. */
  metrics: Record<string, number>;
  elapsed: number;
  rate: number;
  eta: number;
}

export interface TrainPathRlInputs {
  /** The pretrained policy (trained in place), or the directory of its checkpoint. */
  init: PathPolicy | string;
  simulator: UserSimulator;
  /** The simulator's item ids (the ItemIndex it was trained with). */
  itemIndex: SimulatorItemIds;
  /** Training prompts (records whose target is unknown to the codec or the simulator are dropped). */
  records: readonly PathRecord[];
  /** π_0 weights; default: a copy of the initial weights (or `<checkpointDir>/reference` on resume). */
  reference?: Float32Array;
  onStep?: (log: RlStepLog) => void;
  /** Diagnostics hook, called after each step's objective and gradient. */
  onBatch?: (info: RlBatchInfo) => void;
  signal?: AbortSignal;
}

export interface TrainPathRlResult {
  policy: PathPolicy;
  config: ResolvedRecRlConfig;
  steps: number;
  logs: RlStepLog[];
  fusion: RewardFusionState;
  seconds: number;
  /** Records dropped (target without semantic ID or unknown to the simulator). */
  skipped: number;
  stopped: 'done' | 'aborted';
}

/** Seed of step `step`'s rollouts (independent of how the run was resumed). */
function stepSeed(seed: number, step: number): number {
  return (Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(step + 1, 0x85ebca6b)) >>> 0;
}

/** Prompt order of an epoch (a pure function of seed and epoch, so resuming mid-epoch is exact). */
export function epochOrder(n: number, seed: number, epoch: number): number[] {
  return new Rng(stepSeed(seed ^ 0x5bd1e995, epoch)).shuffle(Array.from({ length: n }, (_, i) => i));
}

/**
 * Places `[B,Tt]` values on the generated-token positions of `[B,T]` full rows:
 * `out[b, starts[b] + t] = src[b, t]` for t < lengths[b], 0 elsewhere.
 */
export function placeOnFullRows(src: ArrayLike<number>, Tt: number, starts: ArrayLike<number>, lengths: ArrayLike<number>, T: number): Float32Array {
  const B = starts.length;
  const out = new Float32Array(B * T);
  for (let b = 0; b < B; b++) {
    const s = starts[b]!;
    for (let t = 0; t < lengths[b]!; t++) out[b * T + s + t] = src[b * Tt + t]!;
  }
  return out;
}

/** The inverse: `[B,Tt]` values read at the generated positions of `[B,T]` rows (0 past the row). */
export function gatherFromFullRows(src: ArrayLike<number>, T: number, starts: ArrayLike<number>, lengths: ArrayLike<number>, Tt: number): Float64Array {
  const B = starts.length;
  const out = new Float64Array(B * Tt);
  for (let b = 0; b < B; b++) {
    const s = starts[b]!;
    for (let t = 0; t < lengths[b]!; t++) out[b * Tt + t] = src[b * T + s + t]!;
  }
  return out;
}

/** Records usable for RL: target encodable by the codec and known to the simulator. */
export function rlRecords(policy: PathPolicy, ids: SimulatorItemIds, records: readonly PathRecord[]): PathRecord[] {
  return records.filter((r) => policy.tokenizer.knows(r.target) && ids.get(r.target) !== undefined && ids.tryEncode(r.history).length > 0);
}

export async function trainPathRL(partial: RecRlConfigInput, inputs: TrainPathRlInputs): Promise<TrainPathRlResult> {
  const t0 = performance.now();
  // --- model ---
  const latestDir = (c: { checkpointDir?: string }) => (c.checkpointDir ? join(c.checkpointDir, 'latest') : '');
  const policy = typeof inputs.init === 'string' ? (await loadPathPolicy(inputs.init)).policy : inputs.init;
  const cfg = resolveRecRlConfig(partial, policy.config.maxPathItems);
  if (inputs.simulator.numItems !== inputs.itemIndex.size) {
    throw new PathPolicyError('index-mismatch', `the simulator has ${inputs.simulator.numItems} items but the item index ${inputs.itemIndex.size}`, 'pass the ItemIndex the simulator was trained with (trainSimulator returns it)');
  }
  const P = policy.config.maxPathItems;
  const K = policy.tokensPerItem;
  const G = cfg.promptsPerStep;
  const S = cfg.samplesPerPrompt;
  // --- data ---
  const data = rlRecords(policy, inputs.itemIndex, inputs.records);
  if (data.length < G) {
    throw new PathPolicyError('no-records', `only ${data.length} of ${inputs.records.length} records are usable (target with a semantic ID and known to the simulator), fewer than promptsPerStep = ${G}`, 'lower promptsPerStep or pass more records');
  }
  const fullPass = Math.floor(data.length / G);
  const stepsPerEpoch = cfg.stepsPerEpoch > 0 ? Math.min(cfg.stepsPerEpoch, fullPass) : fullPass;
  const total = cfg.epochs * stepsPerEpoch;
  const schedule = resolveLrSchedule({ kind: 'constant', lr: cfg.lr, warmupSteps: Math.round(cfg.warmupFrac * total) });
  // --- optimizer, objective, reference, resume ---
  const optimizer = new AdamW(policy.layout.totalSize, { lr: cfg.lr, weightDecay: cfg.weightDecay }, decayMaskFromLayout(policy.layout));
  let objective = new PathRlObjective(cfg.path);
  let reference = inputs.reference ?? Float32Array.from(policy.params);
  let step = 0;
  if (cfg.resume && existsSync(latestDir(cfg))) {
    const ck = await loadPathPolicy(latestDir(cfg));
    checkSameObjective(ck.metadata.objective, cfg.path, latestDir(cfg));
    policy.params.set(ck.policy.params);
    if (ck.optimizer) optimizer.loadState(ck.optimizer);
    objective = PathRlObjective.fromState(ck.metadata.fusion as RewardFusionState, cfg.path);
    step = ck.step;
    if (!inputs.reference && existsSync(join(cfg.checkpointDir!, 'reference'))) reference = (await loadPathPolicy(join(cfg.checkpointDir!, 'reference'))).policy.params;
  } else if (cfg.checkpointDir) {
    await savePathPolicy(join(cfg.checkpointDir, 'reference'), policy.withParams(reference), { step: 0, extra: { stage: 'rl-reference' } });
  }
  if (reference.length !== policy.layout.totalSize) throw new PathPolicyError('checkpoint', `reference weights have ${reference.length} floats, the policy ${policy.layout.totalSize}`, 'pass π_0 weights of the same policy config');
  const trainer = new OrtTrainer(policy.modelConfig, policy.params, optimizer);
  const scorer = new OrtScorer(policy.modelConfig);
  const logs: RlStepLog[] = [];
  const log = (rec: Record<string, unknown>): void => {
    if (!cfg.metricsFile) return;
    mkdirSync(dirname(cfg.metricsFile), { recursive: true });
    appendFileSync(cfg.metricsFile, JSON.stringify({ stage: 'rl', ...rec }) + '\n');
  };
  const save = async (): Promise<void> => {
    if (!cfg.checkpointDir) return;
    const { path: _p, ...plain } = cfg;
    await savePathPolicy(latestDir(cfg), policy, { step, optimizer: optimizer.state(), extra: { stage: 'rl', epoch: Math.floor(step / stepsPerEpoch), fusion: objective.getState(), objective: cfg.path, rl: plain } });
  };
  let stopped: TrainPathRlResult['stopped'] = 'done';
  const startStep = step;
  try {
    while (step < total) {
      if (inputs.signal?.aborted) {
        stopped = 'aborted';
        break;
      }
      const epoch = Math.floor(step / stepsPerEpoch);
      const inEpoch = step % stepsPerEpoch;
      const order = epochOrder(data.length, cfg.seed, epoch);
      const recs = order.slice(inEpoch * G, inEpoch * G + G).map((i) => data[i]!);
      const m = await rlStep({ policy, cfg, recs, step, optimizer, trainer, scorer, objective, reference, simulator: inputs.simulator, ids: inputs.itemIndex, lr: lrAt(schedule, step), P, K, G, S, ...(inputs.onBatch ? { onBatch: inputs.onBatch } : {}) });
      step++;
      if (step % stepsPerEpoch === 0) objective.endEpoch();
      const elapsed = (performance.now() - t0) / 1000;
      const rate = (step - startStep) / Math.max(elapsed, 1e-9);
      const entry: RlStepLog = { step, epoch: epoch + 1, metrics: m, elapsed, rate, eta: (total - step) / rate };
      logs.push(entry);
      log({ event: 'step', step, epoch: epoch + 1, elapsed, ...m });
      inputs.onStep?.(entry);
      if (cfg.checkpointEvery > 0 && step % cfg.checkpointEvery === 0) await save();
    }
    await save();
  } finally {
    await trainer.release();
    await scorer.release();
  }
  const seconds = (performance.now() - t0) / 1000;
  log({ event: 'final', steps: step, seconds, stopped });
  return { policy, config: cfg, steps: step, logs, fusion: objective.getState(), seconds, skipped: inputs.records.length - data.length, stopped };
}

interface StepContext {
  policy: PathPolicy;
  cfg: ResolvedRecRlConfig;
  recs: PathRecord[];
  step: number;
  optimizer: AdamW;
  trainer: OrtTrainer;
  scorer: OrtScorer;
  objective: PathRlObjective;
  reference: Float32Array;
  simulator: UserSimulator;
  ids: SimulatorItemIds;
  lr: number;
  P: number;
  K: number;
  G: number;
  S: number;
  onBatch?: (info: RlBatchInfo) => void;
}

async function rlStep(c: StepContext): Promise<Record<string, number>> {
  const { policy, G, S, P, K } = c;
  const B = G * S;
  const time: Record<string, number> = {};
  let t = performance.now();
  const lap = (k: string): void => {
    const now = performance.now();
    time[`time/${k}`] = (now - t) / 1000;
    t = now;
  };
  // 1. rollouts
  const prompts = c.recs.map((r) => policy.promptOf(r));
  const seedRng = new Rng(stepSeed(c.cfg.seed, c.step));
  const seeds = Array.from({ length: B }, () => seedRng.nextU32());
  const roll = await policy.sample(prompts, S, { seeds, sampling: c.cfg.sampling });
  lap('rollout');
  // 2. decode
  const grid = rolloutGrid(roll, P, K);
  const layout = splitPaths(grid.tokens, { G, S, P, tokensPerItem: K }, { eosToken: PATH_EOS_TOKEN, lengths: grid.lengths, emptyPaths: c.cfg.path.emptyPaths });
  const dec = decodePathItems(grid.tokens, layout, policy.tokenizer.codec);
  // 3. rewards
  const toScore: PathToScore[] = dec.items.map((items, b) => {
    const r = c.recs[Math.floor(b / S)]!;
    return { history: c.ids.tryEncode(r.history), target: c.ids.get(r.target)!, items: items.map((it) => (it === null ? null : (c.ids.get(it) ?? null))) };
  });
  const stepRewards = applyPenalties(await computeStepRewards(c.simulator, toScore));
  const packed = packStepRewards(stepRewards, layout);
  lap('reward');
  // 4. full rows and π_0 log-probs
  let T = 0;
  for (let b = 0; b < B; b++) T = Math.max(T, roll.prompts[b]!.length + roll.tokens[b]!.length);
  const ids = new Int32Array(B * T).fill(PATH_PAD_TOKEN);
  const attnMask = new Float32Array(B * T);
  const starts = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    const row = [...roll.prompts[b]!, ...roll.tokens[b]!];
    starts[b] = roll.prompts[b]!.length;
    for (let i = 0; i < row.length; i++) {
      ids[b * T + i] = row[i]!;
      attnMask[b * T + i] = 1;
    }
  }
  const ref = await c.scorer.score(c.reference, { B, T, ids, attnMask });
  const refTokenLogProbs = gatherFromFullRows(ref.logp, T, starts, grid.lengths, grid.Tt);
  lap('reference');
  // 5. objective
  const result = c.objective.step({ layout, rewards: packed, tokenLogProbs: grid.logProbs, refTokenLogProbs });
  // 6. gradient on the full rows
  const coef = placeOnFullRows(result.gradTokenLogProbs, grid.Tt, starts, grid.lengths, T);
  const batch: OrtTrainBatch = { B, T, ids, coef, attnMask };
  const metrics: Record<string, number> = { ...result.metrics };
  let trainLogp: Float32Array | null = null;
  if (result.metrics['rec/num_valid']! > 0) {
    const g = await c.trainer.gradients(batch);
    trainLogp = g.logp;
    // 7. clip + AdamW
    const { norm } = clipGradNorm(g.grads, c.cfg.gradClip);
    c.optimizer.update(policy.params, g.grads, c.lr);
    metrics['policy/grad_norm'] = norm;
    let gap = 0;
    for (let b = 0; b < B; b++) for (let i = 0; i < grid.lengths[b]!; i++) gap = Math.max(gap, Math.abs(g.logp[b * T + starts[b]! + i]! - grid.logProbs[b * grid.Tt + i]!));
    metrics['policy/logp_gap'] = gap;
    let ent = 0;
    let n = 0;
    for (let b = 0; b < B; b++) for (let i = 0; i < grid.lengths[b]!; i++) (ent += g.entropy[b * T + starts[b]! + i]!), n++;
    metrics['policy/entropy'] = n > 0 ? ent / n : 0;
  } else {
    metrics['policy/entropy'] = 0;
    metrics['policy/grad_norm'] = 0;
    metrics['policy/logp_gap'] = 0;
  }
  metrics['policy/lr'] = c.lr;
  lap('train');
  // raw reward terms over real items, item validity
  let real = 0;
  let items = 0;
  let invalid = 0;
  let dup = 0;
  const sums = { ioi: 0, ior: 0, ctr: 0 };
  stepRewards.forEach((r) =>
    r.kind.forEach((k, i) => {
      items++;
      if (k === 'invalid') invalid++;
      else if (k === 'duplicate') dup++;
      else {
        real++;
        sums.ioi += r.ioi[i]!;
        sums.ior += r.ior[i]!;
        sums.ctr += r.ctr[i]!;
      }
    }),
  );
  metrics['reward/ioi'] = real > 0 ? sums.ioi / real : 0;
  metrics['reward/ior'] = real > 0 ? sums.ior / real : 0;
  metrics['reward/ctr'] = real > 0 ? sums.ctr / real : 0;
  metrics['rec/item_valid_rate'] = items > 0 ? (items - invalid) / items : 0;
  metrics['rec/item_dup_rate'] = items > 0 ? dup / items : 0;
  Object.assign(metrics, time);
  c.onBatch?.({ layout, grid, starts, batch, result, trainLogp });
  return metrics;
}

/**
 * A resumed run must optimise the objective it started with: the SRC statistics, the reference and the
 * optimizer state belong to it. Compares the resolved objective saved in the checkpoint (absent in
 * checkpoints written before it was saved: not checked) with the one asked for, field by field.
 */
export function checkSameObjective(saved: unknown, wanted: PathRlConfig, dir: string): void {
  if (saved === undefined || saved === null || typeof saved !== 'object') return;
  const was = saved as Record<string, unknown>;
  for (const [k, v] of Object.entries(wanted)) {
    if (!(k in was)) continue; // an option added after the checkpoint was written
    if (JSON.stringify(was[k]) !== JSON.stringify(v)) {
      throw new InvalidParamError('resume', `the run in ${dir} was trained with ${k} = ${JSON.stringify(was[k])}, but this run asks for ${JSON.stringify(v)}`, 'resume with the options the run started with (estimator, ablation, reward options), or train into a new directory');
    }
  }
}
