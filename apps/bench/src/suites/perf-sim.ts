/**
 * The `perf-sim` suite: how fast the recommender's user simulators score, the inner loop of every
 * ProRL-rec training step and evaluation (research/prorl-rec.md §3.4: each path step is scored by
 * the simulator before and after the item).
 *
 * For each catalogue (ML-100K-sized, 1682 items; ML-1M-sized, 3883 items) and each simulator family
 * (SASRec on the policy engine: width 64, 2 layers, 2 heads, FFN 256, max length 50; GRU4Rec:
 * embedding 64, hidden 128, max length 50), with freshly initialised weights (speed does not depend
 * on training) on seeded random item sequences (`sim-workload.ts`):
 *   - scoring: `UserSimulator.scoreAll` on `scoreBatch` histories of `historyLen` items → sequences/s;
 *   - step rewards: `computeStepRewards` (IoI, IoR, CTR per step; full-catalogue softmax and rank in
 *     JS) on `paths` paths of `pathLen` items after `historyLen − pathLen`-item histories → step
 *     rewards/s (one step reward = the IoI/IoR/CTR triple of one path item).
 * Every timing is the median of `reps` calls after one untimed warm-up call (which builds the
 * onnxruntime session of that shape). onnxruntime runs with 2 intra-op threads, as `perf-policy`.
 */
import { Rng } from '@prorl/rl-core';
import type { Figure, PlotSpec, Preset, SuiteResult, Table } from '../report/types.js';
import { cpuSnapshot, outsideCores } from '../stats/outside-load.js';
import { timeItAsync, type TimingStats } from '../timing.js';
import { CATALOGUES, randomHistories, randomPaths, type CatalogueName } from './sim-workload.js';
import type { SuiteFn } from './suite.js';

export type SimKind = 'sasrec' | 'gru4rec';
export const SIM_KINDS: readonly SimKind[] = ['sasrec', 'gru4rec'];

export interface PerfSimPlan {
  catalogues: CatalogueName[];
  sims: SimKind[];
  /** Histories per `scoreAll` call (SASRec / GRU4Rec run in row chunks of 8, 32, 128 or 256). */
  scoreBatch: number;
  /** Items per history (the simulators keep the last 50). */
  historyLen: number;
  /** Paths per `computeStepRewards` call (the trainer scores G prompts × S samples at once). */
  paths: number;
  /** Items per path. */
  pathLen: number;
  /** Timed calls per measurement (median taken) after one untimed warm-up call. */
  reps: number;
  seed: number;
}

export function perfSimPlan(preset: Preset): PerfSimPlan {
  const base = { catalogues: ['ml-100k', 'ml-1m'] as CatalogueName[], sims: [...SIM_KINDS], historyLen: 50, pathLen: 5, seed: 1 };
  switch (preset) {
    case 'smoke':
      return { ...base, scoreBatch: 32, paths: 8, reps: 1 };
    case 'default':
      // 64 paths = 4 prompts × 16 samples (the paper's S); 64 × (1 + 5) = 384 sequences per call.
      return { ...base, scoreBatch: 128, paths: 64, reps: 7 };
    case 'full':
      return { ...base, scoreBatch: 256, paths: 128, reps: 9 };
    default: {
      const never: never = preset;
      throw new RangeError(`unknown preset ${String(never)}`);
    }
  }
}

/** A simulator with fresh weights (seeded) and 2 onnxruntime threads; the caller releases it. */
export async function createBenchSimulator(kind: SimKind, numItems: number, rng: Rng) {
  const { SasRecSimulator, Gru4RecSimulator } = await import('@prorl/rec');
  const session = { intraOpNumThreads: 2 };
  switch (kind) {
    case 'sasrec':
      return SasRecSimulator.create({ numItems }, rng, { session });
    case 'gru4rec':
      return Gru4RecSimulator.create({ numItems }, rng, { session });
    default: {
      const never: never = kind;
      throw new RangeError(`unknown simulator ${String(never)}; use one of: ${SIM_KINDS.join(', ')}`);
    }
  }
}

export interface PerfSimRow {
  sim: SimKind;
  catalogue: CatalogueName;
  numItems: number;
  params: number;
  scoring: TimingStats & { sequences: number; sequencesPerSec: number };
  stepRewards: TimingStats & { paths: number; steps: number; sequences: number; stepRewardsPerSec: number; sequencesPerSec: number };
  /** Cores used by other processes while this row was measured (null off Linux). */
  outsideCores: number | null;
}

export interface PerfSimResult {
  suite: 'perf-sim';
  plan: PerfSimPlan;
  rows: PerfSimRow[];
  /** Cores used by other processes over the whole run (0 = quiet machine; null off Linux). */
  outsideCores: number | null;
}

export async function runPerfSim(plan: PerfSimPlan, log: (line: string) => void = () => {}): Promise<PerfSimResult> {
  if (plan.pathLen >= plan.historyLen) throw new RangeError(`pathLen ${plan.pathLen} must be below historyLen ${plan.historyLen} (paths extend the history up to historyLen items)`);
  const { computeStepRewards } = await import('@prorl/rec');
  const rows: PerfSimRow[] = [];
  const snap = () => cpuSnapshot([process.pid]);
  const runStart = snap();
  for (const catalogue of plan.catalogues) {
    const numItems = CATALOGUES[catalogue];
    for (const kind of plan.sims) {
      const rng = new Rng(plan.seed);
      const sim = await createBenchSimulator(kind, numItems, rng);
      const rowStart = snap();
      try {
        const histories = randomHistories(rng, numItems, plan.scoreBatch, plan.historyLen);
        const s = await timeItAsync(() => sim.scoreAll(histories), plan.reps, 1);
        const paths = randomPaths(rng, numItems, plan.paths, plan.historyLen - plan.pathLen, plan.pathLen);
        const steps = plan.paths * plan.pathLen;
        const seqs = plan.paths * (1 + plan.pathLen);
        const r = await timeItAsync(() => computeStepRewards(sim, paths), plan.reps, 1);
        const row: PerfSimRow = {
          sim: kind,
          catalogue,
          numItems,
          params: sim.params.length,
          scoring: { ...s, sequences: plan.scoreBatch, sequencesPerSec: plan.scoreBatch / (s.medianMs / 1000) },
          stepRewards: { ...r, paths: plan.paths, steps, sequences: seqs, stepRewardsPerSec: steps / (r.medianMs / 1000), sequencesPerSec: seqs / (r.medianMs / 1000) },
          outsideCores: outsideCores(rowStart, snap()),
        };
        rows.push(row);
        log(`perf-sim: ${kind} on ${catalogue} (${numItems} items): ${row.scoring.sequencesPerSec.toFixed(0)} sequences/s scored, ${row.stepRewards.stepRewardsPerSec.toFixed(0)} step rewards/s`);
      } finally {
        await sim.release();
      }
    }
  }
  return { suite: 'perf-sim', plan, rows, outsideCores: outsideCores(runStart, snap()) };
}

export const SIM_LABEL: Record<SimKind, string> = { sasrec: 'SASRec', gru4rec: 'GRU4Rec' };

export function perfSimToSuiteResult(r: PerfSimResult): SuiteResult {
  const p = r.plan;
  const key = (row: PerfSimRow) => `${row.sim}_${row.catalogue.replace(/-/g, '')}`;
  const what = (row: PerfSimRow) => `${SIM_LABEL[row.sim]}, ${row.numItems} items`;
  const figures: Figure[] = r.rows.flatMap((row) => [
    { name: `${key(row)}_sequences_per_s`, value: row.scoring.sequencesPerSec, unit: 'sequences/s', label: `${what(row)}: scoreAll, ${p.scoreBatch} histories of ${p.historyLen}` },
    { name: `${key(row)}_step_rewards_per_s`, value: row.stepRewards.stepRewardsPerSec, unit: 'step rewards/s', label: `${what(row)}: computeStepRewards, ${p.paths} paths of ${p.pathLen} items` },
  ]);
  figures.push({
    name: 'outside_load_cores',
    value: r.outsideCores,
    unit: 'cores',
    label: 'CPU used by other processes during the run (0 = quiet)',
    ...(r.outsideCores !== null && r.outsideCores > 0.25 ? { note: 'the machine was shared: throughputs are pessimistic' } : {}),
  });
  const tables: Table[] = [
    {
      title: `Simulator scoring: scoreAll on ${p.scoreBatch} random histories of ${p.historyLen} items (full-catalogue logits)`,
      columns: [{ name: 'simulator', unit: '' }, { name: 'catalogue', unit: 'items' }, { name: 'params', unit: 'count' }, { name: 'median', unit: 'ms' }, { name: 'min', unit: 'ms' }, { name: 'max', unit: 'ms' }, { name: 'throughput', unit: 'sequences/s' }, { name: 'others’ CPU', unit: 'cores' }],
      rows: r.rows.map((row) => [SIM_LABEL[row.sim], row.numItems, row.params, row.scoring.medianMs, row.scoring.minMs, row.scoring.maxMs, row.scoring.sequencesPerSec, row.outsideCores]),
      note: `median of ${p.reps} call(s) after one warm-up call; weights freshly initialised (seed ${p.seed}); onnxruntime with 2 threads; others’ CPU = cores used by other processes while the simulator was measured (0 = quiet).`,
    },
    {
      title: `Step rewards: computeStepRewards on ${p.paths} paths of ${p.pathLen} items after ${p.historyLen - p.pathLen}-item histories`,
      columns: [{ name: 'simulator', unit: '' }, { name: 'catalogue', unit: 'items' }, { name: 'sequences scored', unit: 'per call' }, { name: 'median', unit: 'ms' }, { name: 'min', unit: 'ms' }, { name: 'max', unit: 'ms' }, { name: 'step rewards', unit: '1/s' }, { name: 'sequences', unit: '1/s' }],
      rows: r.rows.map((row) => [SIM_LABEL[row.sim], row.numItems, row.stepRewards.sequences, row.stepRewards.medianMs, row.stepRewards.minMs, row.stepRewards.maxMs, row.stepRewards.stepRewardsPerSec, row.stepRewards.sequencesPerSec]),
      note: 'one step reward = the IoI, IoR and CTR of one path item; a path of L items scores 1 + L prefixes (the history, then each extension) in one batched scoreAll, then a softmax and rank over the catalogue per prefix in JS.',
    },
  ];
  const plots: PlotSpec[] = [
    { kind: 'bar', id: 'sequences-per-s', title: `Simulator scoring throughput (${p.scoreBatch} histories of ${p.historyLen} items)`, valueLabel: 'sequences/s', bars: r.rows.map((row) => ({ label: what(row), value: row.scoring.sequencesPerSec })) },
    { kind: 'bar', id: 'step-rewards-per-s', title: `Step-reward throughput (${p.paths} paths of ${p.pathLen} items)`, valueLabel: 'step rewards/s', bars: r.rows.map((row) => ({ label: what(row), value: row.stepRewards.stepRewardsPerSec })) },
  ];
  // e.g. "SASRec 1449 / 1671 sequences/s, 410 / 375 step rewards/s; GRU4Rec ..." (one number per catalogue).
  const per = (k: SimKind, f: (row: PerfSimRow) => number) => r.rows.filter((row) => row.sim === k).map((row) => f(row).toFixed(0)).join(' / ');
  const kinds = SIM_KINDS.filter((k) => r.rows.some((row) => row.sim === k));
  const catalogues = [...new Set(r.rows.map((row) => row.numItems))];
  const summary = kinds.map((k) => `${SIM_LABEL[k]} ${per(k, (row) => row.scoring.sequencesPerSec)} sequences/s, ${per(k, (row) => row.stepRewards.stepRewardsPerSec)} step rewards/s`).join('; ');
  return {
    status: 'ok',
    summary: `${summary} (catalogues of ${catalogues.join(' / ')} items)`,
    figures,
    tables,
    plots,
    details: r,
  };
}

/** Text form for `prorl-bench perf sim`. */
export function formatPerfSim(r: PerfSimResult): string {
  const p = r.plan;
  const lines = [`perf sim: scoreAll on ${p.scoreBatch} histories of ${p.historyLen}; computeStepRewards on ${p.paths} paths of ${p.pathLen} (median of ${p.reps})`];
  for (const row of r.rows) {
    lines.push(`  ${`${SIM_LABEL[row.sim]}, ${row.numItems} items`.padEnd(22)} ${row.scoring.sequencesPerSec.toFixed(0).padStart(8)} sequences/s  ${row.stepRewards.stepRewardsPerSec.toFixed(0).padStart(8)} step rewards/s`);
  }
  if (r.outsideCores !== null) lines.push(`  others used ${r.outsideCores.toFixed(2)} cores during the run`);
  return lines.join('\n');
}

export const perfSimSuite: SuiteFn = async (preset, opts) => {
  const plan = perfSimPlan(preset);
  opts.log(`perf-sim: ${plan.sims.join(', ')} on ${plan.catalogues.map((c) => `${c} (${CATALOGUES[c]} items)`).join(', ')}; ${plan.scoreBatch} histories, ${plan.paths} paths, ${plan.reps} rep(s)`);
  return perfSimToSuiteResult(await runPerfSim(plan, opts.log));
};
