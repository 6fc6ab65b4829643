/**
 * The heavy phases of the `repro-reasoning` suite, each with on-disk reuse: SFT of the base, ProRL to the
 * intermediate and final checkpoints, evaluation of a policy on every group (n samples per item, the
 * same sampling seeds for every policy), and the ablation runs. Every phase writes its result under
 * `<root>/…` keyed by a fingerprint of its config; a rerun reuses finished phases, and an interrupted
 * ProRL run resumes from its last checkpoint.
 */
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ReferenceResetConfig } from '@prorl/rl-core';
import { readCached, writeCached } from './phase-cache.js';
import { PAPER_EVAL, type AblationName, type EvalGroup, type ReproReasoningConfig } from './repro-reasoning-config.js';
import { byLabel, parseMetricsJsonl, type AblationResult, type GroupEval, type SeedResult, type TrainCurves } from './repro-reasoning-analysis.js';

type Reasoning = typeof import('@prorl/reasoning');
type Policy = typeof import('@prorl/policy');

interface LoadedPolicy {
  model: import('@prorl/policy').ModelConfig;
  params: Float32Array;
  tokenizer: import('@prorl/policy').Tokenizer;
}

/** Evaluates one policy on every group: n samples per item, the same seeds for every policy. */
async function evaluatePolicy(R: Reasoning, P: Policy, pol: LoadedPolicy, itemsByGroup: ReadonlyMap<string, import('@prorl/reasoning').TaskItem[]>, n: number, maxNewTokens: number, seed: number): Promise<GroupEval[]> {
  const { passAtKCurve } = await import('@prorl/rl-core');
  const engine = new P.OrtRolloutEngine(pol.model, pol.params);
  try {
    const groups = await R.sampleGroupSolves(engine, pol.tokenizer, itemsByGroup, { n, temperature: PAPER_EVAL.temperature, topP: PAPER_EVAL.topP, maxNewTokens, seed });
    return groups.map(({ label, correct, formatRate }) => {
      const curve = new Array<number>(n).fill(0);
      for (const c of correct) {
        const cv = passAtKCurve(n, c);
        for (let k = 0; k < n; k++) curve[k]! += cv[k]! / correct.length;
      }
      return { label, items: correct.length, n, pass1: curve[0]!, curve, formatRate, solvedItems: correct.filter((c) => c > 0).length };
    });
  } finally {
    await engine.release();
  }
}

function trainSuiteSpec(c: ReproReasoningConfig): import('@prorl/reasoning').SuiteSpec {
  const entries = [...c.trainFamilies.map((family) => ({ family, levels: [...c.rlLevels] })), ...c.rlOnlyFamilies.map((family) => ({ family, levels: [...c.rlOnlyLevels] }))];
  return { name: 'repro-reasoning', entries, heldOut: [] };
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

/** What every phase needs: the loaded packages, the config, the results directory and the logger. */
export interface Ctx {
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
  if (readCached<true>(done, fp) && existsSync(path.join(dir, 'config.json'))) {
    ctx.log(`seed ${seed}: reusing the SFT base ${dir}`);
    const ck = await P.loadCheckpoint(dir);
    return { dir, policy: { model: ck.config, params: ck.params, tokenizer: ck.tokenizer !== undefined ? P.tokenizerFromJSON(ck.tokenizer) : new P.CharTokenizer() } };
  }
  ctx.log(`seed ${seed}: SFT ${c.sft.steps} steps on ${c.trainFamilies.join(', ')} (levels ${c.sftLevels.join(', ')})`);
  const s = await R.runSft(
    { ...c.sft, families: c.trainFamilies, levels: c.sftLevels, seed, outDir: dir },
    { onStep: (i) => (i.step % 50 === 0 || i.step === i.steps) && ctx.log(`seed ${seed}: sft step ${i.step}/${i.steps} loss ${i.loss.toFixed(3)}`) },
  );
  writeCached(done, fp, true);
  return { dir, policy: { model: s.model, params: s.params, tokenizer: s.tokenizer } };
}

async function evalCached(ctx: Ctx, file: string, fp: string, what: string, run: () => Promise<GroupEval[]>): Promise<GroupEval[]> {
  const hit = readCached<GroupEval[]>(file, fp);
  if (hit) {
    ctx.log(`${what}: reusing ${file}`);
    return hit;
  }
  const t = Date.now();
  const r = await run();
  writeCached(file, fp, r);
  ctx.log(`${what}: evaluated in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return r;
}

/** Base, intermediate and final evaluations of one seed, with the regimes and training curves. */
export async function runSeed(ctx: Ctx, seed: number): Promise<SeedResult> {
  const { R, P, c } = ctx;
  const seedDir = path.join(ctx.root, `seed-${seed}`);
  const fp = JSON.stringify({ seed, c: { ...c, seeds: undefined, ablations: undefined, ablationSeeds: undefined, ablationEvalN: undefined } });
  const resultFile = path.join(seedDir, 'result.json');
  const cached = readCached<SeedResult>(resultFile, fp);
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
  let midEval = readCached<GroupEval[]>(midFile, fp);
  if (!midEval) {
    const mid = await R.trainProRL(prorlInput(c, seed, base.dir, prorlDir, c.midStep, false, null), { onStep });
    midEval = await evalCached(ctx, midFile, fp, `seed ${seed}: intermediate (step ${mid.step})`, () => evaluatePolicy(R, P, mid, items, evalN, c.rollout.maxNewTokens, seed));
  } else ctx.log(`seed ${seed}: reusing ${midFile}`);
  const finalFile = path.join(seedDir, 'eval-final.json');
  let finalEval = readCached<GroupEval[]>(finalFile, fp);
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
  writeCached(resultFile, fp, result);
  return result;
}

/** One ablation (one thing turned off) on the seed's base, evaluated at `ablationEvalN` samples per item. */
export async function runAblation(ctx: Ctx, seed: number, ablation: AblationName): Promise<AblationResult> {
  const { R, P, c } = ctx;
  const dir = path.join(ctx.root, `ablation-${ablation}-seed-${seed}`);
  const fp = JSON.stringify({ seed, ablation, c: { ...c, seeds: undefined, ablations: undefined, ablationSeeds: undefined } });
  const resultFile = path.join(dir, 'result.json');
  const cached = readCached<AblationResult>(resultFile, fp);
  if (cached) {
    ctx.log(`ablation ${ablation} seed ${seed}: reusing ${resultFile}`);
    return cached;
  }
  const t0 = Date.now();
  const base = await sftBase(ctx, seed);
  const prorlDir = path.join(dir, 'prorl');
  const fin = await R.trainProRL(prorlInput(c, seed, base.dir, prorlDir, c.ablationSteps, false, ablation), {
    onStep: (m) => ctx.log(`ablation ${ablation} seed ${seed}: step ${m.step}/${c.ablationSteps} acc ${fmt(m['acc/mean'])} ent ${fmt(m['actor/entropy'])}${m['val/pass1'] !== undefined ? ` val ${fmt(m['val/pass1'])}` : ''}`),
  });
  const final = await evaluatePolicy(R, P, fin, testItems(ctx, seed), c.ablationEvalN, c.rollout.maxNewTokens, seed);
  const result: AblationResult = { ablation, seed, final, curves: await readCurves(prorlDir), elapsedSec: (Date.now() - t0) / 1000 };
  writeCached(resultFile, fp, result);
  return result;
}

function fmt(x: unknown): string {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(3) : '-';
}

/** The phases' context for a config; results go under `root`. */
export async function makeContext(c: ReproReasoningConfig, root: string, log: (l: string) => void, groups: EvalGroup[]): Promise<Ctx> {
  const [R, P] = await Promise.all([import('@prorl/reasoning'), import('@prorl/policy')]);
  await fs.mkdir(root, { recursive: true });
  return { R, P, c, root, log, groups };
}
