/**
 * One experiment on one dataset, end to end (the glue `prorl-rec pipeline` and the `repro-rec` bench
 * suite call): simulator → pretraining (π_0) → RL per estimator and seed → evaluation of every method
 * and the baselines on the evaluation records → one `MethodComparison` (the `compare --json` shape).
 *
 * Algorithm order: train the simulator once (seed 2024) → pretrain π_0 once on `trainRecords` (seed
 * 2024) → for each estimator, for each seed: RL from π_0 with that seed, evaluate greedy @1 → baselines
 * (π_0, random paths, simulator-driven greedy) evaluated per seed (only random paths depend on it).
 * The simulator and π_0 are shared by every seed, so the std covers the RL stage only.
 *
 * Per RL run the step logs are reduced to per-epoch means of `rec/path_len` (Table 5's length-shortcut
 * study) and `rec/adv_var` (advantage variance).
 *
 * Every method is also scored on held-out records (default `dataset.val`: records kept out of
 * pretraining and RL whose targets are natural path ends, the distribution RL trains on), so a method
 * that does not beat π_0 on the test records (random targets) can be told apart: did it not learn, or
 * not transfer to random targets?
 */
import { join } from 'node:path';
import { InvalidParamError } from '@prorl/rl-core';
import type { PathRecord, RecDataset } from '../data/types.js';
import { compareMethods, comparisonRow, evaluateGenerator, type EvalContext, type MethodComparison, type MethodSpec } from '../eval/evaluate.js';
import type { PathMetrics } from '../metrics/path-metrics.js';
import { PathPolicy, type PathPolicyConfig } from '../policy/path-policy.js';
import { RandomPathGenerator } from '../baselines/random-paths.js';
import { SimulatorGreedyGenerator } from '../baselines/simulator-greedy.js';
import type { SimulatorKind } from '../simulator/trainable.js';
import type { SasRecConfig } from '../simulator/sasrec.js';
import { trainSimulator } from '../simulator/train.js';
import type { NextItemMetrics } from '../simulator/evaluate.js';
import { pretrainPathPolicy } from '../train/pretrain.js';
import { trainPathRL, type RlStepLog } from '../train/rl.js';
import type { PathRlConfigInput } from '../rl/config.js';

/**
 * The RL methods `prorl-rec train` and the experiment offer: Table 5's estimators on the SRC rewards
 * ("all use the same normalized rewards"; A2C is not offered), plus `reinforce_raw`, the naive
 * estimator ĝ_std of §2.2 / §3.5 on the raw rewards, the setting in which the paper describes the length
 * shortcut (paths grow to L_max).
 */
export type RlMethod = 'prorl' | 'reinforce' | 'grpo' | 'rtg' | 'reinforce_raw';
export const RL_METHODS: readonly RlMethod[] = ['prorl', 'reinforce', 'grpo', 'rtg', 'reinforce_raw'];
export const RL_METHOD_OBJECTIVES: Record<RlMethod, PathRlConfigInput> = {
  prorl: { estimator: 'prorl' },
  reinforce: { estimator: 'reinforce' },
  grpo: { estimator: 'grpo' },
  rtg: { estimator: 'rtg' },
  reinforce_raw: { estimator: 'reinforce', fusion: 'raw' },
};

/** The sizes of every stage (the knobs that decide the run time). */
export interface ExperimentSizes {
  /** Simulator epochs (early stopping on val loss may stop sooner). */
  simulatorEpochs: number;
  sasrec: Partial<Omit<SasRecConfig, 'numItems'>>;
  /** Policy shape (library default: D 128, H 4, L 4 ≈ 0.8M parameters; the presets use smaller ones, see below). */
  policy: Partial<PathPolicyConfig>;
  pretrainEpochs: number;
  /** 0 = all epochs. */
  pretrainMaxSteps: number;
  pretrainBatchSize: number;
  /** Peak pretraining learning rate (the paper: 5e-3). */
  pretrainLr: number;
  rlEpochs: number;
  /**
   * Per-method RL epochs, replacing `rlEpochs` for the methods named. The default preset gives
   * `reinforce_raw` twice the budget: it is not a Table 5 row but the experiment of §2.2 / Fig. 2,
   * where the naive estimator's paths reach L_max "within a few hundred steps"; at 30 steps its paths
   * were still growing (7.4 items on ML-100K, 7.9 on ML-1M, 2026-11-27), at 35 they reached 8.5.
   */
  rlEpochsByMethod?: Partial<Record<RlMethod, number>>;
  rlStepsPerEpoch: number;
  promptsPerStep: number;
  samplesPerPrompt: number;
  /** RL learning rate (the paper: 1e-4 on ML-1M at 512 prompts per step). */
  rlLr: number;
  /**
   * Evaluation records (0 = all; else the first n). `default` evaluates all of them (ML-1M: the
   * authors' 6,928 test records). A prefix is not a sample: the released test records come in runs
   * of the same user, and π_0's ML-1M IoI on successive 1,000-record slices was .42, .44, .39, .34,
   * .24, .24 and .40 (2026-11-27, `scripts/slice-ioi.mts`), a spread larger than the RL methods'
   * differences.
   */
  evalRecords: number;
}

/**
 * A 0.11M-parameter policy (D 64, H 2, L 2). Measured on ML-100K (2026-11-27, `scripts/pretrain-probe.mts`):
 * after 8 pretraining epochs (~1,400 steps, ~0.15-0.2 s each) its sampled paths have 3.1 items and 6.8%
 * invalid codes. With the 0.8M default after 2 epochs (all the time budget allowed), 26% of the items of
 * the first RL step were invalid, and every invalid item gets the reference's large penalty. RL steps
 * take ~1.5 s at 16 × 16 rollouts instead of ~6-12 s.
 */
const SMALL_POLICY: Partial<PathPolicyConfig> = { model: { dModel: 64, nHeads: 2, nLayers: 2 } };

/** Named size presets. `tiny`: seconds on a toy dataset (tests); `ml100k`: the documented < 60 min pipeline. */
export type ExperimentPreset = 'tiny' | 'smoke' | 'ml100k' | 'default' | 'full';
export const EXPERIMENT_PRESETS: Record<ExperimentPreset, ExperimentSizes> = {
  tiny: { simulatorEpochs: 1, sasrec: { dModel: 16, nHeads: 1, nLayers: 1, dFF: 32, maxLen: 20 }, policy: { model: { dModel: 32, nHeads: 2, nLayers: 1 }, maxHistoryItems: 3, maxPathItems: 4 }, pretrainEpochs: 1, pretrainMaxSteps: 2, pretrainBatchSize: 16, pretrainLr: 3e-3, rlEpochs: 1, rlStepsPerEpoch: 2, promptsPerStep: 2, samplesPerPrompt: 4, rlLr: 1e-4, evalRecords: 16 },
  smoke: { simulatorEpochs: 1, sasrec: { dModel: 16, nHeads: 1, nLayers: 1, dFF: 32, maxLen: 20 }, policy: { model: { dModel: 32, nHeads: 2, nLayers: 1 } }, pretrainEpochs: 1, pretrainMaxSteps: 10, pretrainBatchSize: 32, pretrainLr: 3e-3, rlEpochs: 1, rlStepsPerEpoch: 2, promptsPerStep: 2, samplesPerPrompt: 8, rlLr: 3e-4, evalRecords: 32 },
  ml100k: { simulatorEpochs: 30, sasrec: {}, policy: SMALL_POLICY, pretrainEpochs: 8, pretrainMaxSteps: 0, pretrainBatchSize: 64, pretrainLr: 3e-3, rlEpochs: 3, rlStepsPerEpoch: 20, promptsPerStep: 16, samplesPerPrompt: 16, rlLr: 3e-4, evalRecords: 0 },
  default: { simulatorEpochs: 10, sasrec: {}, policy: SMALL_POLICY, pretrainEpochs: 5, pretrainMaxSteps: 0, pretrainBatchSize: 64, pretrainLr: 3e-3, rlEpochs: 3, rlEpochsByMethod: { reinforce_raw: 6 }, rlStepsPerEpoch: 10, promptsPerStep: 12, samplesPerPrompt: 16, rlLr: 3e-4, evalRecords: 0 },
  full: { simulatorEpochs: 30, sasrec: {}, policy: SMALL_POLICY, pretrainEpochs: 16, pretrainMaxSteps: 0, pretrainBatchSize: 64, pretrainLr: 3e-3, rlEpochs: 5, rlStepsPerEpoch: 40, promptsPerStep: 16, samplesPerPrompt: 16, rlLr: 3e-4, evalRecords: 0 },
};

/**
 * ML-1M (the authors' records) needs more than the presets give ML-100K, measured on 2026-11-27:
 * - π_0 pretrains 15 epochs: with the authors' semantic IDs and ~6k training paths, the 0.23M-parameter
 *   policy (SMALL_POLICY with ML-1M's larger code vocabulary) samples 50% invalid codes after 5 epochs,
 *   20% after 15 and 35% after 30 (overfitted), `scripts/pretrain-probe.mts`. Every invalid item is
 *   penalised, so a π_0 that hallucinates half its items leaves RL mostly learning to avoid them.
 * - RL runs at the paper's ML-1M learning rate, 1e-4 (research/prorl-rec.md §5), and at `default` for
 *   60 steps (3 epochs of 20). At 3e-4 for 30 steps ProRL's paths grew to 7.2 items and its test IoI
 *   fell below π_0's (.297 vs .436, 3 seeds); at 3e-4 for 60 steps they reached the 10-item limit. At
 *   1e-4 for 60 steps (seed 1, `scripts/rl-probe.mts` with `LR=1e-4 STEPS=20`) ProRL's rollouts grew
 *   2.1 → 5.9 items and its greedy IoI / IoR were .432 / 83.3, against REINFORCE's .376 / 54.5 and
 *   GRPO's .363 / 67.5. The naive estimator (`reinforce_raw`) then runs 120 steps (its 6 epochs of 20).
 */
const ML1M_SIZES: Partial<Record<ExperimentPreset, Partial<ExperimentSizes>>> = {
  ml100k: { pretrainEpochs: 15, rlLr: 1e-4 },
  default: { pretrainEpochs: 15, rlLr: 1e-4, rlStepsPerEpoch: 20 },
  full: { pretrainEpochs: 15, rlLr: 1e-4 },
};

/** A preset's changes for one dataset, by the dataset's name (`{}` when there are none). */
export function datasetSizeChanges(preset: ExperimentPreset, dataset: string): Partial<ExperimentSizes> {
  return dataset === 'ml-1m' ? { ...(ML1M_SIZES[preset] ?? {}) } : {};
}

/** The sizes a preset runs one dataset with: the preset, with that dataset's changes. */
export function experimentSizes(preset: ExperimentPreset, dataset: string): ExperimentSizes {
  return { ...EXPERIMENT_PRESETS[preset], ...datasetSizeChanges(preset, dataset) };
}

export interface RecExperimentOptions {
  dataset: RecDataset;
  /** Records for pretraining and RL prompts. Default `dataset.train`. */
  trainRecords?: readonly PathRecord[];
  /** Records the methods are evaluated on. Default `dataset.test`. */
  evalRecords?: readonly PathRecord[];
  /**
   * Records every method is also scored on, reported apart (`heldOut`). Default `dataset.val` (natural
   * targets, out of pretraining and RL); `[]` skips. Capped like the evaluation records (`sizes.evalRecords`).
   */
  heldOutRecords?: readonly PathRecord[];
  kind?: SimulatorKind;
  methods: readonly RlMethod[];
  seeds: readonly number[];
  baselines: boolean;
  sizes: ExperimentSizes;
  /** Checkpoints and JSONL metrics go here (simulator/, pretrain/, rl-<method>-s<seed>/). */
  outDir?: string;
  onProgress?: (line: string) => void;
}

/** Per-epoch means of one RL run. */
export interface RlCurve {
  method: RlMethod;
  seed: number;
  epochs: { epoch: number; path_len: number; adv_var: number; reward_step_mean: number; item_valid_rate: number }[];
}

export interface RecExperimentResult {
  /** Every method on the evaluation records (the `compare --json` object). */
  compare: MethodComparison;
  /** The same methods and seeds on the held-out records; absent when there are none. */
  heldOut?: { records: number; compare: MethodComparison };
  curves: RlCurve[];
  simulator: { val?: NextItemMetrics; test?: NextItemMetrics };
  /** Wall time per stage (seconds). */
  seconds: Record<'simulator' | 'pretrain' | 'rl' | 'eval' | 'total', number>;
  notes: string[];
}

/** Per-epoch means of the step logs. */
export function rlCurve(method: RlMethod, seed: number, logs: readonly RlStepLog[]): RlCurve {
  const by = new Map<number, RlStepLog[]>();
  for (const l of logs) by.set(l.epoch, [...(by.get(l.epoch) ?? []), l]);
  const mean = (ls: RlStepLog[], k: string) => ls.reduce((a, l) => a + (l.metrics[k] ?? 0), 0) / Math.max(ls.length, 1);
  return { method, seed, epochs: [...by].sort((a, b) => a[0] - b[0]).map(([epoch, ls]) => ({ epoch, path_len: mean(ls, 'rec/path_len'), adv_var: mean(ls, 'rec/adv_var'), reward_step_mean: mean(ls, 'rec/reward_step_mean'), item_valid_rate: mean(ls, 'rec/item_valid_rate') })) };
}

export async function runRecExperiment(o: RecExperimentOptions): Promise<RecExperimentResult> {
  if (o.seeds.length === 0) throw new InvalidParamError('seeds', 'is empty', 'pass at least one seed');
  const t0 = performance.now();
  const now = () => (performance.now() - t0) / 1000;
  const say = (s: string) => o.onProgress?.(s);
  const z = o.sizes;
  const d = o.dataset;
  const train = o.trainRecords ?? d.train;
  const evalAll = o.evalRecords ?? d.test;
  const evalRecs = z.evalRecords > 0 ? evalAll.slice(0, z.evalRecords) : evalAll;
  const heldAll = o.heldOutRecords ?? d.val;
  const heldRecs = z.evalRecords > 0 ? heldAll.slice(0, z.evalRecords) : heldAll;
  const out = (p: string) => (o.outDir ? join(o.outDir, p) : undefined);
  const seconds = { simulator: 0, pretrain: 0, rl: 0, eval: 0, total: 0 };
  const notes: string[] = [];

  // --- simulator ---
  say(`[1/4] simulator (${o.kind ?? 'sasrec'}) on ${d.name}`);
  const kind = o.kind ?? 'sasrec';
  const simOut = out(kind === 'sasrec' ? 'simulator' : 'simulator.safetensors');
  const sim = await trainSimulator({ dataset: d, kind, epochs: z.simulatorEpochs, sasrec: z.sasrec, ...(simOut ? { checkpoint: simOut } : {}), ...(o.outDir ? { metricsFile: join(o.outDir, 'simulator.jsonl') } : {}), ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
  seconds.simulator = sim.seconds;
  notes.push(...sim.notes);
  if (sim.test) say(`simulator test HR@10 ${sim.test.hr.toFixed(4)} NDCG@10 ${sim.test.ndcg.toFixed(4)}`);
  const ctx: EvalContext = { simulator: sim.simulator, itemIndex: sim.index, catalog: d.catalog };

  // --- pretraining ---
  const tp = now();
  say(`[2/4] pretraining π_0 on ${train.length} records`);
  const pi0 = PathPolicy.fromSemanticIds(d.semanticIds, { config: z.policy, seed: 2024 });
  const pre = await pretrainPathPolicy(
    pi0,
    train,
    { epochs: z.pretrainEpochs, maxSteps: z.pretrainMaxSteps, batchSize: z.pretrainBatchSize, lr: z.pretrainLr, warmupSteps: Math.min(50, Math.max(1, Math.floor(z.pretrainMaxSteps > 0 ? z.pretrainMaxSteps / 10 : 50))), ...(out('pretrain') ? { checkpointDir: out('pretrain')!, metricsFile: join(o.outDir!, 'pretrain.jsonl') } : {}) },
    { onStep: (l) => { if (l.step % 10 === 0 || l.eta < 1) say(`pretrain step ${l.step} loss ${l.loss.toFixed(4)} ${l.rate.toFixed(2)} steps/s ETA ${l.eta.toFixed(0)} s`); } },
  );
  seconds.pretrain = now() - tp;
  notes.push(`π_0: ${pre.steps} pretraining steps (final epoch loss ${pre.finalLoss.toFixed(4)}), ${pi0.layout.totalSize} parameters.`);
  const reference = Float32Array.from(pi0.params);

  // --- RL, evaluation ---
  const curves: RlCurve[] = [];
  const specs: MethodSpec[] = [];
  // held-out scores per method, one per seed, in the order compareMethods runs them
  const heldRuns = new Map<string, PathMetrics[]>();
  const evalOne = async (method: string, gen: Parameters<typeof evaluateGenerator>[0], seed: number): Promise<PathMetrics> => {
    const te = now();
    const r = await evaluateGenerator(gen, evalRecs, ctx, { k: 1, seed });
    if (heldRecs.length > 0) heldRuns.set(method, [...(heldRuns.get(method) ?? []), await evaluateGenerator(gen, heldRecs, ctx, { k: 1, seed })]);
    seconds.eval += now() - te;
    return r;
  };
  for (const m of o.methods) {
    specs.push({
      method: m,
      run: async (seed) => {
        const tr = now();
        say(`[3/4] RL ${m} seed ${seed}`);
        const policy = pi0.withParams(Float32Array.from(reference));
        const dir = out(`rl-${m}-s${seed}`);
        const res = await trainPathRL(
          { objective: RL_METHOD_OBJECTIVES[m], seed, epochs: z.rlEpochsByMethod?.[m] ?? z.rlEpochs, stepsPerEpoch: z.rlStepsPerEpoch, promptsPerStep: z.promptsPerStep, samplesPerPrompt: z.samplesPerPrompt, lr: z.rlLr, ...(dir ? { checkpointDir: dir, metricsFile: join(dir, 'metrics.jsonl') } : {}) },
          { init: policy, reference, simulator: sim.simulator, itemIndex: sim.index, records: train, onStep: (l) => say(`rl ${m} s${seed} step ${l.step} path_len ${(l.metrics['rec/path_len'] ?? 0).toFixed(2)} ${l.rate.toFixed(3)} steps/s ETA ${l.eta.toFixed(0)} s`) },
        );
        seconds.rl += now() - tr;
        curves.push(rlCurve(m, seed, res.logs));
        say(`[4/4] evaluating ${m} seed ${seed} on ${evalRecs.length} records${heldRecs.length > 0 ? ` (+ ${heldRecs.length} held-out)` : ''}`);
        const r = await evalOne(m, res.policy, seed);
        await res.policy.release();
        return r;
      },
    });
  }
  if (o.baselines) {
    const items = [...(d.semanticIds?.keys() ?? d.catalog.keys())];
    const P = pi0.config.maxPathItems;
    specs.push({ method: 'pretrained', run: (seed) => evalOne('pretrained', pi0.named('pretrained'), seed) });
    specs.push({ method: 'random', run: (seed) => evalOne('random', new RandomPathGenerator({ items, maxLen: P }), seed) });
    specs.push({ method: 'sim-greedy', run: (seed) => evalOne('sim-greedy', new SimulatorGreedyGenerator({ name: 'sim-greedy', simulator: sim.simulator, itemIndex: sim.index, maxLen: P, ...(d.semanticIds ? { closeness: 'code_overlap' as const, semanticIds: d.semanticIds } : {}) }), seed) });
  }
  const compare = await compareMethods(d.name, specs, o.seeds);
  await pi0.release();
  seconds.total = now();
  notes.push(`Evaluated on ${evalRecs.length} records (greedy @1); simulator and π_0 trained once (seed 2024), RL repeated per seed (${o.seeds.join(', ')}).`);
  const heldOut = heldRecs.length > 0 ? { records: heldRecs.length, compare: { dataset: d.name, rows: specs.map((s) => comparisonRow(s.method, heldRuns.get(s.method) ?? [])) } } : undefined;
  if (heldOut) notes.push(`Also scored on ${heldRecs.length} held-out records (natural targets, out of pretraining and RL): heldOut.`);
  return { compare, ...(heldOut ? { heldOut } : {}), curves, simulator: { ...(sim.val ? { val: sim.val } : {}), ...(sim.test ? { test: sim.test } : {}) }, seconds, notes };
}
