/**
 * The `perf-scaling` suite: how each cost of a training step grows with the batch size and with the
 * sequence length (at least 4 points per axis at every preset), with the fitted power-law exponent k
 * of time ∝ size^k (`scaling-sweep.ts`). Our engine only; the paired comparison with PyTorch (and its
 * own step-time-vs-tokens sweep) is `perf-policy`, the rl-core loss path is swept in `perf-rl-core`.
 *
 * Costs (each timed as the median of `reps` calls after one untimed warm-up call that builds the
 * onnxruntime session of the shape; 2 onnxruntime threads):
 *   - policy train step: `OrtTrainer.step` (ONNX forward + backward) + `AdamW` on [B, T] tokens;
 *     batch axis B at fixed T, length axis T at fixed B;
 *   - policy rollout: `OrtRolloutEngine.generate` (KV cache, temperature 1) of `newTokens` tokens
 *     after 16-token prompts; batch axis = rows, length axis = new tokens per row;
 *   - simulator scoring: `UserSimulator.scoreAll` (SASRec, GRU4Rec) on random histories over a
 *     catalogue of real size; batch axis = histories, length axis = items per history (≤ 50).
 * Models: the ~1M policy of `perf-policy` (V64 D128 H4 L4) at default/full, a tiny one at smoke;
 * simulators at the paper's sizes (width 64, 2 layers / GRU hidden 128, max length 50).
 */
import type { ModelConfig } from '@prorl/policy';
import { Rng } from '@prorl/rl-core';
import type { Figure, PlotSpec, Preset, SuiteResult } from '../report/types.js';
import { cpuSnapshot, outsideCores, type CpuSnapshot } from '../stats/outside-load.js';
import { median, timeItAsync } from '../timing.js';
import { SMALL_MODEL } from './perf-policy-plan.js';
import { createBenchSimulator, SIM_LABEL, type SimKind } from './perf-sim.js';
import { OurPolicyBench } from './policy-ours.js';
import { axisName, axisPlot, costTable, fitSweep, sweepFigure, type ScalingAxis, type ScalingSweep, type SweepPoint } from './scaling-sweep.js';
import { CATALOGUES, randomHistories, type CatalogueName } from './sim-workload.js';
import type { SuiteFn } from './suite.js';

export interface PerfScalingPlan {
  seed: number;
  /** Policy model of the train / rollout sweeps (maxSeqLen must cover the longest T and prompt + new tokens). */
  model: Partial<ModelConfig>;
  /** Label of `model` in the report, e.g. '~1M params (V64 D128 H4 L4)'. */
  modelLabel: string;
  train: { batchSizes: number[]; atLength: number; lengths: number[]; atBatch: number; reps: number };
  rollout: { batchSizes: number[]; atNewTokens: number; newTokens: number[]; atBatch: number; promptLen: number; reps: number };
  sim: { catalogue: CatalogueName; kinds: SimKind[]; batchSizes: number[]; atLength: number; lengths: number[]; atBatch: number; reps: number };
}

const TINY_MODEL: Partial<ModelConfig> = { vocabSize: 64, dModel: 64, nHeads: 2, nLayers: 2, maxSeqLen: 128, mlp: 'swiglu', tieEmbeddings: false };

export function perfScalingPlan(preset: Preset): PerfScalingPlan {
  switch (preset) {
    case 'smoke':
      return {
        seed: 1,
        model: TINY_MODEL,
        modelLabel: 'tiny policy (V64 D64 H2 L2)',
        train: { batchSizes: [2, 4, 8, 16], atLength: 32, lengths: [16, 32, 64, 128], atBatch: 4, reps: 3 },
        rollout: { batchSizes: [4, 8, 16, 32], atNewTokens: 16, newTokens: [8, 16, 32, 64], atBatch: 8, promptLen: 16, reps: 2 },
        // Batch sizes on the simulators' row chunks (8, 32, 128, 256), so no padded rows are timed.
        sim: { catalogue: 'ml-100k', kinds: ['sasrec', 'gru4rec'], batchSizes: [8, 32, 128, 256], atLength: 10, lengths: [10, 20, 30, 40], atBatch: 8, reps: 3 },
      };
    case 'default':
      return {
        seed: 1,
        model: SMALL_MODEL,
        modelLabel: '~1M-param policy (V64 D128 H4 L4)',
        train: { batchSizes: [4, 8, 16, 32, 64], atLength: 64, lengths: [32, 64, 128, 256], atBatch: 8, reps: 5 },
        rollout: { batchSizes: [8, 16, 32, 64], atNewTokens: 64, newTokens: [16, 32, 64, 128], atBatch: 16, promptLen: 16, reps: 3 },
        sim: { catalogue: 'ml-1m', kinds: ['sasrec', 'gru4rec'], batchSizes: [8, 32, 128, 256, 512], atLength: 50, lengths: [10, 20, 30, 40, 50], atBatch: 128, reps: 5 },
      };
    case 'full':
      return {
        seed: 1,
        model: SMALL_MODEL,
        modelLabel: '~1M-param policy (V64 D128 H4 L4)',
        train: { batchSizes: [2, 4, 8, 16, 32, 64, 128], atLength: 64, lengths: [16, 32, 64, 128, 256], atBatch: 8, reps: 5 },
        rollout: { batchSizes: [4, 8, 16, 32, 64, 128], atNewTokens: 64, newTokens: [8, 16, 32, 64, 128, 224], atBatch: 16, promptLen: 16, reps: 3 },
        sim: { catalogue: 'ml-1m', kinds: ['sasrec', 'gru4rec'], batchSizes: [8, 32, 128, 256, 512, 1024], atLength: 50, lengths: [10, 20, 30, 40, 50], atBatch: 128, reps: 5 },
      };
    default: {
      const never: never = preset;
      throw new RangeError(`unknown preset ${String(never)}`);
    }
  }
}

export interface PerfScalingResult {
  suite: 'perf-scaling';
  plan: PerfScalingPlan;
  /** Policy parameter count (from the engine). */
  policyParams: number | null;
  sweeps: ScalingSweep[];
  /** Cores used by other processes over the whole run (0 = quiet machine; null off Linux). */
  outsideCores: number | null;
}

function point(size: number, items: number, times: readonly number[]): SweepPoint {
  return { size, items, medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times), reps: times.length };
}

/** Runs every sweep of the plan; `log` gets one line per point (with elapsed time). */
export async function runPerfScaling(plan: PerfScalingPlan, log: (line: string) => void = () => {}): Promise<PerfScalingResult> {
  const sweeps: ScalingSweep[] = [];
  const t0 = Date.now();
  const total = plan.train.batchSizes.length + plan.train.lengths.length + plan.rollout.batchSizes.length + plan.rollout.newTokens.length + plan.sim.kinds.length * (plan.sim.batchSizes.length + plan.sim.lengths.length);
  let done = 0;
  const progress = (s: ScalingSweep, p: SweepPoint) => {
    done++;
    const el = (Date.now() - t0) / 1000;
    log(`perf-scaling: [${done}/${total}, ${el.toFixed(0)} s, ETA ${((el / done) * (total - done)).toFixed(0)} s] ${s.label}, ${s.sizeLabel} = ${p.size}: ${p.medianMs.toFixed(1)} ms`);
  };
  const snap = () => cpuSnapshot([process.pid]);
  const runStart = snap();
  let sweepStart: CpuSnapshot | null = null;
  /** Closes the last sweep with the CPU others used while it ran. */
  const closeSweep = () => {
    const last = sweeps.at(-1);
    if (last && last.outsideCores === undefined) last.outsideCores = outsideCores(sweepStart, snap());
  };
  /** Opens a sweep (closing the previous one). */
  const sweep = (cost: string, label: string, axis: ScalingAxis, sizeLabel: string, fixed: string, itemUnit: string): ScalingSweep => {
    closeSweep();
    const s: ScalingSweep = { cost, label, axis, sizeLabel, fixed, itemUnit, points: [] };
    sweeps.push(s);
    sweepStart = snap();
    return s;
  };

  const ours = new OurPolicyBench(plan.seed);
  let policyParams: number | null = null;
  try {
    const tr = plan.train;
    const trainB = sweep('policy_train_step', 'policy train step', 'batch', 'B', `T = ${tr.atLength}`, 'tokens');
    for (const B of tr.batchSizes) {
      const r = await ours.trainSteps(plan.model, B, tr.atLength, tr.reps, 1);
      policyParams = r.params;
      trainB.points.push(point(B, B * tr.atLength, r.stepMs));
      progress(trainB, trainB.points.at(-1)!);
    }
    const trainT = sweep('policy_train_step', 'policy train step', 'length', 'T', `B = ${tr.atBatch}`, 'tokens');
    for (const T of tr.lengths) {
      const r = await ours.trainSteps(plan.model, tr.atBatch, T, tr.reps, 1);
      trainT.points.push(point(T, tr.atBatch * T, r.stepMs));
      progress(trainT, trainT.points.at(-1)!);
    }
    const ro = plan.rollout;
    const rollB = sweep('policy_rollout', 'policy rollout', 'batch', 'rows', `${ro.atNewTokens} new tokens`, 'new tokens');
    for (const B of ro.batchSizes) {
      const r = await ours.rolloutRuns(plan.model, B, ro.promptLen, ro.atNewTokens, ro.reps, 1);
      rollB.points.push(point(B, B * ro.atNewTokens, r.ms));
      progress(rollB, rollB.points.at(-1)!);
    }
    const rollT = sweep('policy_rollout', 'policy rollout', 'length', 'new tokens', `${ro.atBatch} rows`, 'new tokens');
    for (const n of ro.newTokens) {
      const r = await ours.rolloutRuns(plan.model, ro.atBatch, ro.promptLen, n, ro.reps, 1);
      rollT.points.push(point(n, ro.atBatch * n, r.ms));
      progress(rollT, rollT.points.at(-1)!);
    }
  } finally {
    await ours.release();
  }

  const sp = plan.sim;
  const numItems = CATALOGUES[sp.catalogue];
  for (const kind of sp.kinds) {
    const rng = new Rng(plan.seed);
    const sim = await createBenchSimulator(kind, numItems, rng);
    const label = `${SIM_LABEL[kind]} scoreAll`;
    try {
      const simB = sweep(`${kind}_score`, label, 'batch', 'histories', `${sp.atLength} items each, ${numItems}-item catalogue`, 'sequences');
      for (const B of sp.batchSizes) {
        const seqs = randomHistories(rng, numItems, B, sp.atLength);
        const s = await timeItAsync(() => sim.scoreAll(seqs), sp.reps, 1);
        simB.points.push({ size: B, items: B, ...s });
        progress(simB, simB.points.at(-1)!);
      }
      const simT = sweep(`${kind}_score`, label, 'length', 'items per history', `${sp.atBatch} histories, ${numItems}-item catalogue`, 'sequences');
      for (const T of sp.lengths) {
        const seqs = randomHistories(rng, numItems, sp.atBatch, T);
        const s = await timeItAsync(() => sim.scoreAll(seqs), sp.reps, 1);
        simT.points.push({ size: T, items: sp.atBatch, ...s });
        progress(simT, simT.points.at(-1)!);
      }
    } finally {
      await sim.release();
    }
  }
  closeSweep();
  return { suite: 'perf-scaling', plan, policyParams, sweeps, outsideCores: outsideCores(runStart, snap()) };
}

export function perfScalingToSuiteResult(r: PerfScalingResult): SuiteResult {
  const costs = [...new Set(r.sweeps.map((s) => s.cost))];
  const figures: Figure[] = r.sweeps.map((s) => sweepFigure(s));
  if (r.policyParams !== null) figures.push({ name: 'policy_params', value: r.policyParams, unit: 'count', label: `parameters of the swept policy, ${r.plan.modelLabel}` });
  figures.push({
    name: 'outside_load_cores',
    value: r.outsideCores,
    unit: 'cores',
    label: 'CPU used by other processes during the run (0 = quiet)',
    ...(r.outsideCores !== null && r.outsideCores > 0.25 ? { note: 'the machine was shared: times are inflated and exponents noisier' } : {}),
  });
  const plots: PlotSpec[] = [
    axisPlot('batch', 'batch', r.sweeps, 'batch size (rows: B, or histories)'),
    axisPlot('length', 'length', r.sweeps, 'sequence length (tokens per row T, new tokens, or items per history)'),
  ];
  const exps = r.sweeps
    .map((s) => {
      const f = fitSweep(s);
      return `${s.label} vs ${axisName(s.axis)} k=${f ? f.exponent.toFixed(2) : 'n/a'}`;
    })
    .join('; ');
  return {
    status: 'ok',
    summary: `fitted exponents (time ∝ size^k): ${exps}`,
    figures,
    tables: costs.map((c) => costTable(r.sweeps.filter((s) => s.cost === c))),
    plots,
    details: r,
  };
}

/** Text form for `prorl-bench perf scaling`: one line per sweep with its points and fitted exponent. */
export function formatPerfScaling(r: PerfScalingResult): string {
  const lines = [`perf scaling (time ∝ size^k; ${r.plan.modelLabel}; simulators on ${CATALOGUES[r.plan.sim.catalogue]} items)`];
  for (const s of r.sweeps) {
    const f = fitSweep(s);
    const pts = s.points.map((p) => `${p.size}:${p.medianMs.toFixed(1)}`).join(' ');
    lines.push(`  ${`${s.label} vs ${axisName(s.axis)}`.padEnd(40)} k = ${f ? f.exponent.toFixed(2) : 'n/a'}  (${s.fixed}; ${s.sizeLabel}:ms ${pts})`);
  }
  if (r.outsideCores !== null) lines.push(`  others used ${r.outsideCores.toFixed(2)} cores during the run`);
  return lines.join('\n');
}

export const perfScalingSuite: SuiteFn = async (preset, opts) => {
  const plan = perfScalingPlan(preset);
  opts.log(`perf-scaling: ${plan.modelLabel}; simulators on ${plan.sim.catalogue} (${CATALOGUES[plan.sim.catalogue]} items)`);
  return perfScalingToSuiteResult(await runPerfScaling(plan, opts.log));
};
