/**
 * The `repro-reasoning` suite: ProRL's reasoning-boundary experiment [P §3.4, §4] at small scale, with
 * ablations (research/prorl-llm.md §1, §3).
 *
 * Per seed: SFT a tiny char-level base on worked solutions of the training families at level 1 only
 * (the demo's setup), then ProRL on the same families at levels 1 AND 2 (level 2 is unseen by the base),
 * stopping once at the midpoint for the intermediate checkpoint. Base, intermediate and final policies
 * are evaluated on the test split of every (family, level) group, with n samples per item and the same
 * sampling seeds for every policy (common random numbers): unbiased pass@k curves for k = 1..n,
 * format rates, and the paper's regimes (`classifyRegime`: diminish / plateau / sustained).
 *
 * The boundary claim [P §4 "base fails at every k but RL succeeds"]: a group is a boundary case when
 * the base answers in the right format (format rate >= `boundaryFormatRate`; a format failure is not a
 * reasoning boundary) but has pass@n = 0 (so pass@k = 0 for every k <= n, n >= 16 at every preset);
 * the suite reports whether the trained policy's pass@n is > 0 there, whatever happens.
 *
 * Ablations (each turns one thing off; seed-s base reused, compared with the main run of seed s):
 * no KL (klCoef 0), no reference reset, symmetric clipping (0.2 / 0.2), no dynamic sampling. Their
 * entropy and validation curves come from the trainer's `metrics.jsonl`.
 *
 * Output: figures (mean ± spread over seeds), tables, SVG line plots, and in `details.runs` one entry
 * per seed in the demo's JSON shape `{ seed, k, families: [{ family, trained_on, base_pass1,
 * trained_pass1, base_passk, trained_passk, base_format_rate }] }`, where `family` is the group label
 * `<family>@L<level>`, `trained_on` means "in the RL training data", and k = n.
 *
 * Resumable: every phase of every seed / ablation writes its result under `<opts.dir>/repro-reasoning/
 * <preset>/`, keyed by a fingerprint of its config; a rerun reuses finished phases.
 */
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Preset, Figure, Table, PlotSpec, SuiteResult } from '../report/types.js';
import type { SuiteFn, SuiteOptions } from './suite.js';
import type { ReferenceResetConfig } from '@prorl/rl-core';

// ------------------------------------------------------------------------------------------------
// Configuration
// ------------------------------------------------------------------------------------------------

export type AblationName = 'no_kl' | 'no_reset' | 'symmetric_clip' | 'no_dynamic_sampling';
export const ABLATIONS: readonly AblationName[] = ['no_kl', 'no_reset', 'symmetric_clip', 'no_dynamic_sampling'];

export interface ReproReasoningConfig {
  seeds: number[];
  /** Families of SFT (at `sftLevels`) and RL (at `rlLevels`). */
  trainFamilies: string[];
  sftLevels: number[];
  rlLevels: number[];
  /** Levels evaluated for the training families (include levels beyond `rlLevels` for "harder instances"). */
  evalLevels: number[];
  /** Families never trained on, evaluated at their level 1. */
  heldOutFamilies: string[];
  sft: { steps: number; batchSize: number; lr: number; warmupSteps: number; model: { dModel: number; nHeads: number; nLayers: number; maxSeqLen: number } };
  /** RL steps; the intermediate checkpoint is taken at `midStep`. */
  steps: number;
  midStep: number;
  rollout: { promptsPerStep: number; n: number; temperature: number; maxNewTokens: number };
  miniBatchPrompts: number;
  lr: number;
  validation: { every: number; items: number; n: number };
  /** Reset controller of the main run (scaled: patience in validations, minimum gap in steps). */
  reset: { patience: number; declineDelta: number; minGapSteps: number };
  /** Test items per (family, level) group and samples per item (n >= 16; pass@k curves k = 1..n). */
  evalItems: number;
  evalN: number;
  /** Base format rate from which a pass@n = 0 counts as a reasoning boundary, not a format failure. */
  boundaryFormatRate: number;
  ablations: AblationName[];
  /** Seeds (a prefix of `seeds`) the ablations run on. */
  ablationSeeds: number;
  /** Samples per item of the ablations' final evaluation. */
  ablationEvalN: number;
}

const PAPER_EVAL = { temperature: 0.6, topP: 0.95 }; // [P §3.4]

const DEMO_MODEL = { dModel: 128, nHeads: 4, nLayers: 2, maxSeqLen: 160 };

export function reproReasoningPreset(preset: Preset): ReproReasoningConfig {
  const common = {
    trainFamilies: ['number_sorting', 'power_function', 'letter_counting'],
    sftLevels: [1],
    rlLevels: [1, 2],
    evalLevels: [1, 2],
    heldOutFamilies: ['basic_arithmetic', 'unit_conversion'],
    boundaryFormatRate: 0.8,
    ablations: [...ABLATIONS],
  };
  switch (preset) {
    case 'smoke':
      return {
        ...common,
        seeds: [0],
        trainFamilies: ['number_sorting', 'power_function'],
        heldOutFamilies: ['basic_arithmetic'],
        // Smoke checks the pipeline, not the claim: a short SFT (the base is weak) keeps it to seconds.
        sft: { steps: 60, batchSize: 16, lr: 3e-3, warmupSteps: 5, model: { dModel: 64, nHeads: 2, nLayers: 1, maxSeqLen: 128 } },
        steps: 4,
        midStep: 2,
        rollout: { promptsPerStep: 4, n: 4, temperature: 1.0, maxNewTokens: 32 },
        miniBatchPrompts: 2,
        lr: 5e-5,
        validation: { every: 2, items: 8, n: 2 },
        reset: { patience: 1, declineDelta: 0.05, minGapSteps: 2 },
        evalItems: 2,
        evalN: 16,
        ablationSeeds: 1,
        ablationEvalN: 4,
      };
    case 'default':
      return {
        ...common,
        seeds: [0, 1, 2],
        // Level 3 is seen by neither SFT nor RL ("harder instances" [P §4]).
        evalLevels: [1, 2, 3],
        sft: { steps: 200, batchSize: 32, lr: 3e-3, warmupSteps: 20, model: DEMO_MODEL },
        steps: 30,
        midStep: 15,
        // The demo's measured settings (temperature 1.0, lr 5e-5; see DEFAULT_DEMO_CONFIG).
        rollout: { promptsPerStep: 8, n: 8, temperature: 1.0, maxNewTokens: 64 },
        miniBatchPrompts: 2,
        lr: 5e-5,
        validation: { every: 5, items: 16, n: 4 },
        reset: { patience: 2, declineDelta: 0.05, minGapSteps: 10 },
        evalItems: 8,
        evalN: 64,
        ablationSeeds: 1,
        ablationEvalN: 16,
      };
    case 'full':
      return {
        ...common,
        seeds: [0, 1, 2, 3, 4],
        evalLevels: [1, 2, 3, 4],
        sft: { steps: 300, batchSize: 32, lr: 3e-3, warmupSteps: 20, model: DEMO_MODEL },
        steps: 80,
        midStep: 40,
        rollout: { promptsPerStep: 8, n: 8, temperature: 1.0, maxNewTokens: 64 },
        miniBatchPrompts: 2,
        lr: 5e-5,
        validation: { every: 5, items: 24, n: 4 },
        reset: { patience: 2, declineDelta: 0.05, minGapSteps: 10 },
        evalItems: 12,
        evalN: 128,
        ablationSeeds: 2,
        ablationEvalN: 32,
      };
    default: {
      const never: never = preset;
      throw new RangeError(`unknown preset ${String(never)}`);
    }
  }
}

// ------------------------------------------------------------------------------------------------
// Result shapes
// ------------------------------------------------------------------------------------------------

/** One evaluation group: a family at one level. */
export interface EvalGroup {
  label: string;
  family: string;
  level: number;
  /** In the RL training data (family and level). */
  rlTrained: boolean;
  /** In the SFT data (family and level). */
  sftTrained: boolean;
}

/** Evaluation of one policy on one group. `curve[k-1]` = mean pass@k over items, k = 1..n. */
export interface GroupEval {
  label: string;
  items: number;
  n: number;
  pass1: number;
  curve: number[];
  formatRate: number;
  /** Items with at least one exact solve. */
  solvedItems: number;
}

/** The demo's row shape (`family` = group label). */
export interface RunFamilyRow {
  family: string;
  trained_on: boolean;
  base_pass1: number;
  trained_pass1: number;
  base_passk: number;
  trained_passk: number;
  base_format_rate: number;
}

export interface RunSummary {
  seed: number;
  k: number;
  families: RunFamilyRow[];
}

interface CurvePoint {
  step: number;
  value: number;
}

/** Training curves from metrics.jsonl. */
export interface TrainCurves {
  valPass1: CurvePoint[];
  entropy: CurvePoint[];
  kl: CurvePoint[];
  acc: CurvePoint[];
  resets: { step: number; reason: string }[];
}

export interface SeedResult {
  seed: number;
  base: GroupEval[];
  intermediate: GroupEval[];
  final: GroupEval[];
  regimes: { label: string; regime: string; reason: string }[];
  curves: TrainCurves;
  elapsedSec: number;
}

export interface AblationResult {
  ablation: AblationName;
  seed: number;
  final: GroupEval[];
  curves: TrainCurves;
  elapsedSec: number;
}

// ------------------------------------------------------------------------------------------------
// Helpers (pure)
// ------------------------------------------------------------------------------------------------

export function evalGroups(c: ReproReasoningConfig): EvalGroup[] {
  const out: EvalGroup[] = [];
  for (const family of c.trainFamilies) {
    for (const level of c.evalLevels) out.push({ label: `${family}@L${level}`, family, level, rlTrained: c.rlLevels.includes(level), sftTrained: c.sftLevels.includes(level) });
  }
  for (const family of c.heldOutFamilies) out.push({ label: `${family}@L1`, family, level: 1, rlTrained: false, sftTrained: false });
  return out;
}

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
const std = (xs: readonly number[]): number => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};
const at = (e: GroupEval, k: number): number => e.curve[Math.min(k, e.curve.length) - 1] ?? Number.NaN;
const byLabel = (xs: readonly GroupEval[], label: string): GroupEval => {
  const g = xs.find((x) => x.label === label);
  if (!g) throw new Error(`repro-reasoning: no evaluation of group ${label}`);
  return g;
};

/** The demo's JSON shape of one seed (k = n, the largest k evaluated). */
export function runSummary(r: SeedResult, groups: readonly EvalGroup[]): RunSummary {
  const k = r.base[0]?.n ?? 0;
  return {
    seed: r.seed,
    k,
    families: groups.map((g) => {
      const b = byLabel(r.base, g.label);
      const f = byLabel(r.final, g.label);
      return { family: g.label, trained_on: g.rlTrained, base_pass1: b.pass1, trained_pass1: f.pass1, base_passk: at(b, k), trained_passk: at(f, k), base_format_rate: b.formatRate };
    }),
  };
}

export interface BoundaryCase {
  seed: number;
  label: string;
  k: number;
  baseFormatRate: number;
  /** Base format rate >= the threshold: a reasoning boundary, not a format failure. */
  inFormat: boolean;
  trainedPassK: number;
  trainedPass1: number;
  crossed: boolean;
}

/**
 * Groups where the base never solves an item (pass@n = 0, n >= 16). `inFormat` marks those where it
 * nevertheless answers in the right format (rate >= minFormat): only these count as a reasoning
 * boundary; the others are listed so a format failure is visible as such.
 */
export function boundaryCases(runs: readonly RunSummary[], minFormat: number): BoundaryCase[] {
  const out: BoundaryCase[] = [];
  for (const r of runs) {
    if (r.k < 16) continue;
    for (const f of r.families) {
      if (f.base_passk === 0) {
        out.push({ seed: r.seed, label: f.family, k: r.k, baseFormatRate: f.base_format_rate, inFormat: f.base_format_rate >= minFormat, trainedPassK: f.trained_passk, trainedPass1: f.trained_pass1, crossed: f.trained_passk > 0 });
      }
    }
  }
  return out;
}

export function parseMetricsJsonl(text: string): TrainCurves {
  const c: TrainCurves = { valPass1: [], entropy: [], kl: [], acc: [], resets: [] };
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    const step = m['step'];
    if (typeof step !== 'number') continue;
    const put = (key: string, into: CurvePoint[]) => {
      const v = m[key];
      if (typeof v === 'number' && Number.isFinite(v)) into.push({ step, value: v });
    };
    put('val/pass1', c.valPass1);
    put('actor/entropy', c.entropy);
    put('actor/kl_loss', c.kl);
    put('acc/mean', c.acc);
    const reason = m['reset/reason'];
    if (typeof reason === 'string') c.resets.push({ step, reason });
  }
  return c;
}

// ------------------------------------------------------------------------------------------------
// Heavy work (SFT, ProRL, evaluation), phase by phase with on-disk reuse
// ------------------------------------------------------------------------------------------------

type Reasoning = typeof import('@prorl/reasoning');
type Policy = typeof import('@prorl/policy');

interface LoadedPolicy {
  model: import('@prorl/policy').ModelConfig;
  params: Float32Array;
  tokenizer: import('@prorl/policy').Tokenizer;
}

async function readJson<T>(file: string, fingerprint: string): Promise<T | null> {
  if (!existsSync(file)) return null;
  try {
    const j = JSON.parse(await fs.readFile(file, 'utf8')) as { fingerprint: string; value: T };
    return j.fingerprint === fingerprint ? j.value : null;
  } catch {
    return null;
  }
}

async function writeJson(file: string, fingerprint: string, value: unknown): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  await fs.writeFile(tmp, JSON.stringify({ fingerprint, value }) + '\n');
  await fs.rename(tmp, file);
}

/** Evaluates one policy on every group: n samples per item, the same seeds for every policy. */
async function evaluatePolicy(R: Reasoning, P: Policy, pol: LoadedPolicy, itemsByGroup: ReadonlyMap<string, import('@prorl/reasoning').TaskItem[]>, n: number, maxNewTokens: number, seed: number): Promise<GroupEval[]> {
  const { passAtKCurve } = await import('@prorl/rl-core');
  const engine = new P.OrtRolloutEngine(pol.model, pol.params);
  const out: GroupEval[] = [];
  try {
    let gi = 0;
    for (const [label, items] of itemsByGroup) {
      gi++;
      if (items.length === 0) {
        out.push({ label, items: 0, n, pass1: 0, curve: new Array<number>(n).fill(0), formatRate: 0, solvedItems: 0 });
        continue;
      }
      const seeds = Array.from({ length: items.length * n }, (_, i) => (seed * 1_000_003 + gi * 65_537 + i) >>> 0);
      const rows = await R.sampleAndScore(engine, pol.tokenizer, items, { n, temperature: PAPER_EVAL.temperature, topP: PAPER_EVAL.topP, maxNewTokens }, seeds);
      const curve = new Array<number>(n).fill(0);
      let solved = 0;
      for (let g = 0; g < items.length; g++) {
        const c = rows.slice(g * n, (g + 1) * n).filter((r) => r.score.score === 1).length;
        if (c > 0) solved++;
        const cv = passAtKCurve(n, c);
        for (let k = 0; k < n; k++) curve[k]! += cv[k]! / items.length;
      }
      out.push({ label, items: items.length, n, pass1: curve[0]!, curve, formatRate: rows.filter((r) => r.score.extracted !== null).length / rows.length, solvedItems: solved });
    }
  } finally {
    await engine.release();
  }
  return out;
}

function trainSuiteSpec(c: ReproReasoningConfig): import('@prorl/reasoning').SuiteSpec {
  return { name: 'repro-reasoning', entries: c.trainFamilies.map((family) => ({ family, levels: [...c.rlLevels] })), heldOut: [] };
}

function prorlInput(c: ReproReasoningConfig, seed: number, baseDir: string, outDir: string, steps: number, resume: boolean, ablation: AblationName | null): import('@prorl/reasoning').ProRLConfigInput {
  const controller: Partial<ReferenceResetConfig> = { stagnation: { patience: c.reset.patience, minDelta: 0 }, decline: { declineDelta: c.reset.declineDelta }, minGapSteps: c.reset.minGapSteps, resetOptimizer: true };
  const reset = { controller, manualAtSteps: [] as number[] };
  const algorithm = { miniBatchPrompts: c.miniBatchPrompts, clipLow: 0.2, clipHigh: 0.4, klCoef: 1e-4, dynamicSampling: { enabled: true, maxRounds: 4 } };
  switch (ablation) {
    case null:
      break;
    case 'no_kl':
      algorithm.klCoef = 0;
      break;
    case 'no_reset':
      reset.controller = { ...controller, stagnation: null, decline: null };
      break;
    case 'symmetric_clip':
      algorithm.clipHigh = 0.2;
      break;
    case 'no_dynamic_sampling':
      algorithm.dynamicSampling = { enabled: false, maxRounds: 1 };
      break;
    default: {
      const never: never = ablation;
      throw new RangeError(`unknown ablation ${String(never)}`);
    }
  }
  return {
    seed,
    model: { init: { kind: 'checkpoint', dir: baseDir } },
    data: { suite: trainSuiteSpec(c) },
    rollout: { ...c.rollout, topP: 1 },
    algorithm,
    optimizer: { lr: c.lr },
    reset,
    validation: { every: c.validation.every, items: c.validation.items, n: c.validation.n, ...PAPER_EVAL },
    run: { steps, outDir, checkpointEvery: 5, resume }, // checkpoints let an interrupted run resume
  };
}

async function readCurves(outDir: string): Promise<TrainCurves> {
  const f = path.join(outDir, 'metrics.jsonl');
  return parseMetricsJsonl(existsSync(f) ? await fs.readFile(f, 'utf8') : '');
}

interface Ctx {
  R: Reasoning;
  P: Policy;
  c: ReproReasoningConfig;
  root: string;
  log: (l: string) => void;
  groups: EvalGroup[];
}

/** Test items of every group for a seed (deterministic in seed). */
function testItems(ctx: Ctx, seed: number): Map<string, import('@prorl/reasoning').TaskItem[]> {
  const m = new Map<string, import('@prorl/reasoning').TaskItem[]>();
  for (const g of ctx.groups) {
    const suite = ctx.R.resolveSuite({ name: `eval-${g.label}`, entries: [{ family: g.family, levels: [g.level] }], heldOut: [] });
    m.set(g.label, ctx.R.sampleSplit(suite, 'test', ctx.c.evalItems, seed, g.family));
  }
  return m;
}

async function sftBase(ctx: Ctx, seed: number): Promise<{ dir: string; policy: LoadedPolicy }> {
  const { R, P, c } = ctx;
  const dir = path.join(ctx.root, `seed-${seed}`, 'base');
  const fp = JSON.stringify({ seed, sft: c.sft, families: c.trainFamilies, levels: c.sftLevels });
  const done = path.join(ctx.root, `seed-${seed}`, 'base.done.json');
  if ((await readJson<true>(done, fp)) && existsSync(path.join(dir, 'config.json'))) {
    ctx.log(`seed ${seed}: reusing the SFT base ${dir}`);
    const ck = await P.loadCheckpoint(dir);
    return { dir, policy: { model: ck.config, params: ck.params, tokenizer: ck.tokenizer !== undefined ? P.tokenizerFromJSON(ck.tokenizer) : new P.CharTokenizer() } };
  }
  ctx.log(`seed ${seed}: SFT ${c.sft.steps} steps on ${c.trainFamilies.join(', ')} (levels ${c.sftLevels.join(', ')})`);
  const s = await R.runSft(
    { ...c.sft, families: c.trainFamilies, levels: c.sftLevels, seed, outDir: dir },
    { onStep: (i) => (i.step % 50 === 0 || i.step === i.steps) && ctx.log(`seed ${seed}: sft step ${i.step}/${i.steps} loss ${i.loss.toFixed(3)}`) },
  );
  await writeJson(done, fp, true);
  return { dir, policy: { model: s.model, params: s.params, tokenizer: s.tokenizer } };
}

async function evalCached(ctx: Ctx, file: string, fp: string, what: string, run: () => Promise<GroupEval[]>): Promise<GroupEval[]> {
  const hit = await readJson<GroupEval[]>(file, fp);
  if (hit) {
    ctx.log(`${what}: reusing ${file}`);
    return hit;
  }
  const t = Date.now();
  const r = await run();
  await writeJson(file, fp, r);
  ctx.log(`${what}: evaluated in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return r;
}

async function runSeed(ctx: Ctx, seed: number): Promise<SeedResult> {
  const { R, P, c } = ctx;
  const seedDir = path.join(ctx.root, `seed-${seed}`);
  const fp = JSON.stringify({ seed, c: { ...c, seeds: undefined, ablations: undefined, ablationSeeds: undefined, ablationEvalN: undefined } });
  const resultFile = path.join(seedDir, 'result.json');
  const cached = await readJson<SeedResult>(resultFile, fp);
  if (cached) {
    ctx.log(`seed ${seed}: reusing ${resultFile}`);
    return cached;
  }
  const t0 = Date.now();
  const items = testItems(ctx, seed);
  const base = await sftBase(ctx, seed);
  const evalN = c.evalN;
  const baseEval = await evalCached(ctx, path.join(seedDir, 'eval-base.json'), fp, `seed ${seed}: base (${evalN} samples x ${c.evalItems} items x ${ctx.groups.length} groups)`, () =>
    evaluatePolicy(R, P, base.policy, items, evalN, c.rollout.maxNewTokens, seed),
  );
  const prorlDir = path.join(seedDir, 'prorl');
  const onStep = (m: import('@prorl/reasoning').ProRLStepMetrics) =>
    ctx.log(`seed ${seed}: prorl step ${m.step}/${c.steps} acc ${fmt(m['acc/mean'])} kept ${String(m['dynamic/kept_groups'])} kl ${fmt(m['actor/kl_loss'])}${m['val/pass1'] !== undefined ? ` val ${fmt(m['val/pass1'])}` : ''}${m['reset/reason'] ? ` RESET(${String(m['reset/reason'])})` : ''}`);

  // Intermediate: train to midStep (fresh), evaluate; then resume to the final step.
  const midFile = path.join(seedDir, 'eval-intermediate.json');
  let midEval = await readJson<GroupEval[]>(midFile, fp);
  if (!midEval) {
    const mid = await R.trainProRL(prorlInput(c, seed, base.dir, prorlDir, c.midStep, false, null), { onStep });
    midEval = await evalCached(ctx, midFile, fp, `seed ${seed}: intermediate (step ${mid.step})`, () => evaluatePolicy(R, P, mid, items, evalN, c.rollout.maxNewTokens, seed));
  } else ctx.log(`seed ${seed}: reusing ${midFile}`);
  const finalFile = path.join(seedDir, 'eval-final.json');
  let finalEval = await readJson<GroupEval[]>(finalFile, fp);
  if (!finalEval) {
    const fin = await R.trainProRL(prorlInput(c, seed, base.dir, prorlDir, c.steps, true, null), { onStep });
    finalEval = await evalCached(ctx, finalFile, fp, `seed ${seed}: final (step ${fin.step})`, () => evaluatePolicy(R, P, fin, items, evalN, c.rollout.maxNewTokens, seed));
  } else ctx.log(`seed ${seed}: reusing ${finalFile}`);

  const { classifyRegime } = await import('@prorl/rl-core');
  const regimes = ctx.groups.map((g) => {
    const r = classifyRegime({ base: byLabel(baseEval, g.label).curve, intermediate: byLabel(midEval, g.label).curve, final: byLabel(finalEval, g.label).curve }, { kLarge: Math.min(128, evalN) });
    return { label: g.label, regime: r.regime, reason: r.reason };
  });
  const result: SeedResult = { seed, base: baseEval, intermediate: midEval, final: finalEval, regimes, curves: await readCurves(prorlDir), elapsedSec: (Date.now() - t0) / 1000 };
  await writeJson(resultFile, fp, result);
  return result;
}

async function runAblation(ctx: Ctx, seed: number, ablation: AblationName): Promise<AblationResult> {
  const { R, P, c } = ctx;
  const dir = path.join(ctx.root, `ablation-${ablation}-seed-${seed}`);
  const fp = JSON.stringify({ seed, ablation, c: { ...c, seeds: undefined, ablations: undefined, ablationSeeds: undefined } });
  const resultFile = path.join(dir, 'result.json');
  const cached = await readJson<AblationResult>(resultFile, fp);
  if (cached) {
    ctx.log(`ablation ${ablation} seed ${seed}: reusing ${resultFile}`);
    return cached;
  }
  const t0 = Date.now();
  const base = await sftBase(ctx, seed);
  const prorlDir = path.join(dir, 'prorl');
  const fin = await R.trainProRL(prorlInput(c, seed, base.dir, prorlDir, c.steps, false, ablation), {
    onStep: (m) => ctx.log(`ablation ${ablation} seed ${seed}: step ${m.step}/${c.steps} acc ${fmt(m['acc/mean'])} ent ${fmt(m['actor/entropy'])}${m['val/pass1'] !== undefined ? ` val ${fmt(m['val/pass1'])}` : ''}`),
  });
  const final = await evaluatePolicy(R, P, fin, testItems(ctx, seed), c.ablationEvalN, c.rollout.maxNewTokens, seed);
  const result: AblationResult = { ablation, seed, final, curves: await readCurves(prorlDir), elapsedSec: (Date.now() - t0) / 1000 };
  await writeJson(resultFile, fp, result);
  return result;
}

function fmt(x: unknown): string {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(3) : '-';
}

// ------------------------------------------------------------------------------------------------
// Assembling the SuiteResult (pure)
// ------------------------------------------------------------------------------------------------

/** Rounded to 4 decimals; null when not computable (e.g. a mean over nothing), since JSON has no NaN. */
const r4 = (x: number): number | null => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : null);

/** Evaluations with 4-decimal curves (keeps the committed JSON small). */
const compact = (xs: readonly GroupEval[]): GroupEval[] => xs.map((e) => ({ ...e, curve: e.curve.map((v) => r4(v) ?? 0) }));

/** Mean pass@k curve over seeds of one policy and group. */
function meanCurve(evals: readonly GroupEval[][], label: string): number[] {
  const cs = evals.map((e) => byLabel(e, label).curve);
  const n = Math.min(...cs.map((x) => x.length));
  return Array.from({ length: n }, (_, k) => mean(cs.map((cv) => cv[k]!)));
}

export function assembleResult(c: ReproReasoningConfig, seeds: readonly SeedResult[], ablations: readonly AblationResult[]): SuiteResult {
  const groups = evalGroups(c);
  const runs = seeds.map((s) => runSummary(s, groups));
  const k = c.evalN;
  const zeroBase = boundaryCases(runs, c.boundaryFormatRate);
  const cases = zeroBase.filter((x) => x.inFormat);
  const crossed = cases.filter((x) => x.crossed);
  const figures: Figure[] = [];
  const spread = (xs: number[]) => `±${std(xs).toFixed(3)} sd over ${xs.length} seed(s), range ${Math.min(...xs).toFixed(3)}..${Math.max(...xs).toFixed(3)}`;
  for (const g of groups) {
    const rows = runs.map((r) => r.families.find((f) => f.family === g.label)!);
    const tag = g.label.replace('@', '_').toLowerCase();
    const what = `${g.label} (${g.rlTrained ? 'RL-trained' : 'never trained'}${g.sftTrained ? ', SFT-seen' : g.rlTrained ? ', unseen by the base' : ''})`;
    for (const [key, pick, desc] of [
      ['base_pass1', (r: RunFamilyRow) => r.base_pass1, 'base pass@1'],
      ['trained_pass1', (r: RunFamilyRow) => r.trained_pass1, 'ProRL pass@1'],
      [`base_pass${k}`, (r: RunFamilyRow) => r.base_passk, `base pass@${k}`],
      [`trained_pass${k}`, (r: RunFamilyRow) => r.trained_passk, `ProRL pass@${k}`],
    ] as const) {
      const xs = rows.map(pick);
      figures.push({ name: `${tag}_${key}`, value: r4(mean(xs)), unit: 'fraction', label: `${desc}, ${what}, mean over seeds`, note: spread(xs) });
    }
  }
  const trainedRows = runs.flatMap((r) => r.families.filter((f) => f.trained_on));
  figures.push(
    { name: 'mean_pass1_gain_rl_groups', value: r4(mean(trainedRows.map((f) => f.trained_pass1 - f.base_pass1))), unit: 'fraction', label: 'ProRL − base pass@1, mean over RL-trained groups and seeds' },
    { name: `mean_pass${k}_gain_rl_groups`, value: r4(mean(trainedRows.map((f) => f.trained_passk - f.base_passk))), unit: 'fraction', label: `ProRL − base pass@${k}, mean over RL-trained groups and seeds` },
    { name: 'boundary_cases', value: cases.length, unit: 'count', label: `(seed, group) pairs with base pass@${k} = 0 and base format rate >= ${c.boundaryFormatRate}` },
    { name: 'boundary_cases_crossed', value: crossed.length, unit: 'count', label: `of those, trained pass@${k} > 0 (RL solves what the base never did)` },
    { name: 'base_never_solves_cases', value: zeroBase.length, unit: 'count', label: `(seed, group) pairs with base pass@${k} = 0 at any format rate` },
    { name: 'base_never_solves_crossed', value: zeroBase.filter((x) => x.crossed).length, unit: 'count', label: `of those, trained pass@${k} > 0` },
    { name: 'paper_boxnet_pass1_base', value: 0, unit: '%', source: 'quoted', citation: 'ProRL [P] Table (RG OOD): R1-Distill-1.5B boxnet pass@1 0.00', label: 'paper: base boxnet pass@1' },
    { name: 'paper_boxnet_pass1_prorl', value: 7.91, unit: '%', source: 'quoted', citation: 'ProRL [P] Table (RG OOD): ProRL-1.5B boxnet pass@1 7.91', label: 'paper: ProRL boxnet pass@1 (base pass@256 = 0)' },
    { name: 'paper_rg_avg_pass1_prorl', value: 59.06, unit: '%', source: 'quoted', citation: 'ProRL [P] Table: RG avg 4.24 (R1-Distill-1.5B) → 59.06 (ProRL-1.5B)', label: 'paper: Reasoning Gym average pass@1' },
  );

  const tables: Table[] = [];
  tables.push({
    title: `pass@1 and pass@${k}, base → ProRL (mean ± sd over ${seeds.length} seed(s))`,
    columns: [{ name: 'group', unit: '' }, { name: 'RL-trained', unit: '' }, { name: 'SFT-seen', unit: '' }, { name: 'base pass@1', unit: 'fraction' }, { name: 'ProRL pass@1', unit: 'fraction' }, { name: `base pass@${k}`, unit: 'fraction' }, { name: `ProRL pass@${k}`, unit: 'fraction' }, { name: 'base format rate', unit: 'fraction' }, { name: 'sd ProRL pass@1', unit: 'fraction' }],
    rows: groups.map((g) => {
      const rows = runs.map((r) => r.families.find((f) => f.family === g.label)!);
      const m = (f: (r: RunFamilyRow) => number) => r4(mean(rows.map(f)));
      return [g.label, g.rlTrained ? 'yes' : 'no', g.sftTrained ? 'yes' : 'no', m((r) => r.base_pass1), m((r) => r.trained_pass1), m((r) => r.base_passk), m((r) => r.trained_passk), m((r) => r.base_format_rate), r4(std(rows.map((r) => r.trained_pass1)))];
    }),
    note: `Evaluation: ${k} samples per test item (${c.evalItems} items per group) at T ${PAPER_EVAL.temperature}, top-p ${PAPER_EVAL.topP}; unbiased pass@k. SFT on levels ${c.sftLevels.join(', ')}, ProRL on levels ${c.rlLevels.join(', ')}, ${c.steps} steps.`,
  });
  tables.push({
    title: 'Reasoning-boundary regimes per seed (classifyRegime on base / intermediate / final pass@k curves)',
    columns: [{ name: 'seed', unit: '' }, { name: 'group', unit: '' }, { name: 'regime', unit: '' }, { name: 'rule', unit: '' }],
    rows: seeds.flatMap((s) => s.regimes.map((r) => [s.seed, r.label, r.regime, r.reason])),
    note: `Intermediate = step ${c.midStep} of ${c.steps}. Thresholds: rl-core DEFAULT_REGIME_THRESHOLDS with kLarge = ${Math.min(128, k)}.`,
  });
  tables.push({
    title: `Groups where the base never solves (base pass@${k} = 0); a boundary case needs base format rate >= ${c.boundaryFormatRate}`,
    columns: [{ name: 'seed', unit: '' }, { name: 'group', unit: '' }, { name: 'base format rate', unit: 'fraction' }, { name: 'boundary case', unit: '' }, { name: `ProRL pass@${k}`, unit: 'fraction' }, { name: 'ProRL pass@1', unit: 'fraction' }, { name: 'RL solves some item', unit: '' }],
    rows: zeroBase.map((x) => [x.seed, x.label, r4(x.baseFormatRate), x.inFormat ? 'yes' : 'no (format failure)', r4(x.trainedPassK), r4(x.trainedPass1), x.crossed ? 'yes' : 'no']),
    note: `${cases.length} boundary case(s) (in format), ${crossed.length} crossed by RL; ${zeroBase.length - cases.length} further zero-pass group(s) where the base mostly failed the format.`,
  });
  const resetsOf = (cv: TrainCurves) => cv.resets.length;
  const lastOf = (xs: CurvePoint[]) => (xs.length ? xs[xs.length - 1]!.value : null);
  if (ablations.length) {
    const rowsFor = (name: string, seed: number, final: GroupEval[], curves: TrainCurves): (string | number | null)[] => {
      const rl = groups.filter((g) => g.rlTrained).map((g) => byLabel(final, g.label));
      return [name, seed, r4(mean(rl.map((e) => e.pass1))), lastOf(curves.valPass1), lastOf(curves.entropy), r4(mean(curves.entropy.map((p) => p.value))), resetsOf(curves)];
    };
    tables.push({
      title: 'Ablations (one thing turned off each; same base and seed as the ProRL run)',
      columns: [{ name: 'run', unit: '' }, { name: 'seed', unit: '' }, { name: 'final pass@1, RL groups', unit: 'fraction' }, { name: 'final val pass@1', unit: 'fraction' }, { name: 'final entropy', unit: 'nats/token' }, { name: 'mean entropy', unit: 'nats/token' }, { name: 'resets', unit: 'count' }],
      rows: [
        ...seeds.filter((s) => ablations.some((a) => a.seed === s.seed)).map((s) => rowsFor('ProRL (all on)', s.seed, s.final, s.curves)),
        ...ablations.map((a) => rowsFor(a.ablation, a.seed, a.final, a.curves)),
      ],
      note: `ProRL row: pass@1 from its ${k}-sample evaluation; ablations: ${c.ablationEvalN} samples per item. no_kl: klCoef 0; no_reset: no reference resets; symmetric_clip: ε 0.2/0.2; no_dynamic_sampling: every group kept.`,
    });
    for (const a of ablations) {
      const rl = groups.filter((g) => g.rlTrained).map((g) => byLabel(a.final, g.label));
      figures.push({ name: `ablation_${a.ablation}_seed${a.seed}_pass1_rl_groups`, value: r4(mean(rl.map((e) => e.pass1))), unit: 'fraction', label: `ablation ${a.ablation}: final pass@1 on RL-trained groups` });
      figures.push({ name: `ablation_${a.ablation}_seed${a.seed}_final_entropy`, value: lastOf(a.curves.entropy), unit: 'nats/token', label: `ablation ${a.ablation}: policy entropy at the last step` });
    }
  }
  tables.push({
    title: 'Reference resets of the ProRL runs',
    columns: [{ name: 'seed', unit: '' }, { name: 'resets', unit: 'count' }, { name: 'at steps (reason)', unit: '' }],
    rows: seeds.map((s) => [s.seed, s.curves.resets.length, s.curves.resets.map((r) => `${r.step} (${r.reason})`).join('; ')]),
  });

  const plots: PlotSpec[] = [];
  const kTicks = [1, 2, 4, 8, 16, 32, 64, 128, 256].filter((x) => x <= k);
  for (const g of groups) {
    const series = [
      { name: 'base', points: meanCurve(seeds.map((s) => s.base), g.label).map((v, i) => [i + 1, v] as const) },
      { name: `intermediate (step ${c.midStep})`, points: meanCurve(seeds.map((s) => s.intermediate), g.label).map((v, i) => [i + 1, v] as const) },
      { name: `final (step ${c.steps})`, points: meanCurve(seeds.map((s) => s.final), g.label).map((v, i) => [i + 1, v] as const) },
    ];
    plots.push({ kind: 'line', id: `passk-${g.label.replace('@', '-').toLowerCase()}`, title: `pass@k, ${g.label}${g.rlTrained ? '' : ' (never trained)'}, mean over ${seeds.length} seed(s)`, xLabel: 'k', yLabel: 'pass@k', logX: true, xTicks: kTicks, series });
  }
  const meanOf = (label: string, pick: (r: RunFamilyRow) => number) => mean(runs.map((r) => pick(r.families.find((f) => f.family === label)!)));
  plots.push({
    kind: 'bar',
    id: 'pass1-base-vs-prorl',
    title: `pass@1 per group, base vs ProRL (mean over ${seeds.length} seed(s))`,
    valueLabel: 'pass@1',
    bars: groups.flatMap((g) => [
      { label: `${g.label} base`, value: meanOf(g.label, (r) => r.base_pass1) },
      { label: `${g.label} ProRL`, value: meanOf(g.label, (r) => r.trained_pass1) },
    ]),
  });
  plots.push({
    kind: 'bar',
    id: `pass${k}-base-vs-prorl`,
    title: `pass@${k} per group, base vs ProRL (mean over ${seeds.length} seed(s))`,
    valueLabel: `pass@${k}`,
    bars: groups.flatMap((g) => [
      { label: `${g.label} base`, value: meanOf(g.label, (r) => r.base_passk) },
      { label: `${g.label} ProRL`, value: meanOf(g.label, (r) => r.trained_passk) },
    ]),
  });
  const curveSeries = (pick: (cv: TrainCurves) => CurvePoint[]) => [
    ...seeds.map((s) => ({ name: `ProRL seed ${s.seed}`, points: pick(s.curves).map((p) => [p.step, p.value] as const) })),
    ...ablations.map((a) => ({ name: `${a.ablation} seed ${a.seed}`, points: pick(a.curves).map((p) => [p.step, p.value] as const), dashed: true })),
  ];
  plots.push({ kind: 'line', id: 'train-val-pass1', title: 'Validation pass@1 during ProRL (ablations dashed)', xLabel: 'step', yLabel: 'val pass@1', series: curveSeries((cv) => cv.valPass1) });
  plots.push({ kind: 'line', id: 'train-entropy', title: 'Policy entropy during ProRL (ablations dashed)', xLabel: 'step', yLabel: 'entropy (nats/token)', series: curveSeries((cv) => cv.entropy) });
  plots.push({ kind: 'line', id: 'train-kl', title: 'KL to the reference during ProRL (ablations dashed)', xLabel: 'step', yLabel: 'k3 KL', series: curveSeries((cv) => cv.kl) });

  const gain1 = mean(trainedRows.map((f) => f.trained_pass1 - f.base_pass1));
  const summary = `${seeds.length} seed(s), ${c.steps} ProRL steps: pass@1 on RL-trained groups ${gain1 >= 0 ? '+' : ''}${(100 * gain1).toFixed(1)} pts; boundary cases (base pass@${k} = 0, in format) ${cases.length}, crossed by RL ${crossed.length}; ${ablations.length} ablation run(s)`;
  return {
    status: 'ok',
    summary,
    figures,
    tables,
    plots,
    details: {
      runs,
      config: c,
      boundary: cases,
      seeds: seeds.map((s) => ({ seed: s.seed, elapsedSec: s.elapsedSec, regimes: s.regimes, curves: s.curves, base: compact(s.base), intermediate: compact(s.intermediate), final: compact(s.final) })),
      ablations,
    },
  };
}

// ------------------------------------------------------------------------------------------------
// Entry points
// ------------------------------------------------------------------------------------------------

/** Runs the experiment for a given config (tests pass a tiny one). */
export async function runReproReasoning(c: ReproReasoningConfig, opts: Pick<SuiteOptions, 'dir' | 'log'>, tag = 'custom'): Promise<SuiteResult> {
  if (c.evalN < 2) throw new RangeError(`repro-reasoning: evalN must be >= 2 (pass@k curves), got ${c.evalN}`);
  if (!(c.midStep >= 1 && c.midStep < c.steps)) throw new RangeError(`repro-reasoning: midStep must be in [1, steps), got ${c.midStep} of ${c.steps}`);
  const [R, P] = await Promise.all([import('@prorl/reasoning'), import('@prorl/policy')]);
  const ctx: Ctx = { R, P, c, root: path.join(opts.dir, 'repro-reasoning', tag), log: (l) => opts.log(`repro-reasoning: ${l}`), groups: evalGroups(c) };
  await fs.mkdir(ctx.root, { recursive: true });
  const seeds: SeedResult[] = [];
  for (const s of c.seeds) seeds.push(await runSeed(ctx, s));
  const abl: AblationResult[] = [];
  for (const s of c.seeds.slice(0, c.ablationSeeds)) for (const a of c.ablations) abl.push(await runAblation(ctx, s, a));
  return assembleResult(c, seeds, abl);
}

export const reproReasoningSuite: SuiteFn = async (preset, opts) => runReproReasoning(reproReasoningPreset(preset), opts, preset);
