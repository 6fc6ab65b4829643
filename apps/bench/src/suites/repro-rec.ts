/**
 * The `repro-rec` suite: ProRL for proactive recommendation against the paper (research/prorl-rec.md
 * §4.4, Table 1; §4.5, Table 5). Per dataset (ML-1M from the authors' released records, ML-100K from
 * the raw MovieLens files) it runs `runRecExperiment` from @prorl/rec: a SASRec simulator, π_0, RL with
 * ProRL / REINFORCE / GRPO (+ RTG at `full`) for each seed, and the baselines (π_0, random paths,
 * simulator-greedy), all evaluated greedy @1 on the test records. It reports Table 1's columns (CTR,
 * Coherence, IoI, IoR) as mean ± std over seeds, the path length per RL epoch (Table 5's length
 * shortcut), the advantage variance, and the paper's numbers beside ours, quoted.
 *
 * ML-1M: the authors' train split is not released, so the policy trains on their val records (90%;
 * 10% held out) and is evaluated on their test records. `details.compare` is the array of
 * `prorl-rec compare --json` objects, one per dataset (the issue's `bench-results/repro-rec.json`).
 */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { readCached, writeCached } from './phase-cache.js';
import { DEFAULT_PATH_RL_CONFIG, DEFAULT_REC_RL_CONFIG, EXPERIMENT_PRESETS, datasetSizeChanges, RL_METHOD_OBJECTIVES, prepareFromSource, resolveDataDir, runRecExperiment, type ComparisonRow, type ExperimentSizes, type RecDataset, type RecExperimentResult, type RlCurve, type RlMethod } from '@prorl/rec';
import type { Figure, PlotSpec, Preset, SuitePart, Table } from '../report/types.js';
import { SuiteSkipped, type SuiteFn } from './suite.js';

export type ReproRecDataset = 'ml-1m' | 'ml-100k';

export interface ReproRecPlan {
  sizes: ExperimentSizes;
  /** Per-dataset changes to `sizes`. */
  datasetSizes: Partial<Record<ReproRecDataset, Partial<ExperimentSizes>>>;
  seeds: number[];
  methods: RlMethod[];
  datasets: ReproRecDataset[];
}

export function reproRecPreset(preset: Preset): ReproRecPlan {
  const datasets: ReproRecDataset[] = ['ml-1m', 'ml-100k'];
  // ML-1M's changes (longer pretraining, the paper's ML-1M learning rate) are the library's
  const datasetSizes = { 'ml-1m': datasetSizeChanges(preset, 'ml-1m') };
  switch (preset) {
    case 'smoke':
      return { sizes: EXPERIMENT_PRESETS.smoke, datasetSizes, seeds: [1], methods: ['prorl', 'reinforce', 'grpo'], datasets };
    case 'default':
      return { sizes: EXPERIMENT_PRESETS.default, datasetSizes, seeds: [1, 2, 3], methods: ['prorl', 'reinforce', 'grpo', 'reinforce_raw'], datasets };
    case 'full':
      return { sizes: EXPERIMENT_PRESETS.full, datasetSizes, seeds: [1, 2, 3], methods: ['prorl', 'reinforce', 'grpo', 'rtg', 'reinforce_raw'], datasets };
    default: {
      const never: never = preset;
      throw new RangeError(`unknown preset ${String(never)}`);
    }
  }
}

const TABLE1 = 'ProRL (ICML 2026), Table 1 (ML-1M, SASRec evaluator, research/prorl-rec.md §4.4)';
const TABLE5 = 'ProRL (ICML 2026), Table 5 (ML-1M gradient-estimator study, research/prorl-rec.md §4.5)';

/** The paper's ML-1M numbers (no ML-100K results are published). */
export const PAPER_ML1M = {
  table1: { prorl: { ctr: 0.8543, coherence: 0.8422, ioi: 2.8504, ior: 728.18 } },
  table5: {
    reinforce: { ctr: 0.581, ioi: 1.626, ior: 329.8, len: [5.2, 2.9, 1.5], advVar: [1.0, 1.18, 0.94] },
    grpo: { ctr: 0.633, ioi: 1.483, ior: 284.9, len: [10, 10, 10], advVar: [0.22, 0.21, 0.19] },
    rtg: { ctr: 0.694, ioi: 2.383, ior: 675.7, len: [1.5, 3.4, 4.1], advVar: [0.12, 0.11, 0.1] },
    prorl: { ctr: 0.854, ioi: 2.85, ior: 728.2, len: [1.6, 3.1, 3.8], advVar: [0.06, 0.05, 0.05] },
  },
} as const;

const DIFFERENCES =
  'Not the paper\'s setup: a decoder-only policy (the paper: T5 encoder-decoder), a SASRec simulator with RMSNorm/RoPE trained here (the paper: RecBole SASRec), ' +
  'ML-1M trained on the authors\' val records (their train split is not released) and evaluated on their 6,928 test records, ML-100K prepared here (k-core, mined paths, residual k-means semantic IDs), ' +
  'and far smaller RL budgets (G·S = 8×16 rollouts per step for a few dozen steps vs 512×16 for ~5.5k steps). The numbers are directional, not a reproduction of the paper\'s magnitudes.';

export interface ClaimCheck {
  dataset: string;
  claim: string;
  holds: boolean;
  detail: string;
}

/** Rollout path lengths (sampled paths of each RL epoch, Table 5's measure) averaged over seeds, per epoch. */
export function epochLengths(curves: readonly RlCurve[], method: string): number[] {
  const cs = curves.filter((c) => c.method === method);
  const epochs = Math.max(0, ...cs.map((c) => c.epochs.length));
  return Array.from({ length: epochs }, (_, e) => mean(cs.map((c) => c.epochs[e]?.path_len ?? NaN).filter((v) => Number.isFinite(v))));
}

/** ProRL's first RL epoch (sampled from a barely moved π_0) only has to show no collapse: at least this long. */
export const FIRST_EPOCH_MIN_LENGTH = 1.2;

/** REINFORCE's length shortcut (§2.2): its last-epoch rollout paths reach at least this many items (L_max = 10). */
export const SHORTCUT_MIN_LENGTH = 8;

/**
 * The issue's claims, checked on one dataset's results (means over seeds):
 * - ProRL beats REINFORCE and GRPO on IoI and on IoR (greedy @1 on the evaluation records);
 * - ProRL's path length stays in [2, 8]: the mean rollout path length (Table 5's measure: the sampled
 *   paths, not the greedy ones) of every RL epoch after the first. The first epoch samples from π_0
 *   while the policy has barely moved, so it measures the pretrained policy, not the estimator (the
 *   paper's own ProRL row reads 1.6 there); it is reported and must not have collapsed (≥ 1.2);
 * - REINFORCE shows the length shortcut of §2.2: its rollout paths grow to the limit (≥ 8 of 10 items in
 *   the last epoch).
 */
export function checkClaims(ds: string, r: Pick<RecExperimentResult, 'compare' | 'curves'>): ClaimCheck[] {
  const row = (m: string) => r.compare.rows.find((x) => x.method === m);
  const out: ClaimCheck[] = [];
  const p = row('prorl');
  for (const other of ['reinforce', 'grpo']) {
    const o = row(other);
    if (!p || !o) continue;
    out.push({ dataset: ds, claim: `ProRL beats ${other} on IoI and IoR`, holds: p.ioi > o.ioi && p.ior > o.ior, detail: `IoI ${p.ioi.toFixed(3)} vs ${o.ioi.toFixed(3)}, IoR ${p.ior.toFixed(1)} vs ${o.ior.toFixed(1)}` });
  }
  const pl = epochLengths(r.curves, 'prorl');
  if (pl.length > 0) {
    const trained = pl.length > 1 ? pl.slice(1) : pl;
    const holds = trained.every((v) => v >= 2 && v <= 8) && pl[0]! >= FIRST_EPOCH_MIN_LENGTH;
    out.push({ dataset: ds, claim: `ProRL rollout path length stays in [2, 8] (every RL epoch after the first, which is π_0's; that one ≥ ${FIRST_EPOCH_MIN_LENGTH})`, holds, detail: `per epoch ${pl.map((v) => v.toFixed(2)).join(' → ')}${p ? `; greedy eval ${p.path_len.toFixed(2)}` : ''}` });
  }
  // the shortcut of §2.2 is the naive estimator's (raw rewards); fall back to REINFORCE on SRC rewards when it was not run
  const naive = r.curves.some((c) => c.method === 'reinforce_raw') ? 'reinforce_raw' : 'reinforce';
  const rl = epochLengths(r.curves, naive);
  if (rl.length > 0) {
    const last = rl[rl.length - 1]!;
    out.push({ dataset: ds, claim: `REINFORCE shows the length shortcut (${naive}: rollout paths grow to ≥ ${SHORTCUT_MIN_LENGTH} of 10 items)`, holds: last >= SHORTCUT_MIN_LENGTH, detail: `per epoch ${rl.map((v) => v.toFixed(2)).join(' → ')}` });
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
const pm = (m: number, s: number, n: number, d: number) => (n > 1 ? `${m.toFixed(d)} ± ${s.toFixed(d)}` : m.toFixed(d));
/** The Table 1 columns of one comparison row (method, the metrics as mean ± std, seeds), shared by the test and held-out tables. */
const METRIC_COLUMNS: Table['columns'] = [
  { name: 'method', unit: '' },
  { name: 'CTR', unit: 'ratio' },
  { name: 'Coherence', unit: 'ratio' },
  { name: 'IoI', unit: 'score' },
  { name: 'IoR', unit: 'rank' },
  { name: 'path length', unit: 'items' },
  { name: 'invalid', unit: 'ratio' },
  { name: 'seeds', unit: 'count' },
];
const metricCells = (x: ComparisonRow): (string | number)[] => [x.method, pm(x.ctr, x.std.ctr, x.seeds, 4), pm(x.coherence, x.std.coherence, x.seeds, 4), pm(x.ioi, x.std.ioi, x.seeds, 4), pm(x.ior, x.std.ior, x.seeds, 1), pm(x.path_len, x.std.path_len, x.seeds, 2), pm(x.invalid_rate, x.std.invalid_rate, x.seeds, 4), x.seeds];

function loadData(name: ReproRecDataset, dataDir: string): RecDataset | string {
  switch (name) {
    case 'ml-1m':
      if (!existsSync(join(dataDir, 'prorl-rec', 'datasets', 'ml-1m'))) return `no ${join(dataDir, 'prorl-rec', 'datasets', 'ml-1m')} (the authors' released records)`;
      return prepareFromSource({ source: 'release', name: 'ml-1m', dataDir });
    case 'ml-100k':
      if (!existsSync(join(dataDir, 'movielens-100k'))) return `no ${join(dataDir, 'movielens-100k')} (MovieLens-100K raw files)`;
      return prepareFromSource({ source: 'ml-100k', dataDir });
    default: {
      const never: never = name;
      return `unknown dataset ${String(never)}`;
    }
  }
}

export const reproRecSuite: SuiteFn = async (preset, opts) => {
  const plan = reproRecPreset(preset);
  const dataDir = resolveDataDir(opts.env.PRORL_DATA_DIR);
  if (!dataDir) throw new SuiteSkipped('no data directory: set PRORL_DATA_DIR to the folder holding prorl-rec/datasets/ml-1m and movielens-100k (or place it at ../shared/data beside the repository)');
  const runs: { ds: ReproRecDataset; data: RecDataset; r: RecExperimentResult }[] = [];
  const missing: string[] = [];
  for (const ds of plan.datasets) {
    const data = loadData(ds, dataDir);
    if (typeof data === 'string') {
      missing.push(`${ds}: ${data}`);
      opts.log(`repro-rec: skipping ${ds}: ${data}`);
      continue;
    }
    opts.log(`repro-rec: ${ds} (${data.train.length} train / ${data.test.length} test records), methods ${plan.methods.join(', ')}, seeds ${plan.seeds.join(', ')}`);
    // the key holds the library's RL defaults too, so a changed default (e.g. the penalty mode) reruns
    const key = { ds, plan, objectives: RL_METHOD_OBJECTIVES, objectiveDefaults: DEFAULT_PATH_RL_CONFIG, trainDefaults: DEFAULT_REC_RL_CONFIG, heldOut: 'val' };
    const r = await cachedRun(join(opts.dir, 'repro-rec', preset, `${ds}.json`), key, () => runDataset(ds, data, plan, opts.log), opts.log);
    runs.push({ ds, data, r });
  }
  if (runs.length === 0) throw new SuiteSkipped(`no dataset found under ${dataDir}: ${missing.join('; ')}`);

  const checks: ClaimCheck[] = [];
  const parts: SuitePart[] = [];
  for (const { ds, data, r } of runs) {
    const figures: Figure[] = [];
    const tables: Table[] = [];
    const plots: PlotSpec[] = [];
    const nEval = plan.sizes.evalRecords > 0 ? Math.min(plan.sizes.evalRecords, data.test.length) : data.test.length;
    const key = ds.replace(/-/g, '');
    for (const row of r.compare.rows) {
      for (const [m, unit] of [['ctr', 'ratio'], ['coherence', 'ratio'], ['ioi', 'score'], ['ior', 'rank'], ['path_len', 'items'], ['invalid_rate', 'ratio']] as const) {
        figures.push({ name: `${key}_${row.method.replace(/-/g, '_')}_${m}`, value: row[m], unit, label: `${ds} ${row.method} ${m} (mean of ${row.seeds} seeds, std ${row.std[m].toFixed(4)})` });
      }
    }
    if (r.simulator.test) figures.push({ name: `${key}_simulator_hr10`, value: r.simulator.test.hr, unit: 'ratio', label: `${ds} SASRec simulator HR@10 (test users)` });
    figures.push({ name: `${key}_seconds`, value: r.seconds.total, unit: 's', label: `${ds} wall time (simulator ${r.seconds.simulator.toFixed(0)} s, pretrain ${r.seconds.pretrain.toFixed(0)} s, RL ${r.seconds.rl.toFixed(0)} s, eval ${r.seconds.eval.toFixed(0)} s)` });
    const quoted = ds === 'ml-1m';
    const paperRow = (method: string): (number | null)[] => {
      if (!quoted) return [null, null, null, null];
      if (method === 'prorl') return [PAPER_ML1M.table1.prorl.ctr, PAPER_ML1M.table1.prorl.coherence, PAPER_ML1M.table1.prorl.ioi, PAPER_ML1M.table1.prorl.ior];
      const t5 = (PAPER_ML1M.table5 as Record<string, { ctr: number; ioi: number; ior: number }>)[method];
      return t5 ? [t5.ctr, null, t5.ioi, t5.ior] : [null, null, null, null];
    };
    tables.push({
      title: `${ds}: Table 1 columns, greedy @1 on ${nEval === data.test.length ? `all ${nEval}` : `the first ${nEval}`} test records (mean ± std over seeds)${quoted ? '; paper columns quoted' : ''}`,
      columns: [
        ...METRIC_COLUMNS,
        ...(quoted ? [{ name: 'paper CTR (quoted)', unit: 'ratio' }, { name: 'paper Coherence (quoted)', unit: 'ratio' }, { name: 'paper IoI (quoted)', unit: 'score' }, { name: 'paper IoR (quoted)', unit: 'rank' }] : []),
      ],
      rows: r.compare.rows.map((x) => [...metricCells(x), ...(quoted ? paperRow(x.method) : [])]),
      note: `${quoted ? `Paper columns: ProRL from ${TABLE1}; REINFORCE / GRPO / RTG from ${TABLE5} (no Coherence there). The paper's baselines (GRU4Rec, BERT4Rec, IRN, ...) are not re-run; ours are π_0, random paths and simulator-greedy. ` : 'The paper publishes no ML-100K results. '}${DIFFERENCES}`,
    });
    if (r.heldOut) {
      const h = heldOutReport(ds, r.heldOut);
      figures.push(...h.figures);
      tables.push(h.table);
    }
    const methods = [...new Set(r.curves.map((c) => c.method))];
    const sizes = datasetSizes(plan, ds);
    const epochs = Math.max(...r.curves.map((c) => c.epochs.length), 0);
    const curveMean = (m: RlMethod, e: number, k: 'path_len' | 'adv_var') => mean(r.curves.filter((c) => c.method === m).map((c) => c.epochs[e]?.[k] ?? NaN));
    const rfVar1 = curveMean('reinforce', 0, 'adv_var');
    tables.push({
      title: `${ds}: Table 5 study: rollout path length and advantage variance per RL epoch (mean over seeds)`,
      columns: [{ name: 'estimator', unit: '' }, ...Array.from({ length: epochs }, (_, e) => ({ name: `path length E${e + 1}`, unit: 'items' })), ...Array.from({ length: epochs }, (_, e) => ({ name: `adv. variance E${e + 1} / RF E1`, unit: 'ratio' })), ...(quoted ? [{ name: 'paper length E1/E5/E10 (quoted)', unit: 'items' }, { name: 'paper adv. var. E1–E3 (quoted)', unit: 'ratio' }] : [])],
      rows: methods.map((m) => {
        const t5 = quoted ? (PAPER_ML1M.table5 as Record<string, { len: readonly number[]; advVar: readonly number[] }>)[m] : undefined;
        // a method with fewer epochs than another (reinforce_raw runs longer) has empty cells past its last
        const cell = (v: number) => (Number.isFinite(v) ? v : null);
        return [m, ...Array.from({ length: epochs }, (_, e) => cell(curveMean(m, e, 'path_len'))), ...Array.from({ length: epochs }, (_, e) => (rfVar1 > 0 ? cell(curveMean(m, e, 'adv_var') / rfVar1) : null)), ...(quoted ? [t5 ? t5.len.join(' / ') : null, t5 ? t5.advVar.join(' / ') : null] : [])];
      }),
      note: `Path length here is the mean length of the sampled rollout paths of each epoch; the paper's E1/E5/E10 are its epochs 1, 5 and 10 of 50 (${TABLE5}). Our runs have ${epochs} short epochs${sizes.rlEpochsByMethod && Object.keys(sizes.rlEpochsByMethod).length > 0 ? ` (per-method epochs: ${Object.entries(sizes.rlEpochsByMethod).map(([m, n]) => `${m} ${n}`).join(', ')}, the others ${sizes.rlEpochs})` : ''}, so only the direction (REINFORCE shrinking, GRPO growing to the limit, ProRL in between) is comparable.`,
    });
    plots.push({
      kind: 'line',
      id: `${key}-path-length`,
      title: `${ds}: rollout path length per RL epoch (length shortcut)`,
      xLabel: 'RL epoch',
      yLabel: 'mean path length (items)',
      xTicks: Array.from({ length: epochs }, (_, e) => e + 1),
      series: methods.map((m) => ({ name: m, points: Array.from({ length: epochs }, (_, e) => [e + 1, curveMean(m, e, 'path_len')] as const).filter(([, v]) => Number.isFinite(v)) })),
    });
    plots.push({ kind: 'bar', id: `${key}-ioi`, title: `${ds}: IoI by method (greedy @1, mean over seeds)`, valueLabel: 'IoI', bars: r.compare.rows.map((x) => ({ label: x.method, value: x.ioi })) });
    const dsChecks = checkClaims(ds, r);
    checks.push(...dsChecks);
    if (quoted) {
      const t1 = PAPER_ML1M.table1.prorl;
      figures.push(
        { name: 'paper_ml1m_prorl_ctr', value: t1.ctr, unit: 'ratio', source: 'quoted', citation: TABLE1 },
        { name: 'paper_ml1m_prorl_coherence', value: t1.coherence, unit: 'ratio', source: 'quoted', citation: TABLE1 },
        { name: 'paper_ml1m_prorl_ioi', value: t1.ioi, unit: 'score', source: 'quoted', citation: TABLE1 },
        { name: 'paper_ml1m_prorl_ior', value: t1.ior, unit: 'rank', source: 'quoted', citation: TABLE1 },
        ...(['reinforce', 'grpo', 'rtg'] as const).flatMap((m) => [
          { name: `paper_ml1m_${m}_ioi`, value: PAPER_ML1M.table5[m].ioi, unit: 'score', source: 'quoted' as const, citation: TABLE5 },
          { name: `paper_ml1m_${m}_ior`, value: PAPER_ML1M.table5[m].ior, unit: 'rank', source: 'quoted' as const, citation: TABLE5 },
        ]),
      );
    }
    tables.push({
      title: `${ds}: the issue's claims on our runs`,
      columns: [{ name: 'dataset', unit: '' }, { name: 'claim', unit: '' }, { name: 'holds', unit: '' }, { name: 'detail', unit: '' }],
      rows: dsChecks.map((c) => [c.dataset, c.claim, c.holds ? 'yes' : 'no', c.detail]),
      note: preset === 'smoke' ? 'smoke sizes (1 seed, a few RL steps) cannot show these effects; the checks are informative only at this preset.' : `With ${plan.seeds.length} seeds at this preset; a claim that does not hold sets the suite status to failed.`,
    });
    parts.push({
      head: { dataset: r.compare.dataset, rows: r.compare.rows },
      figures,
      tables,
      plots,
      details: { curves: r.curves, simulator: r.simulator, seconds: r.seconds, notes: [...data.notes, ...r.notes], checks: dsChecks, plan },
    });
  }
  const failed = preset !== 'smoke' && checks.some((c) => !c.holds);
  return {
    status: failed ? 'failed' : 'ok',
    ...(failed ? { reason: `claims not reproduced: ${checks.filter((c) => !c.holds).map((c) => `${c.dataset}: ${c.claim} (${c.detail})`).join('; ')}` } : {}),
    summary: `ProRL-rec on ${runs.map((x) => x.ds).join(' + ')} (${plan.seeds.length} seed${plan.seeds.length > 1 ? 's' : ''}, preset ${preset}): ${runs.map((x) => `${x.ds} ProRL IoI ${x.r.compare.rows.find((y) => y.method === 'prorl')?.ioi.toFixed(3) ?? '-'}`).join(', ')}; ${checks.filter((c) => c.holds).length}/${checks.length} claims hold${missing.length ? `; skipped ${missing.join('; ')}` : ''}`,
    // bench-results/repro-rec.json is an array: one `prorl-rec compare --json` object { dataset, rows } per dataset, each carrying its figures, tables and plots
    figures: [],
    parts,
  };
};

/**
 * The held-out evaluation of one dataset (the same policies on val records with natural targets) as
 * figures and a table. A diagnostic beside the claims, which stay on the test records.
 */
export function heldOutReport(ds: string, h: NonNullable<RecExperimentResult['heldOut']>): { figures: Figure[]; table: Table } {
  const key = ds.replace(/-/g, '');
  const figures: Figure[] = h.compare.rows.flatMap((row) =>
    (['ioi', 'ior', 'path_len'] as const).map((m) => ({
      name: `${key}_heldout_${row.method.replace(/-/g, '_')}_${m}`,
      value: row[m],
      unit: m === 'ioi' ? 'score' : m === 'ior' ? 'rank' : 'items',
      label: `${ds} ${row.method} ${m} on ${h.records} held-out val records, natural targets (mean of ${row.seeds} seeds, std ${row.std[m].toFixed(4)})`,
    })),
  );
  const table: Table = {
    title: `${ds}: the same policies on ${h.records} held-out val records (natural targets, the distribution RL trains on), greedy @1 (mean ± std over seeds)`,
    columns: METRIC_COLUMNS,
    rows: h.compare.rows.map(metricCells),
    note: "A diagnostic, not a claim: these records are kept out of pretraining and RL, and their targets are the natural ends of mined paths, as the RL prompts' are (the test records' targets are random items). A method that beats π_0 here but not on the test records learned its objective without transferring to random targets; one that does not beat π_0 here did not learn it.",
  };
  return { figures, table };
}

/**
 * Resuming: each dataset's finished result is kept in `file` with the config it ran (a fingerprint);
 * a rerun at the same config reuses it, so an interrupted run repeats at most the dataset it was in.
 */
async function cachedRun(file: string, config: unknown, run: () => Promise<RecExperimentResult>, log: (l: string) => void): Promise<RecExperimentResult> {
  const key = JSON.stringify(config);
  const hit = readCached<RecExperimentResult>(file, key);
  if (hit) {
    log(`repro-rec: reusing ${file} (finished earlier with the same config)`);
    return hit;
  }
  const result = await run();
  writeCached(file, key, result);
  return result;
}

/** No checkpoints are written (the per-epoch curves come back in the result). */
/** The sizes one dataset runs with: the preset's, with that dataset's changes. */
export function datasetSizes(plan: ReproRecPlan, ds: ReproRecDataset): ExperimentSizes {
  return { ...plan.sizes, ...(plan.datasetSizes[ds] ?? {}) };
}

function runDataset(ds: ReproRecDataset, dataset: RecDataset, plan: ReproRecPlan, log: (l: string) => void): Promise<RecExperimentResult> {
  let last = 0;
  return runRecExperiment({
    dataset,
    methods: plan.methods,
    seeds: plan.seeds,
    baselines: true,
    sizes: datasetSizes(plan, ds),
    onProgress: (l) => {
      const t = performance.now();
      if (/ETA/.test(l) && t - last < 5000) return;
      last = t;
      log(`repro-rec ${ds}: ${l}`);
    },
  });
}
