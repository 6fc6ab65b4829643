/**
 * The ProRL trainer for LLM reasoning [P §2], one readable loop in algorithm order (cleanrl style):
 *
 *   seed → data → model (+ frozen reference, optimizer, reset controller) → for each step:
 *     1. rollouts: promptsPerStep prompts × n responses at the training temperature (onnxruntime, KV cache)
 *     2. rewards from the verifiers (+ optional stop-properly / overlong shaping)
 *     3. dynamic sampling: drop groups with equal rewards, refill from fresh prompts (bounded rounds)
 *     4. GRPO advantages per group
 *     5. mini-batch updates: old log-probs (rollout policy), reference log-probs (OrtScorer, frozen
 *        weights), current log-probs → rl-core `actorLoss` (clip 0.2/0.4, k3 KL β, token-mean) →
 *        gradLogProbs as per-token coefficients → OrtTrainer weight gradients → grad clip → AdamW
 *     6. periodic validation (pass@1 = mean over n samples per validation item)
 *     7. reference-reset controller: on a reset, π_ref ← π_θ AND a fresh optimizer state [P §2.3.1]
 *     8. JSONL metrics; checkpoints every N steps and at exit (atomic; resumable exactly)
 *
 * Policy and ratio: the training graph computes log-probs at temperature 1, so the optimised policy
 * is the temperature-1 model; rollouts sample it at `rollout.temperature` and the old log-probs are
 * the engine's temperature-1 log-probs of the sampled tokens (the ratio is exactly 1 on the first
 * mini-batch of a step).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  AdamW,
  CharTokenizer,
  OrtRolloutEngine,
  OrtScorer,
  OrtTrainer,
  ParamLayout,
  clipGradNorm,
  decayMaskFromLayout,
  loadCheckpoint,
  resolveModelConfig,
  saveCheckpoint,
  tokenizerFromJSON,
  type ModelConfig,
  type Tokenizer,
} from '@prorl/policy';
import {
  ReferenceResetController,
  Rng,
  actorLoss,
  applyOverlongShaping,
  applyStopProperlyPenalty,
  grpoAdvantage,
  resolveActorLossConfig,
  type ActorLossConfig,
  type ReferenceResetState,
  type ResetEvent,
  type RngState,
} from '@prorl/rl-core';
import { resolveSuite, type ResolvedSuite } from '../suite/suite-spec.js';
import { buildPolicyBatch } from './batch.js';
import { lastCheckpointDir, resolveProRLConfig, type ProRLConfig, type ProRLConfigInput } from './config.js';
import { PromptStream, sampleSplit } from './data.js';
import { GroupCollector, type DynamicSamplingStats } from './dynamic-sampling.js';
import { ProRLError } from './errors.js';
import { sampleAndScore, type SampledRow } from './sample.js';
import type { SuiteItem } from '../suite/sample.js';

/** One JSONL line of `metrics.jsonl`: the step plus flat, namespaced metrics. */
export interface ProRLStepMetrics {
  step: number;
  [key: string]: number | string | boolean | null;
}

export interface ProRLTrainOptions {
  /** Called after every step with its metrics (progress: `time/*` keys carry rate and ETA). */
  onStep?: (m: ProRLStepMetrics) => void;
  /** Called on every reference reset. */
  onReset?: (e: ResetEvent) => void;
  /** Stops after the current step; a checkpoint is written at exit. */
  signal?: AbortSignal;
  /** Manual reset request, polled before each step's controller decision; return a reason to reset. */
  requestReset?: (step: number) => string | null;
  /**
   * Replaces the verifiers' scores as the base reward of each row (shaping still applies), e.g. a
   * learned reward model or a synthetic reward in tests. Default: `row.score.score`.
   */
  reward?: (rows: readonly SampledRow[]) => number[];
}

export interface ProRLTrainResult {
  config: ProRLConfig;
  model: ModelConfig;
  tokenizer: Tokenizer;
  /** Final policy weights [P]. */
  params: Float32Array;
  /** Metrics of the steps run by this call. */
  metrics: ProRLStepMetrics[];
  /** Every reset since the start of the run (including before a resume). */
  resets: ResetEvent[];
  /** Last completed step. */
  step: number;
  /** The last checkpoint written, or null. */
  checkpointDir: string | null;
  /** Optimizer steps taken since the last reset (AdamW's t), for inspection. */
  optimizerStep: number;
}

/** What a ProRL checkpoint stores in `metadata` besides weights, optimizer and RNG. */
interface RunState {
  kind: 'prorl';
  consumed: number;
  controller: ReferenceResetState;
  /** Checkpoint directory holding the reference weights (relative to outDir/checkpoints). */
  refDir: string;
  config: ProRLConfig;
}

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

interface LoadedPolicy {
  model: ModelConfig;
  tokenizer: Tokenizer;
  params: Float32Array;
}

async function loadInit(config: ProRLConfig): Promise<LoadedPolicy> {
  const init = config.model.init;
  switch (init.kind) {
    case 'checkpoint': {
      const ck = await loadCheckpoint(init.dir);
      const tokenizer = ck.tokenizer !== undefined ? tokenizerFromJSON(ck.tokenizer) : new CharTokenizer();
      return { model: ck.config, tokenizer, params: ck.params };
    }
    case 'random': {
      const tokenizer = new CharTokenizer();
      const model = resolveModelConfig({ ...init.model, vocabSize: tokenizer.vocabSize });
      return { model, tokenizer, params: new ParamLayout(model).init(new Rng(init.seed)) };
    }
    default: {
      const never: never = init;
      throw new Error(`unknown init ${String(never)}`);
    }
  }
}

/** Runs (or resumes) ProRL training. Invalid configs are rejected before anything is loaded. */
export async function trainProRL(input: ProRLConfigInput | ProRLConfig, opts: ProRLTrainOptions = {}): Promise<ProRLTrainResult> {
  // ---- 0. config and seed ------------------------------------------------------------------------
  const config = resolveProRLConfig(input);
  const { rollout, algorithm: alg, optimizer: oc, validation: vc, run } = config;
  const suite: ResolvedSuite = resolveSuite(config.data.suite);
  const lossConfig: ActorLossConfig = resolveActorLossConfig({
    clipLow: alg.clipLow,
    clipHigh: alg.clipHigh,
    clipC: alg.clipC,
    klCoef: alg.klCoef,
    klType: alg.klType,
    aggMode: alg.aggMode,
    entropyCoef: alg.entropyCoef,
  });
  const ckptRoot = run.outDir === null ? null : path.join(run.outDir, 'checkpoints');
  const metricsPath = run.outDir === null ? null : path.join(run.outDir, 'metrics.jsonl');

  // ---- 1. model, reference, optimizer, controller, RNG, data position -------------------------------
  const init = await loadInit(config);
  const { tokenizer } = init;
  let model = init.model;
  let params = init.params;
  let reference: Float32Array = Float32Array.from(init.params);
  let refDir = 'ref-0';
  let startStep = 1;
  let rngState: RngState | number = config.seed;
  let consumed = 0;
  let controllerState: ReferenceResetState | null = null;
  let optimizerState: ReturnType<AdamW['state']> | undefined;
  if (run.resume && ckptRoot !== null) {
    const ck = await loadCheckpoint(lastCheckpointDir(run.outDir!));
    const meta = ck.metadata as unknown as RunState | undefined;
    if (!meta || meta.kind !== 'prorl') throw new ProRLError('checkpoint_mismatch', lastCheckpointDir(run.outDir!), 'is not a ProRL run checkpoint', 'resume from a directory written by trainProRL');
    // Same data order and RNG stream need the same seed, suite and sampling sizes.
    const diffs = (['seed', 'data', 'rollout'] as const).filter((k) => JSON.stringify(meta.config[k]) !== JSON.stringify(config[k]));
    if (diffs.length) {
      throw new ProRLError('checkpoint_mismatch', lastCheckpointDir(run.outDir!), `was written with a different ${diffs.join(', ')} config, so the run could not continue with the same data order and RNG stream`, 'resume with the config of the interrupted run (stored in the checkpoint metadata); only run.steps and the optimizer / reset / validation settings may change');
    }
    model = ck.config;
    params = ck.params;
    const ref = await loadCheckpoint(path.join(ckptRoot, meta.refDir), { expectConfig: model });
    reference = ref.params;
    refDir = meta.refDir;
    startStep = ck.step + 1;
    rngState = ck.rng ?? config.seed;
    consumed = meta.consumed;
    controllerState = meta.controller;
    optimizerState = ck.optimizer;
  }
  // Every prompt must leave room for the response (checked before any rollout).
  const maxPrompt = model.maxSeqLen - rollout.maxNewTokens;
  if (maxPrompt < 8) {
    throw new ProRLError('invalid_config', 'rollout.maxNewTokens', `(${rollout.maxNewTokens}) leaves ${maxPrompt} tokens for the prompt in a context of ${model.maxSeqLen}`, `lower maxNewTokens below ${model.maxSeqLen - 8}`);
  }
  const layout = new ParamLayout(model);
  const optimizer = new AdamW(layout.totalSize, { lr: oc.lr, beta1: oc.beta1, beta2: oc.beta2, eps: oc.eps, weightDecay: oc.weightDecay }, decayMaskFromLayout(layout));
  if (optimizerState) optimizer.loadState(optimizerState);
  const controllerCfg = { ...config.reset.controller, startStep: 0 };
  const controller = controllerState ? ReferenceResetController.fromState(controllerState, controllerCfg) : new ReferenceResetController(controllerCfg);
  const rng = new Rng(rngState);
  const prompts = new PromptStream(suite, config.seed, consumed);
  const validationItems = vc.every > 0 ? sampleSplit(suite, 'validation', vc.items, config.seed) : [];

  const engine = new OrtRolloutEngine(model, params);
  const scorer = new OrtScorer(model);
  const trainer = new OrtTrainer(model, params);

  // Fresh run: the metrics file starts empty and the reference (= initial policy) is saved.
  if (run.outDir !== null) {
    await fs.mkdir(run.outDir, { recursive: true });
    if (!run.resume) {
      await fs.writeFile(metricsPath!, '');
      await saveCheckpoint(path.join(ckptRoot!, refDir), { config: model, params: reference, step: 0, tokenizer: tokenizer.toJSON(), metadata: { kind: 'prorl-reference' } });
    } else {
      await truncateMetrics(metricsPath!, startStep - 1);
    }
  }

  const saveRun = async (step: number): Promise<string | null> => {
    if (ckptRoot === null) return null;
    const dir = lastCheckpointDir(run.outDir!);
    const meta: RunState = { kind: 'prorl', consumed: prompts.consumed, controller: controller.getState(), refDir, config };
    await saveCheckpoint(dir, { config: model, params, step, optimizer: optimizer.state(), rng: rng.state(), tokenizer: tokenizer.toJSON(), metadata: meta as unknown as Record<string, unknown> });
    return dir;
  };

  const metrics: ProRLStepMetrics[] = [];
  let lastStep = startStep - 1;
  let lastCkptStep = run.resume ? startStep - 1 : -1;
  let checkpointDir: string | null = null;
  const t0 = Date.now();
  const sampleSettings = { n: rollout.n, temperature: rollout.temperature, topP: rollout.topP, maxNewTokens: rollout.maxNewTokens, maxRowsPerCall: rollout.maxRowsPerCall };
  try {
    for (let step = startStep; step <= run.steps; step++) {
      if (opts.signal?.aborted) break;
      const tStep = Date.now();
      const m: ProRLStepMetrics = { step };

      // ---- 2. rollouts, rewards, dynamic sampling ------------------------------------------------
      const collector = new GroupCollector<SampledRow[]>(rollout.promptsPerStep, alg.dynamicSampling.maxRounds, alg.dynamicSampling.enabled);
      const allRows: SampledRow[] = [];
      const allRewards: number[] = [];
      const rewardOf = new Map<SampledRow, number>(); // shaped reward of each row, for the advantages
      while (collector.wantsMore) {
        const items: SuiteItem[] = prompts.take(rollout.promptsPerStep);
        const seeds = Array.from({ length: items.length * rollout.n }, () => rng.nextU32());
        const rows = await sampleAndScore(engine, tokenizer, items, sampleSettings, seeds);
        const rewards = shapeRewards(rows, opts.reward ? opts.reward(rows) : rows.map((r) => r.score.score), config);
        const groups: SampledRow[][] = [];
        const groupRewards: number[][] = [];
        for (let g = 0; g < items.length; g++) {
          groups.push(rows.slice(g * rollout.n, (g + 1) * rollout.n));
          groupRewards.push(Array.from(rewards.subarray(g * rollout.n, (g + 1) * rollout.n)));
        }
        rows.forEach((r, i) => rewardOf.set(r, rewards[i]!));
        collector.addRound(groups, groupRewards);
        allRows.push(...rows);
        allRewards.push(...rewards);
      }
      const { groups, stats } = collector.take();
      Object.assign(m, rolloutMetrics(allRows, allRewards), dynamicMetrics(stats));
      m['dynamic/trained_groups'] = groups.length;

      // ---- 3. GRPO advantages (per group, over the shaped rewards) -------------------------------
      const rows = groups.flat();
      const updates: Record<string, number[]> = {};
      const push = (k: string, v: number) => (updates[k] ??= []).push(v);
      if (rows.length > 0) {
        const B = rows.length;
        const adv = grpoAdvantage({
          B,
          T: 1,
          tokenLevelRewards: rows.map((r) => rewardOf.get(r)!),
          responseMask: new Float32Array(B).fill(1),
          index: rows.map((_, i) => Math.floor(i / rollout.n)),
        }).advantages;

        // ---- 4. mini-batch updates --------------------------------------------------------------
        const perMb = alg.miniBatchPrompts * rollout.n;
        for (let r0 = 0; r0 < B; r0 += perMb) {
          const mbRows = rows.slice(r0, r0 + perMb);
          const batch = buildPolicyBatch(mbRows, adv.subarray(r0, r0 + perMb), tokenizer.special.pad);
          const dims = { B: batch.B, T: batch.T };
          const scoreBatch = { B: batch.B, T: batch.T, ids: batch.ids, attnMask: batch.attnMask };
          // Current log-probs: before the first update of the step they equal the rollout's.
          const logProb = r0 === 0 ? batch.oldLogProb : Float64Array.from((await scorer.score(params, scoreBatch)).logp);
          const refLogProb = alg.klCoef > 0 ? Float64Array.from((await scorer.score(reference, scoreBatch)).logp) : undefined;
          const loss = actorLoss(
            { dims, oldLogProb: batch.oldLogProb, logProb, advantages: batch.advantages, mask: batch.responseMask, ...(refLogProb ? { refLogProb } : {}) },
            lossConfig,
          );
          const g = await trainer.gradients({ ...scoreBatch, coef: loss.gradLogProbs });
          const clip = clipGradNorm(g.grads, oc.gradClip);
          optimizer.update(params, g.grads, oc.lr);
          let ent = 0;
          for (let i = 0; i < g.entropy.length; i++) ent += g.entropy[i]! * batch.responseMask[i]!;
          push('actor/entropy', ent / Math.max(1, batch.tokens));
          push('actor/grad_norm', clip.norm);
          for (const [k, v] of Object.entries(loss.metrics)) if (typeof v === 'number') push(k, v);
        }
      }
      for (const k of ['actor/pg_loss', 'actor/kl_loss', 'actor/pg_clipfrac', 'actor/pg_clipfrac_lower', 'actor/ppo_kl', 'actor/kl_share', 'actor/loss', 'actor/entropy', 'actor/grad_norm']) {
        m[k] = updates[k] ? mean(updates[k]!) : null;
      }
      m['actor/updates'] = updates['actor/grad_norm']?.length ?? 0;
      m['actor/lr'] = oc.lr;

      // ---- 5. validation ------------------------------------------------------------------------
      let validation: number | undefined;
      if (vc.every > 0 && (step % vc.every === 0 || step === run.steps) && validationItems.length > 0) {
        const v = await validate(engine, tokenizer, validationItems, config);
        validation = v.pass1;
        Object.assign(m, v.metrics);
      }

      // ---- 6. reference-reset controller --------------------------------------------------------
      if (config.reset.manualAtSteps.includes(step)) controller.requestReset(`manual: reset.manualAtSteps includes step ${step}`);
      const manual = opts.requestReset?.(step) ?? null;
      if (manual !== null) controller.requestReset(`manual: ${manual}`);
      const klShare = m['actor/kl_share'];
      const ev = controller.observe(step, { ...(validation !== undefined ? { validation } : {}), ...(typeof klShare === 'number' && Number.isFinite(klShare) ? { klShare } : {}) });
      if (ev) {
        reference = Float32Array.from(params); // π_ref ← π_θ
        if (ev.resetOptimizer) optimizer.reset(); // fresh AdamW state [P §2.3.1]
        refDir = `ref-${step}`;
        if (ckptRoot !== null) await saveCheckpoint(path.join(ckptRoot, refDir), { config: model, params: reference, step, tokenizer: tokenizer.toJSON(), metadata: { kind: 'prorl-reference', reset: { ...ev } } });
        m['reset/reason'] = ev.reason;
        m['reset/detail'] = ev.detail;
        opts.onReset?.(ev);
      }
      m['reset/count'] = controller.history.length;
      m['data/prompts_consumed'] = prompts.consumed;

      // ---- 7. log, checkpoint -------------------------------------------------------------------
      const now = Date.now();
      m['time/step_sec'] = (now - tStep) / 1000;
      m['time/elapsed_sec'] = (now - t0) / 1000;
      const done = step - startStep + 1;
      m['time/eta_sec'] = ((now - t0) / 1000 / done) * (run.steps - step);
      metrics.push(m);
      if (metricsPath !== null) await fs.appendFile(metricsPath, JSON.stringify(m) + '\n');
      opts.onStep?.(m);
      lastStep = step;
      if (run.checkpointEvery > 0 && step % run.checkpointEvery === 0) {
        checkpointDir = await saveRun(step);
        lastCkptStep = step;
      }
    }
    if (lastCkptStep !== lastStep) checkpointDir = await saveRun(lastStep);
  } finally {
    await Promise.all([engine.release(), scorer.release(), trainer.release()]);
  }
  return { config, model, tokenizer, params, metrics, resets: [...controller.history], step: lastStep, checkpointDir, optimizerStep: optimizer.step };
}

/** Base reward (verifier score), then the optional stop-properly penalty and overlong shaping. [B] */
export function shapeRewards(rows: readonly SampledRow[], scores: readonly number[], config: ProRLConfig): Float64Array {
  let r: Float64Array = Float64Array.from(scores);
  const alg = config.algorithm;
  if (alg.stopProperlyCoef !== null) r = applyStopProperlyPenalty(r, rows.map((x) => x.finishReason === 'stop'), alg.stopProperlyCoef);
  if (alg.overlong !== null) {
    r = applyOverlongShaping(r, rows.map((x) => x.tokens.length), { maxLength: config.rollout.maxNewTokens, bufferLength: alg.overlong.bufferLength, penaltyFactor: alg.overlong.penaltyFactor });
  }
  return r;
}

/** Reward, accuracy (overall, per domain, per family), response length, truncation and format rates. */
function rolloutMetrics(rows: readonly SampledRow[], rewards: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  out['reward/mean'] = mean(rewards);
  out['reward/score_mean'] = mean(rows.map((r) => r.score.score));
  out['acc/mean'] = mean(rows.map((r) => (r.score.score === 1 ? 1 : 0)));
  const by = (key: (r: SampledRow) => string, prefix: string) => {
    const acc: Record<string, number[]> = {};
    for (const r of rows) (acc[key(r)] ??= []).push(r.score.score === 1 ? 1 : 0);
    for (const [k, v] of Object.entries(acc)) out[`${prefix}/${k}`] = mean(v);
  };
  by((r) => r.item.domain, 'acc/domain');
  by((r) => r.item.family, 'acc/family');
  const lens = rows.map((r) => r.tokens.length);
  out['response/length_mean'] = mean(lens);
  out['response/length_max'] = lens.length ? Math.max(...lens) : 0;
  out['response/truncated_rate'] = mean(rows.map((r) => (r.finishReason === 'length' ? 1 : 0)));
  out['response/format_rate'] = mean(rows.map((r) => (r.score.extracted !== null ? 1 : 0)));
  out['rollout/rows'] = rows.length;
  out['rollout/prompt_truncated_rate'] = mean(rows.map((r) => (r.promptTruncated ? 1 : 0)));
  return out;
}

function dynamicMetrics(s: DynamicSamplingStats): Record<string, number | boolean> {
  return {
    'dynamic/rounds': s.rounds,
    'dynamic/generated_groups': s.generated,
    'dynamic/kept_groups': s.kept,
    'dynamic/dropped_groups': s.dropped,
    'dynamic/all_correct': s.reasons.all_correct,
    'dynamic/all_wrong': s.reasons.all_wrong,
    'dynamic/all_equal': s.reasons.all_equal,
    'dynamic/surplus': s.surplus,
    'dynamic/exhausted': s.exhausted,
  };
}

/**
 * Validation: n samples per item at the eval sampling settings; pass@1 = mean exact-solve rate.
 * Seeds are fixed per (item, sample), so successive validations differ only by the policy.
 */
async function validate(engine: OrtRolloutEngine, tok: Tokenizer, items: readonly SuiteItem[], config: ProRLConfig): Promise<{ pass1: number; metrics: Record<string, number> }> {
  const vc = config.validation;
  const seeds = Array.from({ length: items.length * vc.n }, (_, i) => (config.seed * 7919 + 1_000_003 + i) >>> 0);
  const rows = await sampleAndScore(engine, tok, items, { n: vc.n, temperature: vc.temperature, topP: vc.topP, maxNewTokens: config.rollout.maxNewTokens, maxRowsPerCall: config.rollout.maxRowsPerCall }, seeds);
  const pass1 = mean(rows.map((r) => (r.score.score === 1 ? 1 : 0)));
  const metrics: Record<string, number> = { 'val/pass1': pass1, 'val/score': mean(rows.map((r) => r.score.score)) };
  const fam: Record<string, number[]> = {};
  for (const r of rows) (fam[r.item.family] ??= []).push(r.score.score === 1 ? 1 : 0);
  for (const [k, v] of Object.entries(fam)) metrics[`val/pass1/${k}`] = mean(v);
  return { pass1, metrics };
}

/** Keeps the metrics lines of steps <= `lastStep` (a resume rewrites what came after the checkpoint). */
async function truncateMetrics(file: string, lastStep: number): Promise<void> {
  let text = '';
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return;
  }
  const keep = text.split('\n').filter((l) => {
    if (!l.trim()) return false;
    try {
      return (JSON.parse(l) as { step: number }).step <= lastStep;
    } catch {
      return false;
    }
  });
  await fs.writeFile(file, keep.map((l) => l + '\n').join(''));
}
