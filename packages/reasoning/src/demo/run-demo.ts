/**
 * The main job, `prorl-reason demo`: build a tiny base policy by SFT on worked solutions of a few
 * families (level 1), run ProRL on those families, evaluate base vs trained on the test split of
 * the training families AND of held-out families neither stage has seen, print a pass@k table and
 * write a report (JSON + Markdown). Sized to finish in a few minutes on 2 CPU cores.
 *
 * Returns `{ k, families: [{ family, trained_on, base_pass1, trained_pass1, base_passk,
 * trained_passk, base_format_rate }] }`; with `json` the last printed line is that object.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CharTokenizer, loadCheckpoint, tokenizerFromJSON, type ModelConfig, type Tokenizer } from '@prorl/policy';
import type { SuiteSpec } from '../suite/suite-spec.js';
import { resolveSuite } from '../suite/suite-spec.js';
import { getFamily } from '../tasks/registry.js';
import type { TaskItem } from '../tasks/types.js';
import type { SftConfig } from '../sft/config.js';
import { runSft } from '../sft/run-sft.js';
import type { ProRLConfigInput } from '../train/config.js';
import { sampleSplit } from '../train/data.js';
import { ProRLConfigError } from '../train/errors.js';
import { trainProRL, type ProRLStepMetrics } from '../train/trainer.js';
import { evaluateDemoPolicy, type DemoEvalSettings, type DemoFamilyEval } from './evaluate.js';

export interface DemoConfig {
  seed: number;
  /** Families of SFT and RL (at `levels`). */
  trainFamilies: string[];
  levels: number[];
  /** Families evaluated but never trained on (the base has pass@k ≈ 0 there). */
  heldOutFamilies: string[];
  /** SFT overrides (families / levels / seed / outDir come from the demo). */
  sft: Partial<Omit<SftConfig, 'families' | 'levels' | 'seed' | 'outDir'>>;
  /** ProRL overrides (model.init, data.suite, seed and run.outDir come from the demo). */
  prorl: ProRLConfigInput;
  /** Test items per family. */
  evalItems: number;
  /** Reuse an existing SFT base checkpoint instead of training one (null = run SFT). */
  baseDir: string | null;
  eval: Omit<DemoEvalSettings, 'seed' | 'maxNewTokens'>;
}

export const DEFAULT_DEMO_CONFIG: DemoConfig = {
  seed: 0,
  trainFamilies: ['number_sorting', 'power_function', 'letter_counting'],
  levels: [1],
  heldOutFamilies: ['basic_arithmetic', 'unit_conversion'],
  sft: { steps: 200, batchSize: 32, lr: 3e-3, model: { dModel: 128, nHeads: 4, nLayers: 2, maxSeqLen: 160 } },
  prorl: {
    // Rollout temperature 1.0 instead of the paper's 1.2: a 0.4M-parameter char model at 1.2 breaks
    // most answers by sampling noise (format rate ~0.8, number_sorting 5-15% correct vs ~60% at 1.0),
    // and at 1.0 the rollouts are exactly on-policy for the temperature-1 training graph. Measured on
    // the seed-1 base: mean pass@1 46.0 → 55.4 at 1.0 vs 46.0 → 48.6 at 1.2 (30 steps, lr 5e-5).
    // Full demo runs (2 cores, loaded machine, ~310 s each): seed 0 48.6 → 54.5, seed 1 46.0 → 55.4,
    // every training family improving in both.
    rollout: { temperature: 1.0 },
    optimizer: { lr: 5e-5 },
    run: { steps: 30, checkpointEvery: 10 },
    validation: { every: 10, items: 24, n: 4, temperature: 0.6, topP: 0.95 },
  },
  evalItems: 24,
  baseDir: null,
  eval: { n: 8, k: 8, temperature: 0.6, topP: 0.95 }, // paper eval sampling T 0.6, top_p 0.95 [P §3.4]
};

export type DemoInput = Partial<Omit<DemoConfig, 'eval'>> & { eval?: Partial<DemoConfig['eval']> };

export interface DemoFamilyRow {
  family: string;
  trained_on: boolean;
  base_pass1: number;
  trained_pass1: number;
  base_passk: number;
  trained_passk: number;
  base_format_rate: number;
}

/** The demo's result (exactly this shape; the CLI prints it as the last line with --json). */
export interface DemoSummary {
  k: number;
  families: DemoFamilyRow[];
}

export type DemoPhase = 'sft' | 'prorl' | 'eval' | 'report';

export interface DemoProgress {
  phase: DemoPhase;
  message: string;
  /** Step within the phase and its total, when known. */
  step?: number;
  total?: number;
  elapsedSec: number;
}

export interface DemoOptions {
  /** Run directory (base/, prorl/, report.json, report.md). */
  outDir: string;
  /** Print the JSON summary as the last line. */
  json?: boolean;
  config?: DemoInput;
  onProgress?: (p: DemoProgress) => void;
  /** Where the table (and the JSON line) are printed; default stdout. */
  print?: (line: string) => void;
  signal?: AbortSignal;
}

/** Paths of the demo's report files. */
export function demoReportPaths(outDir: string): { json: string; markdown: string } {
  return { json: path.join(outDir, 'report.json'), markdown: path.join(outDir, 'report.md') };
}

export function resolveDemoConfig(input: DemoInput = {}): DemoConfig {
  const d = DEFAULT_DEMO_CONFIG;
  const c: DemoConfig = { ...d, ...input, eval: { ...d.eval, ...input.eval } };
  if (c.trainFamilies.length === 0) throw new ProRLConfigError('demo.trainFamilies', 'is empty', 'name at least one family to train on');
  for (const f of [...c.trainFamilies, ...c.heldOutFamilies]) getFamily(f);
  const overlap = c.trainFamilies.filter((f) => c.heldOutFamilies.includes(f));
  if (overlap.length) throw new ProRLConfigError('demo.heldOutFamilies', `lists training families (${overlap.join(', ')})`, 'a family is either trained on or held out');
  if (!(Number.isInteger(c.eval.n) && c.eval.n >= 1)) throw new ProRLConfigError('demo.eval.n', `must be a positive integer, got ${c.eval.n}`, 'use e.g. 8');
  if (!(Number.isInteger(c.eval.k) && c.eval.k >= 1 && c.eval.k <= c.eval.n)) throw new ProRLConfigError('demo.eval.k', `must be an integer in [1, n=${c.eval.n}], got ${c.eval.k}`, 'pass k <= n (pass@k needs n >= k samples)');
  if (!(Number.isInteger(c.evalItems) && c.evalItems >= 1)) throw new ProRLConfigError('demo.evalItems', `must be a positive integer, got ${c.evalItems}`, 'use e.g. 24');
  return c;
}

/** The suite of the demo: training families at the demo levels, held-out families at their first level. */
export function demoSuite(c: DemoConfig): SuiteSpec {
  const levelsOf = (f: string) => {
    const have = getFamily(f).levels;
    const ls = c.levels.filter((l) => have.includes(l));
    return ls.length ? ls : [have[0]!];
  };
  return {
    name: 'prorl-demo',
    entries: [...c.trainFamilies, ...c.heldOutFamilies].map((family) => ({ family, levels: levelsOf(family) })),
    heldOut: [...c.heldOutFamilies],
  };
}

const pct = (x: number) => (100 * x).toFixed(1).padStart(5);

/** The pass@k table (plain text, one line per family plus the mean over training families). */
export function formatPassAtKTable(s: DemoSummary): string[] {
  const head = `${'family'.padEnd(22)} ${'trained'.padEnd(7)} ${'base p@1'.padStart(8)} ${'ProRL p@1'.padStart(9)} ${`base p@${s.k}`.padStart(9)} ${`ProRL p@${s.k}`.padStart(10)} ${'base fmt'.padStart(8)}`;
  const lines = [head, '-'.repeat(head.length)];
  for (const r of s.families) {
    lines.push(`${r.family.padEnd(22)} ${(r.trained_on ? 'yes' : 'no').padEnd(7)} ${pct(r.base_pass1).padStart(8)} ${pct(r.trained_pass1).padStart(9)} ${pct(r.base_passk).padStart(9)} ${pct(r.trained_passk).padStart(10)} ${pct(r.base_format_rate).padStart(8)}`);
  }
  const tr = s.families.filter((r) => r.trained_on);
  if (tr.length) {
    const m = (f: (r: DemoFamilyRow) => number) => tr.reduce((a, r) => a + f(r), 0) / tr.length;
    lines.push('-'.repeat(head.length));
    lines.push(`${'mean (trained on)'.padEnd(22)} ${''.padEnd(7)} ${pct(m((r) => r.base_pass1)).padStart(8)} ${pct(m((r) => r.trained_pass1)).padStart(9)} ${pct(m((r) => r.base_passk)).padStart(9)} ${pct(m((r) => r.trained_passk)).padStart(10)} ${pct(m((r) => r.base_format_rate)).padStart(8)}`);
  }
  return lines;
}

/** Runs the demo end to end. */
export async function runDemo(opts: DemoOptions): Promise<DemoSummary> {
  const c = resolveDemoConfig(opts.config);
  const print = opts.print ?? ((l: string) => void process.stdout.write(l + '\n'));
  const t0 = Date.now();
  const progress = (phase: DemoPhase, message: string, step?: number, total?: number) =>
    opts.onProgress?.({ phase, message, ...(step !== undefined ? { step } : {}), ...(total !== undefined ? { total } : {}), elapsedSec: (Date.now() - t0) / 1000 });
  const suite = resolveSuite(demoSuite(c));
  await fs.mkdir(opts.outDir, { recursive: true });

  // 1. SFT base on worked solutions of the training families only (or a given base checkpoint).
  let baseDir = path.join(opts.outDir, 'base');
  let sft: { model: ModelConfig; params: Float32Array; tokenizer: Tokenizer; losses: number[] };
  if (c.baseDir !== null) {
    baseDir = c.baseDir;
    progress('sft', `using the base checkpoint ${baseDir}`);
    const ck = await loadCheckpoint(baseDir);
    sft = { model: ck.config, params: ck.params, tokenizer: ck.tokenizer !== undefined ? tokenizerFromJSON(ck.tokenizer) : new CharTokenizer(), losses: [] };
  } else {
    progress('sft', `SFT on ${c.trainFamilies.join(', ')} (levels ${c.levels.join(', ')})`);
    sft = await runSft(
      { ...c.sft, families: c.trainFamilies, levels: c.levels, seed: c.seed, outDir: baseDir },
      { onStep: (i) => progress('sft', `step ${i.step}/${i.steps} loss ${i.loss.toFixed(3)}`, i.step, i.steps), ...(opts.signal ? { signal: opts.signal } : {}) },
    );
  }

  // 2. ProRL from the base on the training families (held-out families never enter the train split).
  const prorlDir = path.join(opts.outDir, 'prorl');
  const steps = c.prorl.run?.steps ?? 30;
  const trained = await trainProRL(
    {
      ...c.prorl,
      seed: c.seed,
      model: { init: { kind: 'checkpoint', dir: baseDir } },
      data: { suite: demoSuite(c) },
      run: { ...c.prorl.run, outDir: prorlDir, resume: false },
    },
    {
      onStep: (m: ProRLStepMetrics) =>
        progress('prorl', `step ${m.step}/${steps} reward ${num(m['reward/mean'])} acc ${num(m['acc/mean'])} kept ${m['dynamic/kept_groups']} kl ${num(m['actor/kl_loss'])}${m['val/pass1'] !== undefined ? ` val ${num(m['val/pass1'])}` : ''}${m['reset/reason'] ? ` RESET(${m['reset/reason']})` : ''} eta ${Math.round(m['time/eta_sec'] as number)}s`, m.step, steps),
      onReset: (e) => progress('prorl', `reference reset at step ${e.step} (${e.reason}): ${e.detail}`),
      ...(opts.signal ? { signal: opts.signal } : {}),
    },
  );

  // 3. Evaluate base vs trained on the test split, same items and seeds.
  const itemsByFamily = new Map<string, TaskItem[]>();
  for (const f of [...c.trainFamilies, ...c.heldOutFamilies]) itemsByFamily.set(f, sampleSplit(suite, 'test', c.evalItems, c.seed, f));
  const settings: DemoEvalSettings = { ...c.eval, seed: c.seed, maxNewTokens: trained.config.rollout.maxNewTokens };
  progress('eval', `base policy: ${c.eval.n} samples x ${c.evalItems} test items per family`);
  const base = await evaluateDemoPolicy(sft.model, sft.params, sft.tokenizer, itemsByFamily, settings);
  progress('eval', 'ProRL policy');
  const after = await evaluateDemoPolicy(trained.model, trained.params, trained.tokenizer, itemsByFamily, settings);

  // 4. Summary, table, report.
  const byFam = (xs: DemoFamilyEval[], f: string) => xs.find((x) => x.family === f)!;
  const summary: DemoSummary = {
    k: c.eval.k,
    families: [...itemsByFamily.keys()].map((family) => ({
      family,
      trained_on: c.trainFamilies.includes(family),
      base_pass1: byFam(base, family).pass1,
      trained_pass1: byFam(after, family).pass1,
      base_passk: byFam(base, family).passk,
      trained_passk: byFam(after, family).passk,
      base_format_rate: byFam(base, family).formatRate,
    })),
  };
  const paths = demoReportPaths(opts.outDir);
  const report = {
    summary,
    elapsedSec: (Date.now() - t0) / 1000,
    config: c,
    sft: { steps: sft.losses.length, firstLoss: sft.losses[0] ?? null, finalLoss: sft.losses[sft.losses.length - 1] ?? null, checkpoint: baseDir },
    prorl: { steps: trained.step, resets: trained.resets, checkpoint: trained.checkpointDir, metrics: path.join(prorlDir, 'metrics.jsonl') },
    eval: { settings, base, trained: after },
  };
  progress('report', `writing ${paths.json} and ${paths.markdown}`);
  await fs.writeFile(paths.json, JSON.stringify(report, null, 2) + '\n');
  await fs.writeFile(paths.markdown, markdownReport(summary, report));
  for (const l of formatPassAtKTable(summary)) print(l);
  print(`report: ${paths.markdown} (JSON: ${paths.json})`);
  if (opts.json) print(JSON.stringify(summary));
  return summary;
}

function num(x: unknown): string {
  return typeof x === 'number' && Number.isFinite(x) ? (Math.abs(x) >= 0.01 || x === 0 ? x.toFixed(3) : x.toExponential(1)) : '-';
}

function markdownReport(s: DemoSummary, r: { elapsedSec: number; sft: { steps: number; firstLoss: number | null; finalLoss: number | null }; prorl: { steps: number; resets: { step: number; reason: string; detail: string }[] }; eval: { settings: DemoEvalSettings } }): string {
  const e = r.eval.settings;
  const rows = s.families.map((f) => `| ${f.family} | ${f.trained_on ? 'yes' : 'no'} | ${pct(f.base_pass1)} | ${pct(f.trained_pass1)} | ${pct(f.base_passk)} | ${pct(f.trained_passk)} | ${pct(f.base_format_rate)} |`);
  return [
    '# ProRL demo: base vs trained',
    '',
    `SFT ${r.sft.steps} steps (loss ${r.sft.firstLoss?.toFixed(3)} → ${r.sft.finalLoss?.toFixed(3)}), ProRL ${r.prorl.steps} steps, ${r.prorl.resets.length} reference reset(s); ${r.elapsedSec.toFixed(0)} s in total.`,
    `Evaluation: ${e.n} samples per test item at temperature ${e.temperature}, top-p ${e.topP}; unbiased pass@k (percent).`,
    '',
    `| family | trained on | base pass@1 | ProRL pass@1 | base pass@${s.k} | ProRL pass@${s.k} | base format rate |`,
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...(r.prorl.resets.length ? ['Resets:', ...r.prorl.resets.map((x) => `- step ${x.step} (${x.reason}): ${x.detail}`), ''] : []),
  ].join('\n');
}
