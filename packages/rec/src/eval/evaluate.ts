/**
 * Evaluation of path generators (the policy, baselines) on test records with a simulator
 * (research/prorl-rec.md §4.2, App. C): CTR, Coherence, IoI, IoR, invalid-item rate, mean path length
 * and path diversity, via `src/metrics/path-metrics.ts`.
 *
 * - `@1`: the generator's deterministic output (greedy decoding for the policy), one path per record.
 * - `@K`: K candidates per record (best-of-K sampling for the policy); per record each metric takes its
 *   best value over the K candidates in its direction (`METRIC_DIRECTION`: max for CTR / Coherence /
 *   IoI / IoR, min for the invalid rate; path length is averaged), as the reference's `IoI_max@K`.
 *   Diversity is 1 − mean pairwise Jaccard of the K candidates (0 at K = 1).
 * - Records whose target is unknown to the simulator are skipped (the reference skips them too) and
 *   counted in `skipped`. Undecodable items and items unknown to the simulator count as invalid; they
 *   do not enter the simulated sequence. No training penalties are applied.
 */
import type { Catalog, PathRecord } from '../data/types.js';
import { METRIC_DIRECTION, meanMetrics, pathDiversity, pathMetrics, type PathMetrics } from '../metrics/path-metrics.js';
import { computeStepRewards, type PathToScore } from '../rewards/step-rewards.js';
import type { UserSimulator } from '../simulator/types.js';
import { InvalidParamError } from '@prorl/rl-core';
import type { PathGenerator } from '../policy/path-policy.js';
import type { SimulatorItemIds } from '../train/rl.js';

export interface EvalContext {
  simulator: UserSimulator;
  /** The simulator's item ids. */
  itemIndex: SimulatorItemIds;
  /** Item attributes: the coherence oracle (two items cohere when they share an attribute). */
  catalog: Catalog;
}

export interface PathEvalOptions {
  /** K candidates per record: 1 = "@1" (greedy), K > 1 = best-of-K. Default 1. */
  k: number;
  /** Seeds the generator's sampling. Default 0. */
  seed: number;
  /** Records per generator call. Default 64. */
  batchSize: number;
}

export const DEFAULT_PATH_EVAL_OPTIONS: PathEvalOptions = { k: 1, seed: 0, batchSize: 64 };

export interface EvalResult extends PathMetrics {
  diversity: number;
  k: number;
  /** Records evaluated. */
  records: number;
  /** Records skipped (target unknown to the simulator). */
  skipped: number;
}

/** `shares(a, b)`: the two items have an attribute in common (the paper's coherence oracle). */
export function attributeOracle(catalog: Catalog): (a: string, b: string) => boolean {
  return (a, b) => {
    const x = catalog.get(a)?.attributes;
    const y = catalog.get(b)?.attributes;
    if (!x || !y) return false;
    return x.some((t) => y.includes(t));
  };
}

/** Best of K candidates per metric, by the metric's direction. */
export function bestOfK(cands: readonly PathMetrics[]): PathMetrics {
  if (cands.length === 0) return { ctr: 0, coherence: 0, ioi: 0, ior: 0, invalid_rate: 0, path_len: 0 };
  const out = { ...cands[0]! };
  for (const k of Object.keys(out) as (keyof PathMetrics)[]) {
    const vs = cands.map((c) => c[k]);
    switch (METRIC_DIRECTION[k]) {
      case 'higher':
        out[k] = Math.max(...vs);
        break;
      case 'lower':
        out[k] = Math.min(...vs);
        break;
      case 'neutral':
        out[k] = vs.reduce((a, b) => a + b, 0) / vs.length;
        break;
      default: {
        const never: never = METRIC_DIRECTION[k];
        throw new Error(`unknown direction ${String(never)}`);
      }
    }
  }
  return out;
}

/** Scores given candidate paths (`[R][K]` raw ids) against their records: per-record @K metrics and diversity. */
export async function scoreCandidates(records: readonly PathRecord[], candidates: readonly (readonly (string | null)[])[][], ctx: EvalContext): Promise<{ perRecord: PathMetrics[]; diversity: number[] }> {
  const shares = attributeOracle(ctx.catalog);
  const toScore: PathToScore[] = [];
  records.forEach((r, i) => {
    for (const c of candidates[i]!) {
      toScore.push({ history: ctx.itemIndex.tryEncode(r.history), target: ctx.itemIndex.get(r.target)!, items: c.map((it) => (it === null ? null : (ctx.itemIndex.get(it) ?? null))) });
    }
  });
  const rewards = toScore.length > 0 ? await computeStepRewards(ctx.simulator, toScore) : [];
  const perRecord: PathMetrics[] = [];
  const diversity: number[] = [];
  let j = 0;
  records.forEach((r, i) => {
    const ms: PathMetrics[] = [];
    for (const c of candidates[i]!) {
      const rw = rewards[j++]!;
      // items unknown to the simulator are invalid for the metrics too
      ms.push(pathMetrics({ items: c.map((it, t) => (rw.kind[t] === 'invalid' ? null : it)), target: r.target, rewards: rw }, shares));
    }
    perRecord.push(bestOfK(ms));
    diversity.push(pathDiversity(candidates[i]!));
  });
  return { perRecord, diversity };
}

/** Evaluates a generator on records: mean metrics over records (and @K best-of). */
export async function evaluateGenerator(gen: PathGenerator, records: readonly PathRecord[], ctx: EvalContext, partial: Partial<PathEvalOptions> = {}): Promise<EvalResult> {
  const o = { ...DEFAULT_PATH_EVAL_OPTIONS, ...partial };
  if (!Number.isInteger(o.k) || o.k < 1) throw new InvalidParamError('k', `must be a positive integer, got ${o.k}`, 'use 1 (@1, greedy) or e.g. 10 (best-of-10)');
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1) throw new InvalidParamError('batchSize', `must be a positive integer, got ${o.batchSize}`, 'use e.g. 64');
  const usable = records.filter((r) => ctx.itemIndex.get(r.target) !== undefined && ctx.itemIndex.tryEncode(r.history).length > 0);
  const rows: PathMetrics[] = [];
  const div: number[] = [];
  for (let i0 = 0; i0 < usable.length; i0 += o.batchSize) {
    const chunk = usable.slice(i0, i0 + o.batchSize);
    const cands = await gen.generate(chunk, o.k, o.seed + i0);
    const { perRecord, diversity } = await scoreCandidates(chunk, cands, ctx);
    rows.push(...perRecord);
    div.push(...diversity);
  }
  const mean = meanMetrics(rows);
  return { ...mean, diversity: div.length > 0 ? div.reduce((a, b) => a + b, 0) / div.length : 0, k: o.k, records: usable.length, skipped: records.length - usable.length };
}

/** The metrics compared across methods (Table 1 columns + invalid rate and path length). */
export const COMPARED_METRICS = ['ctr', 'coherence', 'ioi', 'ior', 'path_len', 'invalid_rate'] as const;
export type ComparedMetric = (typeof COMPARED_METRICS)[number];

export interface ComparisonRow extends Record<ComparedMetric, number> {
  method: string;
  /** Number of seeds averaged. */
  seeds: number;
  /** Sample standard deviation over seeds (n − 1; 0 with one seed). */
  std: Record<ComparedMetric, number>;
}

export interface MethodComparison {
  dataset: string;
  rows: ComparisonRow[];
}

export interface MethodSpec {
  method: string;
  /** One evaluation with the given seed (e.g. `evaluateGenerator(gen, test, ctx, { seed })`, or a whole train + evaluate run). */
  run: (seed: number) => Promise<PathMetrics>;
}

/** One method's row: the mean and the sample std (n − 1) of each compared metric over its runs (one per seed). */
export function comparisonRow(method: string, runs: readonly PathMetrics[]): ComparisonRow {
  const n = runs.length;
  if (n === 0) throw new InvalidParamError('runs', `is empty for method '${method}'`, 'pass one evaluation per seed');
  const row = { method, seeds: n, std: {} as Record<ComparedMetric, number> } as ComparisonRow;
  for (const k of COMPARED_METRICS) {
    const mean = runs.reduce((a, r) => a + r[k], 0) / n;
    const v = n > 1 ? runs.reduce((a, r) => a + (r[k] - mean) ** 2, 0) / (n - 1) : 0;
    row[k] = mean;
    row.std[k] = Math.sqrt(v);
  }
  return row;
}

/** Runs every method once per seed; rows hold the mean and the std over seeds. */
export async function compareMethods(dataset: string, methods: readonly MethodSpec[], seeds: readonly number[]): Promise<MethodComparison> {
  if (seeds.length === 0) throw new InvalidParamError('seeds', 'is empty', 'pass at least one seed, e.g. [1, 2, 3]');
  const rows: ComparisonRow[] = [];
  for (const m of methods) {
    const runs: PathMetrics[] = [];
    for (const s of seeds) runs.push(await m.run(s));
    rows.push(comparisonRow(m.method, runs));
  }
  return { dataset, rows };
}

/**
 * `compareMethods` over path generators on the same records and simulator: each generator is
 * evaluated once per seed (the seed drives its sampling; deterministic generators give std 0).
 */
export async function compareGenerators(dataset: string, generators: readonly PathGenerator[], records: readonly PathRecord[], ctx: EvalContext, o: { seeds: readonly number[]; k?: number; batchSize?: number }): Promise<MethodComparison> {
  return compareMethods(
    dataset,
    generators.map((g) => ({ method: g.name, run: (seed: number) => evaluateGenerator(g, records, ctx, { seed, ...(o.k !== undefined ? { k: o.k } : {}), ...(o.batchSize !== undefined ? { batchSize: o.batchSize } : {}) }) })),
    o.seeds,
  );
}
