/**
 * `trainSimulator`: the one recipe the CLI and the bench call (config → seed → data → model → fit →
 * evaluate → checkpoint), for any simulator family in the registry.
 *
 * Data (`simulatorData`), as the paper (§C): the simulator trains on the full sequences of the
 * training users only. Val/test users are the dataset's `simulatorSplit` when it has one, else the
 * users of its val/test records; every other user with a sequence trains. Held-out metrics are
 * next-item HR@10 / NDCG@10 with leave-last-out on the val users (early stopping) and the test users
 * (reported). Datasets without user sequences (the paper's release: records only) fall back to one pseudo-sequence per train/val record (history ⊕
 * path ⊕ target), split 90/5/5 with the seed; `notes` says so.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Rng } from '@prorl/rl-core';
import type { PathRecord, RecDataset } from '../data/types.js';
import { SimulatorConfigError, SimulatorInputError } from './errors.js';
import { evaluateNextItem, leaveLastOut, type NextItemCase, type NextItemMetrics } from './evaluate.js';
import { fitSimulator, resolveFitConfig, type EpochLog, type FitConfig, type FitResult } from './fit.js';
import { Gru4RecSimulator, type Gru4RecConfig } from './gru4rec.js';
import { ItemIndex } from './item-index.js';
import { SasRecSimulator, type SasRecConfig } from './sasrec.js';
import { SIMULATOR_KINDS, type SimulatorKind, type TrainableSimulator } from './trainable.js';

export interface SimulatorData {
  index: ItemIndex;
  /** Dense sequences of the training users. */
  train: number[][];
  /** Full dense sequences of the val users (validation: leave-last-out metrics and loss). */
  valSeqs: number[][];
  /** Leave-last-out cases of the val / test users. */
  val: NextItemCase[];
  test: NextItemCase[];
  notes: string[];
}

export function simulatorData(dataset: RecDataset, seed = 2024): SimulatorData {
  const items = new Set<string>(dataset.catalog.keys());
  const notes: string[] = [];
  let named: [string, string[]][];
  let heldVal: Set<string>;
  let heldTest: Set<string>;
  if (dataset.sequences && dataset.sequences.size > 0) {
    named = [...dataset.sequences];
    const usersOf = (rs: readonly PathRecord[]) => rs.map((r) => r.user).filter((u): u is string => u !== undefined);
    const split = dataset.simulatorSplit ?? { val: usersOf(dataset.val), test: usersOf(dataset.test) };
    heldVal = new Set(split.val);
    heldTest = new Set(split.test.filter((u) => !heldVal.has(u)));
    notes.push(
      `Simulator data: ${named.length} user sequences; ` +
        (dataset.simulatorSplit
          ? `the dataset's simulator split holds out ${heldVal.size} val and ${heldTest.size} test users, the rest train.`
          : `val users = users of val records (${heldVal.size}), test users = users of test records (${heldTest.size}), the rest train.`),
    );
  } else {
    const recs = [...dataset.train, ...dataset.val];
    if (recs.length === 0) throw new SimulatorInputError('no-data', `dataset '${dataset.name}' has neither user sequences nor train/val records`, 'prepare it with a source that keeps sequences (ml-100k, ml-1m-raw, recbole)');
    named = recs.map((r, i) => [`rec${i}`, [...r.history, ...r.path, r.target]]);
    const keys = new Rng(seed).shuffle(named.map(([k]) => k));
    const nHeld = Math.max(1, Math.round(keys.length * 0.05));
    heldVal = new Set(keys.slice(0, nHeld));
    heldTest = new Set(keys.slice(nHeld, 2 * nHeld));
    notes.push(`Simulator data: dataset '${dataset.name}' has no user sequences; using ${named.length} pseudo-sequences (history ⊕ path ⊕ target of train+val records), 90/5/5 split (seed ${seed}).`);
  }
  for (const [, s] of named) for (const it of s) items.add(it);
  const index = new ItemIndex(items);
  const train: number[][] = [];
  const valSeqs: number[][] = [];
  const testSeqs: number[][] = [];
  for (const [user, s] of named) {
    const dense = index.encode(s);
    if (heldVal.has(user)) valSeqs.push(dense);
    else if (heldTest.has(user)) testSeqs.push(dense);
    else train.push(dense);
  }
  if (train.length === 0) throw new SimulatorInputError('no-data', `dataset '${dataset.name}': no training-user sequences`, 'check the user split (every user is in val/test records)');
  notes.push(`${index.size} items; ${train.length} training sequences (${train.reduce((a, s) => a + s.length, 0)} interactions).`);
  return { index, train, valSeqs, val: leaveLastOut(valSeqs), test: leaveLastOut(testSeqs), notes };
}

export interface TrainSimulatorOptions {
  dataset: RecDataset;
  kind: SimulatorKind;
  /** Shortcut for fit.epochs. */
  epochs?: number;
  fit?: Partial<FitConfig>;
  sasrec?: Partial<Omit<SasRecConfig, 'numItems'>>;
  gru4rec?: Partial<Omit<Gru4RecConfig, 'numItems'>>;
  /** Seeds the weights, the batch order and the fallback split. Default 2024. */
  seed?: number;
  /** Where to save the trained simulator (directory for SASRec, file for GRU4Rec). */
  checkpoint?: string;
  /** One JSON line per epoch (and a final line with the test metrics). */
  metricsFile?: string;
  /** Progress lines (steps, rate, ETA). */
  onProgress?: (line: string) => void;
}

export interface TrainSimulatorResult {
  simulator: TrainableSimulator;
  index: ItemIndex;
  fit: FitResult;
  /** Best-epoch validation metrics (undefined without val users). */
  val?: NextItemMetrics;
  test?: NextItemMetrics;
  /** Wall time of the whole call, and of fitting alone (seconds). */
  seconds: number;
  trainSeconds: number;
  notes: string[];
}

type Factory = (numItems: number, o: TrainSimulatorOptions, rng: Rng) => TrainableSimulator;

/** The simulator families, by name. */
export const SIMULATOR_FACTORIES = {
  sasrec: (numItems, o, rng) => SasRecSimulator.create({ ...o.sasrec, numItems }, rng),
  gru4rec: (numItems, o, rng) => Gru4RecSimulator.create({ ...o.gru4rec, numItems }, rng),
} satisfies Record<SimulatorKind, Factory>;

export function createSimulator(kind: SimulatorKind, numItems: number, o: Omit<TrainSimulatorOptions, 'dataset' | 'kind'>, rng: Rng): TrainableSimulator {
  const f = (SIMULATOR_FACTORIES as Record<string, Factory>)[kind];
  if (!f) throw new SimulatorConfigError('kind', `unknown simulator '${String(kind)}'`, `use one of: ${SIMULATOR_KINDS.join(', ')}`);
  return f(numItems, { ...o, dataset: undefined as never, kind }, rng);
}

export async function trainSimulator(o: TrainSimulatorOptions): Promise<TrainSimulatorResult> {
  const t0 = performance.now();
  const seed = o.seed ?? 2024;
  const fitCfg = resolveFitConfig({ seed, ...o.fit, ...(o.epochs !== undefined ? { epochs: o.epochs } : {}) });
  const data = simulatorData(o.dataset, seed);
  const sim = createSimulator(o.kind, data.index.size, o, new Rng(seed));
  const log = (rec: Record<string, unknown>) => {
    if (!o.metricsFile) return;
    mkdirSync(dirname(o.metricsFile), { recursive: true });
    appendFileSync(o.metricsFile, JSON.stringify({ kind: o.kind, dataset: o.dataset.name, ...rec }) + '\n');
  };
  let lastReport = 0;
  const fit = await fitSimulator(sim, data.train, fitCfg, {
    val: data.valSeqs,
    onStep: ({ epoch, step, steps, loss, elapsed }) => {
      if (!o.onProgress || (elapsed - lastReport < 5 && step !== steps)) return;
      lastReport = elapsed;
      const done = (epoch - 1) * steps + step;
      const rate = done / Math.max(elapsed, 1e-9);
      const eta = (fitCfg.epochs * steps - done) / rate;
      o.onProgress(`${o.kind} epoch ${epoch}/${fitCfg.epochs} step ${step}/${steps} loss ${loss.toFixed(4)} ${rate.toFixed(2)} steps/s ETA ≤ ${eta.toFixed(0)} s`);
    },
    onEpoch: (e: EpochLog) => {
      log({ event: 'epoch', ...e });
      o.onProgress?.(`${o.kind} epoch ${e.epoch}: loss ${e.loss.toFixed(4)}${e.val ? `, val loss ${e.valLoss!.toFixed(4)} HR@10 ${e.val.hr.toFixed(4)} NDCG@10 ${e.val.ndcg.toFixed(4)}` : ''} (${e.seconds.toFixed(1)} s)`);
    },
  });
  const val = fit.epochs.find((e) => e.epoch === fit.bestEpoch)?.val;
  const test = data.test.length > 0 ? await evaluateNextItem(sim, data.test) : undefined;
  const seconds = (performance.now() - t0) / 1000;
  log({ event: 'final', bestEpoch: fit.bestEpoch, trainSeconds: fit.seconds, seconds, val, test });
  if (o.checkpoint) await sim.save(o.checkpoint, { dataset: o.dataset.name, items: data.index.rawIds, bestEpoch: fit.bestEpoch, val, test });
  return { simulator: sim, index: data.index, fit, ...(val ? { val } : {}), ...(test ? { test } : {}), seconds, trainSeconds: fit.seconds, notes: data.notes };
}
