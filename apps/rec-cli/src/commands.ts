/**
 * The command handlers: each parses its options into a library call and prints the result (text, or
 * one JSON object with --json). Progress goes to stderr. No training or evaluation logic lives here.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  experimentSizes,
  RL_METHOD_OBJECTIVES,
  RandomPathGenerator,
  SimulatorGreedyGenerator,
  PathPolicy,
  compareGenerators,
  evaluateGenerator,
  evaluateNextItem,
  loadDataset,
  loadPathPolicy,
  loadSimulator,
  loadSimulatorMetadata,
  prepareFromSource,
  pretrainPathPolicy,
  resolveDataDir,
  runRecExperiment,
  saveDataset,
  simulatorData,
  trainPathRL,
  trainSimulator,
  writeFileAtomic,
  type DataSource,
  type SourceOptions,
  type EvalContext,
  type ItemIndex,
  type ExperimentPreset,
  type MethodComparison,
  type PathAblation,
  type PathRlConfigInput,
  type PathGenerator,
  type PathRecord,
  type RecDataset,
  type RlMethod,
  type SimulatorKind,
} from '@prorl/rec';
import { CliInputError } from './errors.js';
import { resolvePolicyPath, resolveSimulatorPath, simulatorCheckpoint } from './paths.js';
import { progress } from './progress.js';

const out = (s: string) => process.stdout.write(`${s}\n`);
const f4 = (x: number) => x.toFixed(4);

export type Split = 'train' | 'val' | 'test';

function records(d: RecDataset, split: Split, n: number): PathRecord[] {
  const rs = d[split];
  return n > 0 ? rs.slice(0, n) : rs;
}

interface Loaded {
  dataset: RecDataset;
  ctx: EvalContext & { itemIndex: ItemIndex };
}

/** Dataset + simulator (+ its item index) → the evaluation context. */
async function loadContext(dataFile: string, simDir: string): Promise<Loaded> {
  const dataset = loadDataset(dataFile);
  const simPath = resolveSimulatorPath(simDir);
  if (!existsSync(simPath)) throw new CliInputError('--simulator', `${simDir} does not exist`, 'pass the --out directory of `prorl-rec simulator train`');
  const simulator = await loadSimulator(simPath);
  const meta = await loadSimulatorMetadata(simPath);
  const itemIndex = meta.index ?? simulatorData(dataset).index;
  return { dataset, ctx: { simulator, itemIndex, catalog: dataset.catalog } };
}

async function loadPolicy(dir: string, option: string): Promise<PathPolicy> {
  const p = resolvePolicyPath(dir);
  if (!existsSync(p)) throw new CliInputError(option, `${dir} does not exist`, 'pass the --out directory of `prorl-rec pretrain` or `prorl-rec train`');
  return (await loadPathPolicy(p)).policy;
}

// --- prepare / stats: see cli.ts (unchanged) ----------------------------------------------------

export interface SimTrainArgs {
  data: string;
  kind: SimulatorKind;
  out: string;
  epochs: number;
  batchSize?: number;
  dModel?: number;
  layers?: number;
  heads?: number;
  maxLen?: number;
  seed: number;
  json: boolean;
}

export async function simulatorTrain(a: SimTrainArgs): Promise<void> {
  const dataset = loadDataset(a.data);
  const log = progress();
  const shape = { ...(a.dModel !== undefined ? { dModel: a.dModel } : {}), ...(a.layers !== undefined ? { nLayers: a.layers } : {}), ...(a.maxLen !== undefined ? { maxLen: a.maxLen } : {}) };
  const r = await trainSimulator({
    dataset,
    kind: a.kind,
    epochs: a.epochs,
    seed: a.seed,
    ...(a.batchSize !== undefined ? { fit: { batchSize: a.batchSize } } : {}),
    sasrec: { ...shape, ...(a.heads !== undefined ? { nHeads: a.heads } : {}), ...(a.dModel !== undefined ? { dFF: 4 * a.dModel } : {}) },
    gru4rec: { ...(a.dModel !== undefined ? { embDim: a.dModel, hidden: 2 * a.dModel } : {}), ...(a.maxLen !== undefined ? { maxLen: a.maxLen } : {}) },
    checkpoint: simulatorCheckpoint(a.out, a.kind),
    metricsFile: join(a.out, 'metrics.jsonl'),
    onProgress: (l) => log(l),
  });
  const s = { dataset: dataset.name, kind: a.kind, out: a.out, best_epoch: r.fit.bestEpoch, seconds: r.seconds, val: r.val ?? null, test: r.test ?? null, notes: r.notes };
  if (a.json) out(JSON.stringify(s));
  else out(`${a.kind} on ${dataset.name}: best epoch ${r.fit.bestEpoch}, ${r.seconds.toFixed(1)} s -> ${a.out}\n  val  HR@10 ${r.val ? f4(r.val.hr) : '-'} NDCG@10 ${r.val ? f4(r.val.ndcg) : '-'}\n  test HR@10 ${r.test ? f4(r.test.hr) : '-'} NDCG@10 ${r.test ? f4(r.test.ndcg) : '-'}`);
}

export async function simulatorEval(a: { data: string; simulator: string; seed: number; json: boolean }): Promise<void> {
  const { dataset, ctx } = await loadContext(a.data, a.simulator);
  const data = simulatorData(dataset, a.seed);
  const sim = ctx.simulator;
  const [val, test] = [data.val.length ? await evaluateNextItem(sim, data.val) : null, data.test.length ? await evaluateNextItem(sim, data.test) : null];
  const s = { dataset: dataset.name, simulator: a.simulator, val, test };
  if (a.json) out(JSON.stringify(s));
  else out(`${dataset.name}: val HR@10 ${val ? f4(val.hr) : '-'} NDCG@10 ${val ? f4(val.ndcg) : '-'}; test HR@10 ${test ? f4(test.hr) : '-'} NDCG@10 ${test ? f4(test.ndcg) : '-'}`);
}

export interface PretrainArgs {
  data: string;
  out: string;
  split: Split;
  epochs: number;
  maxSteps: number;
  batchSize: number;
  lr: number;
  seed: number;
  dModel: number;
  heads: number;
  layers: number;
  maxHistory: number;
  maxPath: number;
  json: boolean;
}

export async function pretrain(a: PretrainArgs): Promise<void> {
  const dataset = loadDataset(a.data);
  const policy = PathPolicy.fromSemanticIds(dataset.semanticIds, { config: { model: { dModel: a.dModel, nHeads: a.heads, nLayers: a.layers }, maxHistoryItems: a.maxHistory, maxPathItems: a.maxPath }, seed: a.seed });
  const log = progress();
  const r = await pretrainPathPolicy(
    policy,
    dataset[a.split],
    { epochs: a.epochs, maxSteps: a.maxSteps, batchSize: a.batchSize, lr: a.lr, seed: a.seed, warmupSteps: a.maxSteps > 0 ? Math.min(50, Math.floor(a.maxSteps / 10)) : 50, checkpointDir: join(a.out, 'policy'), metricsFile: join(a.out, 'metrics.jsonl') },
    { onStep: (l) => log(`pretrain epoch ${l.epoch} step ${l.step} loss ${f4(l.loss)} ${l.rate.toFixed(2)} steps/s ETA ${l.eta.toFixed(0)} s`) },
  );
  await policy.release();
  const s = { dataset: dataset.name, out: a.out, steps: r.steps, final_loss: r.finalLoss, parameters: policy.layout.totalSize, skipped: r.skipped, seconds: r.seconds, stopped: r.stopped };
  if (a.json) out(JSON.stringify(s));
  else out(`pretrained ${s.parameters} parameters for ${r.steps} steps (final epoch loss ${f4(r.finalLoss)}, ${r.seconds.toFixed(1)} s) -> ${join(a.out, 'policy')}`);
}

export interface TrainArgs {
  data: string;
  simulator: string;
  init: string;
  estimator: RlMethod;
  ablation: PathAblation;
  out: string;
  resume: boolean;
  epochs: number;
  stepsPerEpoch: number;
  prompts: number;
  samples: number;
  lr: number;
  seed: number;
  checkpointEvery: number;
  /** Reward-handling options of the objective (defaults: DEFAULT_PATH_RL_CONFIG). */
  rewards?: Pick<PathRlConfigInput, 'statsOver' | 'penalties' | 'duplicates' | 'centreBy' | 'emptyPaths'>;
  json: boolean;
}

export async function train(a: TrainArgs): Promise<void> {
  const { dataset, ctx } = await loadContext(a.data, a.simulator);
  const init = resolvePolicyPath(a.init);
  if (!existsSync(init)) throw new CliInputError('--init', `${a.init} does not exist`, 'pass the --out directory of `prorl-rec pretrain`');
  const log = progress();
  const t0 = performance.now();
  const r = await trainPathRL(
    { objective: { ...RL_METHOD_OBJECTIVES[a.estimator], ...(a.rewards ?? {}) }, ablation: a.ablation, epochs: a.epochs, stepsPerEpoch: a.stepsPerEpoch, promptsPerStep: a.prompts, samplesPerPrompt: a.samples, lr: a.lr, seed: a.seed, checkpointDir: a.out, checkpointEvery: a.checkpointEvery, resume: a.resume, metricsFile: join(a.out, 'metrics.jsonl') },
    {
      init,
      simulator: ctx.simulator,
      itemIndex: ctx.itemIndex,
      records: dataset.train,
      onStep: (l) => log(`rl ${a.estimator} epoch ${l.epoch} step ${l.step} path_len ${(l.metrics['rec/path_len'] ?? 0).toFixed(2)} reward ${(l.metrics['rec/path_reward_mean'] ?? 0).toFixed(3)} ${l.rate.toFixed(3)} steps/s ETA ${l.eta.toFixed(0)} s`),
    },
  );
  await r.policy.release();
  const last = r.logs.at(-1)?.metrics ?? {};
  const s = { dataset: dataset.name, estimator: a.estimator, ablation: a.ablation, out: a.out, steps: r.steps, new_steps: r.logs.length, seconds: (performance.now() - t0) / 1000, path_len: last['rec/path_len'] ?? null, skipped: r.skipped, stopped: r.stopped };
  if (a.json) out(JSON.stringify(s));
  else out(`${a.estimator}${a.ablation !== 'none' ? ` (${a.ablation})` : ''}: ${r.steps} steps (${r.logs.length} this run, ${s.seconds.toFixed(1)} s) -> ${join(a.out, 'latest')}`);
}

export interface EvalArgs {
  data: string;
  simulator: string;
  policy: string;
  split: Split;
  records: number;
  k: number;
  seed: number;
  json: boolean;
}

export async function evalPolicy(a: EvalArgs): Promise<void> {
  const { dataset, ctx } = await loadContext(a.data, a.simulator);
  const policy = await loadPolicy(a.policy, '--policy');
  const recs = records(dataset, a.split, a.records);
  const log = progress();
  log(`evaluating on ${recs.length} ${a.split} records (k = ${a.k})`, true);
  const r = await evaluateGenerator(policy, recs, ctx, { k: a.k, seed: a.seed });
  await policy.release();
  if (a.json) out(JSON.stringify({ dataset: dataset.name, policy: a.policy, ...r }));
  else out(`${dataset.name} @${a.k}: CTR ${f4(r.ctr)}  Coherence ${f4(r.coherence)}  IoI ${f4(r.ioi)}  IoR ${r.ior.toFixed(2)}  path_len ${r.path_len.toFixed(2)}  invalid ${f4(r.invalid_rate)}  diversity ${f4(r.diversity)}  (${r.records} records, ${r.skipped} skipped)`);
}

/** `label=DIR` → [label, DIR]. */
export function parseMethod(spec: string): [string, string] {
  const i = spec.indexOf('=');
  if (i <= 0 || i === spec.length - 1) throw new CliInputError('--method', `'${spec}' is not label=DIR`, 'write e.g. --method prorl=runs/prorl');
  return [spec.slice(0, i), spec.slice(i + 1)];
}

export function formatComparison(c: MethodComparison): string {
  const head = ['method', 'CTR', 'Coherence', 'IoI', 'IoR', 'path_len', 'invalid', 'seeds'];
  const pm = (m: number, s: number, d: number, n: number) => (n > 1 ? `${m.toFixed(d)}±${s.toFixed(d)}` : m.toFixed(d));
  const rows = c.rows.map((r) => [r.method, pm(r.ctr, r.std.ctr, 4, r.seeds), pm(r.coherence, r.std.coherence, 4, r.seeds), pm(r.ioi, r.std.ioi, 4, r.seeds), pm(r.ior, r.std.ior, 2, r.seeds), pm(r.path_len, r.std.path_len, 2, r.seeds), pm(r.invalid_rate, r.std.invalid_rate, 4, r.seeds), String(r.seeds)]);
  const w = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
  const line = (r: string[]) => r.map((x, j) => x.padEnd(w[j]!)).join('  ');
  return [`dataset: ${c.dataset}`, line(head), ...rows.map(line)].join('\n');
}

export interface CompareArgs {
  data: string;
  simulator: string;
  method: string[];
  baselines: boolean;
  seeds: number;
  split: Split;
  records: number;
  k: number;
  json: boolean;
}

export async function compare(a: CompareArgs): Promise<void> {
  const specs = a.method.map(parseMethod);
  if (specs.length === 0 && !a.baselines) throw new CliInputError('--method', 'no method given', 'pass --method label=DIR (repeatable) and/or --baselines');
  if (!Number.isInteger(a.seeds) || a.seeds < 1) throw new CliInputError('--seeds', `must be a positive integer, got ${a.seeds}`, 'use e.g. 3');
  const { dataset, ctx } = await loadContext(a.data, a.simulator);
  const gens: PathGenerator[] = [];
  const policies: PathPolicy[] = [];
  for (const [label, dir] of specs) {
    const p = await loadPolicy(dir, `--method ${label}`);
    policies.push(p);
    gens.push(p.named(label));
  }
  const P = policies[0]?.config.maxPathItems ?? 10;
  if (a.baselines) {
    gens.push(new RandomPathGenerator({ items: [...(dataset.semanticIds?.keys() ?? dataset.catalog.keys())], maxLen: P }));
    gens.push(new SimulatorGreedyGenerator({ name: 'sim-greedy', simulator: ctx.simulator, itemIndex: ctx.itemIndex, maxLen: P, ...(dataset.semanticIds ? { closeness: 'code_overlap' as const, semanticIds: dataset.semanticIds } : {}) }));
  }
  const recs = records(dataset, a.split, a.records);
  progress()(`comparing ${gens.length} methods on ${recs.length} ${a.split} records × ${a.seeds} seeds`, true);
  const c = await compareGenerators(dataset.name, gens, recs, ctx, { seeds: Array.from({ length: a.seeds }, (_, i) => i + 1), k: a.k });
  for (const p of policies) await p.release();
  out(a.json ? JSON.stringify(c) : formatComparison(c));
}

/** The flags of `prepare` and `pipeline` that pick a source and read it. */
export interface SourceArgs {
  source: DataSource;
  data?: string;
  name?: string;
  inter?: string;
  item?: string;
  /** `--sim-histories` (release ML-1M): the simulator trains on whole ML-1M histories. */
  histories?: boolean;
  userK?: number;
  itemK?: number;
  /** Seed of the user split and test targets (`prepare --seed`). */
  seed?: number;
}

/** `prepareFromSource` options from the command line (the data root resolved as `resolveDataDir`). */
export function sourceOptions(a: SourceArgs): SourceOptions {
  const opts: SourceOptions = { source: a.source };
  const dataDir = resolveDataDir(a.data);
  if (dataDir) opts.dataDir = dataDir;
  if (a.name) opts.name = a.name;
  if (a.inter) opts.inter = a.inter;
  if (a.item) opts.item = a.item;
  if (a.histories) opts.histories = true;
  opts.config = { ...(a.seed !== undefined ? { seed: a.seed } : {}), ...(a.userK !== undefined ? { userK: a.userK } : {}), ...(a.itemK !== undefined ? { itemK: a.itemK } : {}) };
  return opts;
}

export interface PipelineArgs extends Omit<SourceArgs, 'seed'> {
  out: string;
  preset: ExperimentPreset;
  methods: RlMethod[];
  seeds: number;
  baselines: boolean;
  /** Also score every method on the dataset's val records (natural targets), into run.json's `heldOut`. */
  heldOut: boolean;
  json: boolean;
}

export async function pipeline(a: PipelineArgs): Promise<void> {
  const log = progress();
  const t0 = performance.now();
  log(`prepare ${a.source}${a.name ? ` ${a.name}` : ''}`, true);
  const dataset = prepareFromSource(sourceOptions(a));
  saveDataset(join(a.out, 'dataset.json'), dataset);
  const prepSec = (performance.now() - t0) / 1000;
  log(`prepared ${dataset.name}: ${dataset.train.length} train / ${dataset.test.length} test records (${prepSec.toFixed(1)} s)`, true);
  const sizes = experimentSizes(a.preset, dataset.name);
  const r = await runRecExperiment({ dataset, methods: a.methods, seeds: Array.from({ length: a.seeds }, (_, i) => i + 1), baselines: a.baselines, sizes, outDir: a.out, onProgress: (l) => log(l), ...(a.heldOut ? {} : { heldOutRecords: [] }) });
  const seconds = { prepare: prepSec, ...r.seconds, total: (performance.now() - t0) / 1000 };
  writeFileAtomic(join(a.out, 'compare.json'), JSON.stringify(r.compare));
  writeFileAtomic(join(a.out, 'run.json'), JSON.stringify({ preset: a.preset, sizes, seconds, simulator: r.simulator, curves: r.curves, ...(r.heldOut ? { heldOut: r.heldOut } : {}), notes: [...dataset.notes, ...r.notes] }, null, 1));
  if (a.json) out(JSON.stringify(r.compare));
  else out(`${formatComparison(r.compare)}${r.heldOut ? `\non ${r.heldOut.records} held-out val records (natural targets):\n${formatComparison(r.heldOut.compare)}` : ''}\nstage seconds: ${Object.entries(seconds).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}\n-> ${a.out}/compare.json, ${a.out}/run.json`);
}
