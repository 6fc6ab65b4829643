/**
 * `runEval`: ProRL's pass@k evaluation protocol [P §3.4] over any `CompletionEngine`s (e.g. the base,
 * an intermediate and the final checkpoint).
 *
 * In algorithm order:
 *  1. resolve the config; read `run.json` and the sample logs of an earlier session (resume), refusing
 *     to mix sampling settings;
 *  2. plan requests: per engine and item, the n samples are drawn in chunks of min(n, engine.maxN)
 *     with a seed derived from (seed, item id, chunk) — the same for every engine (common random
 *     numbers across checkpoints) and the same across sessions, so an interrupted run resumes to the
 *     samples an uninterrupted run would have drawn (for engines that honour seeds); chunks whose
 *     samples are all on disk are skipped;
 *  3. run the requests, `concurrency` at a time; score each completion with the family verifier
 *     (`scoreCompletion`, which also supplies the code sandbox) and append one JSONL line per sample
 *     to `samples/<label>.jsonl` as each request returns; report progress;
 *  4. summarise from the logs: per family / domain / overall pass@1, format rate, pass@k curves and
 *     (with three engines) regimes; write `summary.json`, `report.md` and `plots/*.svg` atomically.
 *
 * Aborting (the AbortSignal) or any failure stops new requests, cancels those in flight, waits for
 * pending writes and rejects; every line already written is kept for the next `resume: true` run.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RegimeThresholds } from '@prorl/rl-core';
import { fnv1a32 } from '../suite/hash.js';
import { writeFileAtomic } from '../suite/jsonl.js';
import { scoreCompletion } from '../suite/score.js';
import { hasAnswerBlock } from '../tasks/extract.js';
import type { ScoreContext, TaskItem } from '../tasks/types.js';
import { splitN, type CompletionEngine } from './engine.js';
import { EvalError, isAbortError } from './errors.js';
import type { RegimeLabels } from './metrics.js';
import { ProgressTracker, type EvalProgress } from './progress.js';
import { markdownReport } from './report.js';
import { readSampleLog, sampleKey, SampleLogWriter, slimSample, type SampleRecord, type SlimSample } from './samples-log.js';
import { buildSummary, type EvalSummary, type SamplingSettings } from './summary.js';
import { passAtKPlotSvg } from './svg.js';

/** One engine under evaluation. `label` names its sample log and report columns. */
export interface EvalEngineSpec {
  /** `[A-Za-z0-9][A-Za-z0-9_.-]*`, unique, e.g. 'base', 'step-1000', 'final'. */
  label: string;
  engine: CompletionEngine;
}

export interface RunEvalConfig {
  /** The items to evaluate (unique ids). Required. */
  items: readonly TaskItem[];
  /** The engines, in report order. Required. */
  engines: readonly EvalEngineSpec[];
  /** Output directory. Required. */
  outDir: string;
  /** Samples per item. Paper: 16 for pass@1, 256 for the boundary study. Default 16. */
  n: number;
  /** Paper: 0.6. */
  temperature: number;
  /** Paper: 0.95. */
  topP: number;
  /** Generation budget per sample. Paper: 32k; default 4096. */
  maxTokens: number;
  /** Stop strings. Default none. */
  stop: string[];
  /**
   * The text sent for an item: `{prompt}` is replaced by the item's prompt. Default '{prompt}'. Use it
   * to apply a chat template for chat-tuned models served by /v1/completions, e.g.
   * '<｜User｜>{prompt}<｜Assistant｜><think>\n'.
   */
  promptTemplate: string;
  /** Seed of the per-request seeds. Default 0. */
  seed: number;
  /** ks reported in the summary (each 1..n). Default: powers of two up to n, and n. */
  kList: number[];
  /** The k of the report table's pass@k column. Default: the largest of kList. */
  tableK: number;
  /** Correct ⇔ reward >= threshold for pass@k. Default 1 (full credit). */
  threshold: number;
  /** Requests in flight at once over all engines. Default 4. */
  concurrency: number;
  /** Continue an earlier run in outDir. Without it, existing samples are an error. Default false. */
  resume: boolean;
  /**
   * Engines playing base / intermediate / final for the regime classification. Default: the three
   * engines in order when exactly three are given; 'off' disables it.
   */
  regime: RegimeLabels | 'auto' | 'off';
  regimeThresholds: Partial<RegimeThresholds>;
  /** Write SVG plots. Default true. */
  plots: boolean;
  /** Sandbox and other verifier services; the default sandbox pool when missing. */
  scoreContext?: ScoreContext;
  signal?: AbortSignal;
  /** Called after each request's samples are written. */
  onProgress?: (p: EvalProgress) => void;
}

export type RunEvalInput = Partial<RunEvalConfig> & Pick<RunEvalConfig, 'items' | 'engines' | 'outDir'>;

export const DEFAULT_RUN_EVAL_CONFIG: Omit<RunEvalConfig, 'items' | 'engines' | 'outDir' | 'kList' | 'tableK' | 'scoreContext' | 'signal' | 'onProgress'> = {
  n: 16,
  temperature: 0.6,
  topP: 0.95,
  maxTokens: 4096,
  stop: [],
  promptTemplate: '{prompt}',
  seed: 0,
  threshold: 1,
  concurrency: 4,
  resume: false,
  regime: 'auto',
  regimeThresholds: {},
  plots: true,
};

/** Powers of two up to n, and n itself. */
export function defaultKList(n: number): number[] {
  const ks: number[] = [];
  for (let k = 1; k <= n; k *= 2) ks.push(k);
  if (ks[ks.length - 1] !== n) ks.push(n);
  return ks;
}

const LABEL_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function resolveRunEvalConfig(input: RunEvalInput): RunEvalConfig {
  const bad = (field: string, rule: string, fix: string): never => {
    throw new EvalError('invalid_config', field, rule, fix);
  };
  // Keys set to undefined (unset CLI flags) mean "default".
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as RunEvalInput;
  const base = { ...DEFAULT_RUN_EVAL_CONFIG, ...defined };
  const n = base.n;
  if (!Number.isInteger(n) || n < 1) bad('n', `must be a positive integer, got ${n}`, 'use e.g. 16 (pass@1) or 256 (the boundary study)');
  const kList = defined.kList ?? defaultKList(n);
  const c: RunEvalConfig = { ...base, kList: [...new Set(kList)].sort((a, b) => a - b), tableK: defined.tableK ?? Math.max(...kList) };
  if (!Array.isArray(c.items) || c.items.length === 0) bad('items', 'is empty', 'pass at least one TaskItem (e.g. from sampleSuite / readJsonlFile)');
  const ids = new Set<string>();
  for (const it of c.items) {
    if (ids.has(it.id)) bad('items', `item id '${it.id}' appears twice`, 'deduplicate the items');
    ids.add(it.id);
  }
  if (!Array.isArray(c.engines) || c.engines.length === 0) bad('engines', 'is empty', 'pass at least one { label, engine }');
  const labels = new Set<string>();
  for (const e of c.engines) {
    if (typeof e.label !== 'string' || !LABEL_RE.test(e.label)) bad('engines.label', `'${String(e.label)}' is not a valid label`, 'use letters, digits, _ . - (it names a file), e.g. base, final');
    if (labels.has(e.label)) bad('engines.label', `'${e.label}' appears twice`, 'give each engine its own label');
    labels.add(e.label);
    if (!e.engine || typeof e.engine.complete !== 'function') bad(`engines.${e.label}`, 'is not a CompletionEngine', 'pass an object with complete(), name, maxN and maxTokens');
    if (c.maxTokens > e.engine.maxTokens) bad('maxTokens', `(${c.maxTokens}) exceeds engine '${e.label}' maxTokens (${e.engine.maxTokens})`, `lower maxTokens to <= ${e.engine.maxTokens}`);
  }
  if (typeof c.outDir !== 'string' || c.outDir.length === 0) bad('outDir', 'is empty', 'pass an output directory (--out)');
  if (!Number.isFinite(c.temperature) || c.temperature < 0) bad('temperature', `must be >= 0, got ${c.temperature}`, 'use 0.6 (the paper)');
  if (!Number.isFinite(c.topP) || c.topP <= 0 || c.topP > 1) bad('topP', `must be in (0, 1], got ${c.topP}`, 'use 0.95 (the paper)');
  if (!Number.isInteger(c.maxTokens) || c.maxTokens < 1) bad('maxTokens', `must be a positive integer, got ${c.maxTokens}`, 'use e.g. 4096');
  if (typeof c.promptTemplate !== 'string' || !c.promptTemplate.includes('{prompt}')) bad('promptTemplate', 'must contain {prompt}', "use e.g. '{prompt}' or a chat template around it");
  if (!Number.isInteger(c.seed) || c.seed < 0) bad('seed', `must be a non-negative integer, got ${c.seed}`, 'use e.g. 0');
  if (!Number.isInteger(c.concurrency) || c.concurrency < 1) bad('concurrency', `must be a positive integer, got ${c.concurrency}`, 'use e.g. 4');
  if (!Number.isFinite(c.threshold) || c.threshold <= 0 || c.threshold > 1) bad('threshold', `must be in (0, 1], got ${c.threshold}`, 'use 1 (correct ⇔ full reward, the paper)');
  for (const k of c.kList) if (!Number.isInteger(k) || k < 1 || k > n) bad('kList', `contains ${k}, outside 1..n (n = ${n})`, `use ks in 1..${n}`);
  if (!c.kList.includes(c.tableK)) bad('tableK', `(${c.tableK}) is not in kList (${c.kList.join(', ')})`, 'pick one of the reported ks');
  if (c.regime !== 'auto' && c.regime !== 'off') {
    for (const role of ['base', 'intermediate', 'final'] as const) {
      if (!labels.has(c.regime[role])) bad(`regime.${role}`, `'${c.regime[role]}' is not an engine label`, `use one of: ${[...labels].join(', ')}`);
    }
  }
  return c;
}

/** The regime labels a resolved config implies, or undefined when no regime is computed. */
function regimeLabelsOf(c: RunEvalConfig): RegimeLabels | undefined {
  switch (c.regime) {
    case 'off':
      return undefined;
    case 'auto':
      return c.engines.length === 3 ? { base: c.engines[0]!.label, intermediate: c.engines[1]!.label, final: c.engines[2]!.label } : undefined;
    default:
      return c.regime;
  }
}

export interface EvalOutputs {
  summary: string;
  report: string;
  runInfo: string;
  samples: Record<string, string>;
  plots: string[];
}

export interface RunEvalResult {
  summary: EvalSummary;
  files: EvalOutputs;
  /** Samples drawn in this session (0 when everything was on disk). */
  drawn: number;
  /** Samples found on disk from earlier sessions. */
  resumed: number;
}

/** The per-request seed: stable over engines and sessions. */
export function chunkSeed(seed: number, itemId: string, chunk: number): number {
  return fnv1a32(`${seed}/${itemId}/${chunk}`);
}

interface Job {
  spec: EvalEngineSpec;
  item: TaskItem;
  chunk: number;
  start: number;
  size: number;
  /** Sample indices of the chunk not yet on disk. */
  missing: number[];
}

const RUN_FILE = 'run.json';

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function checkRunInfo(file: string, settings: SamplingSettings, resume: boolean, hasSamples: boolean): Promise<void> {
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if ((text !== undefined || hasSamples) && !resume) {
    throw new EvalError('out_dir_not_empty', file, 'an earlier evaluation is in this directory', 'pass resume: true (--resume) to continue it, or choose another --out');
  }
  if (text === undefined) return;
  let prev: Partial<SamplingSettings>;
  try {
    prev = (JSON.parse(text) as { settings?: Partial<SamplingSettings> }).settings ?? {};
  } catch {
    throw new EvalError('resume_mismatch', file, 'is not valid JSON, so the earlier settings are unknown', 'restore it, or delete it if you are sure the settings are the same');
  }
  for (const key of Object.keys(settings) as (keyof SamplingSettings)[]) {
    if (JSON.stringify(prev[key]) !== JSON.stringify(settings[key])) {
      throw new EvalError('resume_mismatch', `${file}: ${key}`, `the earlier run used ${JSON.stringify(prev[key])}, this one ${JSON.stringify(settings[key])}`, `re-run with ${key} = ${JSON.stringify(prev[key])}, or use another --out`);
    }
  }
}

export async function runEval(input: RunEvalInput): Promise<RunEvalResult> {
  // 1. config and earlier sessions
  const c = resolveRunEvalConfig(input);
  c.signal?.throwIfAborted();
  const settings: SamplingSettings = { temperature: c.temperature, topP: c.topP, maxTokens: c.maxTokens, stop: c.stop, seed: c.seed, promptTemplate: c.promptTemplate };
  const files: EvalOutputs = {
    summary: join(c.outDir, 'summary.json'),
    report: join(c.outDir, 'report.md'),
    runInfo: join(c.outDir, RUN_FILE),
    samples: Object.fromEntries(c.engines.map((e) => [e.label, join(c.outDir, 'samples', `${e.label}.jsonl`)])),
    plots: [],
  };
  const records: Record<string, SlimSample[]> = {};
  const have = new Set<string>();
  const logsExist = (await Promise.all(Object.values(files.samples).map(exists))).some(Boolean);
  await checkRunInfo(files.runInfo, settings, c.resume, logsExist);
  for (const e of c.engines) {
    const log = await readSampleLog(files.samples[e.label]!, slimSample);
    records[e.label] = log.records;
    for (const r of log.records) have.add(sampleKey(r.engine, r.item, r.sample));
  }
  await writeFileAtomic(files.runInfo, JSON.stringify({ version: 1, settings, engines: c.engines.map((e) => ({ label: e.label, name: e.engine.name })) }, null, 2) + '\n');

  // 2. plan
  const jobs: Job[] = [];
  let resumed = 0;
  for (const spec of c.engines) {
    const sizes = splitN(c.n, spec.engine.maxN);
    for (const item of c.items) {
      let start = 0;
      sizes.forEach((size, chunk) => {
        const missing: number[] = [];
        for (let s = start; s < start + size; s++) {
          if (have.has(sampleKey(spec.label, item.id, s))) resumed++;
          else missing.push(s);
        }
        if (missing.length > 0) jobs.push({ spec, item, chunk, start, size, missing });
        start += size;
      });
    }
  }
  const total = c.engines.length * c.items.length * c.n;
  const progress = new ProgressTracker(resumed, total);
  c.onProgress?.(progress.snapshot(c.engines[0]!.label));

  // 3. sample, score, append
  const writers = new Map(c.engines.map((e) => [e.label, new SampleLogWriter(files.samples[e.label]!)]));
  const stop = new AbortController();
  const onOuterAbort = (): void => stop.abort(c.signal?.reason);
  c.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let failure: unknown;
  let next = 0;
  let drawn = 0;

  const runJob = async (job: Job): Promise<void> => {
    const seed = chunkSeed(c.seed, job.item.id, job.chunk);
    const res = await job.spec.engine.complete(
      { prompt: c.promptTemplate.split('{prompt}').join(job.item.prompt), n: job.size, temperature: c.temperature, topP: c.topP, maxTokens: c.maxTokens, ...(c.stop.length > 0 ? { stop: c.stop } : {}), seed },
      stop.signal,
    );
    if (res.choices.length !== job.size) {
      throw new EvalError('invalid_request', `engine '${job.spec.label}'`, `returned ${res.choices.length} choices for n = ${job.size}`, 'fix the engine: complete() must return exactly n choices');
    }
    const fresh = await Promise.all(
      job.missing.map(async (s): Promise<SampleRecord> => {
        const choice = res.choices[s - job.start]!;
        const scored = await scoreCompletion(job.item, choice.text, c.scoreContext);
        return {
          engine: job.spec.label,
          item: job.item.id,
          family: job.item.family,
          domain: job.item.domain,
          level: job.item.level,
          sample: s,
          seed,
          text: choice.text,
          finishReason: choice.finishReason,
          score: scored.score,
          reason: scored.reason,
          extracted: scored.extracted,
          format: hasAnswerBlock(choice.text),
        };
      }),
    );
    await writers.get(job.spec.label)!.append(fresh);
    for (const r of fresh) records[job.spec.label]!.push(slimSample(r));
    drawn += fresh.length;
    c.onProgress?.(progress.add(fresh.length, job.spec.label));
  };

  const worker = async (): Promise<void> => {
    while (!stop.signal.aborted) {
      const job = jobs[next++];
      if (!job) return;
      try {
        await runJob(job);
      } catch (err) {
        if (failure === undefined && !(stop.signal.aborted && isAbortError(err))) failure = err;
        stop.abort(err);
        return;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(c.concurrency, Math.max(1, jobs.length)) }, worker));
    await Promise.all([...writers.values()].map((w) => w.flush()));
  } finally {
    c.signal?.removeEventListener('abort', onOuterAbort);
  }
  if (c.signal?.aborted) {
    const p = progress.snapshot('');
    throw new EvalError('aborted', c.outDir, `evaluation aborted after ${p.done} of ${p.total} samples (all written)`, 'run again with resume: true (--resume) to continue');
  }
  if (failure !== undefined) throw failure;

  // 4. summarise and write
  const regimeLabels = regimeLabelsOf(c);
  const summary = buildSummary({
    records,
    engines: c.engines.map((e) => ({ label: e.label, name: e.engine.name })),
    itemIds: c.items.map((it) => it.id),
    n: c.n,
    settings,
    threshold: c.threshold,
    kList: c.kList,
    tableK: c.tableK,
    ...(regimeLabels ? { regimeLabels } : {}),
    regimeThresholds: c.regimeThresholds,
  });
  await writeFileAtomic(files.summary, JSON.stringify(summary, null, 2) + '\n');
  await writeFileAtomic(files.report, markdownReport(summary));
  if (c.plots) files.plots = await writePlots(summary, join(c.outDir, 'plots'));
  return { summary, files, drawn, resumed };
}

/** Safe file stem for a family / domain name. */
function stem(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** One SVG per family, per domain and overall; returns the paths. */
export async function writePlots(summary: EvalSummary, dir: string): Promise<string[]> {
  const labels = summary.engines.map((e) => e.label);
  const first = summary.byEngine[labels[0]!]!;
  const out: string[] = [];
  const plot = async (file: string, title: string, pick: (l: string) => readonly number[] | undefined): Promise<void> => {
    const series = labels.flatMap((l) => {
      const curve = pick(l);
      return curve ? [{ label: l, curve }] : [];
    });
    const path = join(dir, file);
    await writeFileAtomic(path, passAtKPlotSvg({ title, series }));
    out.push(path);
  };
  const regimeNote = (r: { regime: string | null } | undefined): string => (r?.regime ? ` — ${r.regime}` : '');
  for (const fam of Object.keys(first.families).sort()) {
    await plot(`family-${stem(fam)}.svg`, `${fam} (n = ${summary.settings.n})${regimeNote(summary.regimes?.families[fam])}`, (l) => summary.byEngine[l]?.families[fam]?.curve);
  }
  for (const d of Object.keys(first.domains).sort()) {
    await plot(`domain-${stem(d)}.svg`, `${d} (n = ${summary.settings.n})${regimeNote(summary.regimes?.domains[d])}`, (l) => summary.byEngine[l]?.domains[d]?.curve);
  }
  await plot('overall.svg', `all items (n = ${summary.settings.n})${regimeNote(summary.regimes?.overall)}`, (l) => summary.byEngine[l]?.overall.curve);
  return out;
}
