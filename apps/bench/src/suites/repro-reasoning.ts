/**
 * The `repro-reasoning` suite: ProRL's reasoning-boundary experiment [P §3.4, §4] at small scale, with
 * ablations (research/prorl-llm.md §1, §3).
 *
 * Per seed: SFT a tiny char-level base on worked solutions of the training families at level 1 only
 * (the demo's setup), then ProRL on the same families at `rlLevels` (default 1..4: levels the base has
 * not seen, one to three steps beyond it) and on `rlOnlyFamilies` the base never saw, stopping once at
 * the midpoint for the intermediate checkpoint. Base, intermediate and final policies are evaluated on
 * the test split (hash split, disjoint from the training prompts) of every (family, level) group, with
 * n samples per item and the same sampling seeds for every policy (common random numbers): unbiased
 * pass@k curves for k = 1..n, format rates, and the paper's regimes (`classifyRegime`: diminish /
 * plateau / sustained). Held-out families (never trained) are the control.
 *
 * The boundary claim [P §4 "base fails at every k but RL succeeds"]: a group is a boundary case when
 * the base answers in the right format (format rate >= `boundaryFormatRate`; a format failure is not a
 * reasoning boundary) but has pass@n = 0 (so pass@k = 0 for every k <= n, n >= 16 at every preset);
 * the suite reports whether the trained policy's pass@n is > 0 there, whatever happens.
 *
 * Ablations (each turns one thing off; seed-s base reused, run for `ablationSteps` and compared with
 * the main run of seed s at that step):
 * no KL (klCoef 0), no reference reset, symmetric clipping (0.2 / 0.2), no dynamic sampling. Their
 * entropy and validation curves come from the trainer's `metrics.jsonl`.
 *
 * Output: figures (mean ± spread over seeds), tables, SVG line plots, and in `runs` (a top-level key
 * of the record) one entry per seed in the demo's JSON shape `{ seed, k, families: [{ family,
 * trained_on, base_pass1, trained_pass1, base_passk, trained_passk, base_format_rate }] }`, where
 * `family` is the group label `<family>@L<level>`, `trained_on` means "in the RL training data", and
 * k = n.
 *
 * Files: `-config` (config, presets, groups), `-analysis` (result shapes, boundary cases, curves),
 * `-phases` (SFT, ProRL, evaluation, ablations, with on-disk reuse), `-report` (the SuiteResult).
 *
 * Resumable: every phase of every seed / ablation writes its result under `<opts.dir>/repro-reasoning/
 * <preset>/`, keyed by a fingerprint of its config; a rerun reuses finished phases.
 */
import * as path from 'node:path';
import type { SuiteResult } from '../report/types.js';
import type { SuiteFn, SuiteOptions } from './suite.js';
import { evalGroups, reproReasoningPreset, validateReproReasoningConfig, type ReproReasoningConfig } from './repro-reasoning-config.js';
import type { AblationResult, SeedResult } from './repro-reasoning-analysis.js';
import { makeContext, runAblation, runSeed } from './repro-reasoning-phases.js';
import { assembleResult } from './repro-reasoning-report.js';

export * from './repro-reasoning-config.js';
export * from './repro-reasoning-analysis.js';
export { assembleResult } from './repro-reasoning-report.js';

/** Runs the experiment for a given config (tests pass a tiny one). */
export async function runReproReasoning(c: ReproReasoningConfig, opts: Pick<SuiteOptions, 'dir' | 'log'>, tag = 'custom'): Promise<SuiteResult> {
  validateReproReasoningConfig(c);
  const ctx = await makeContext(c, path.join(opts.dir, 'repro-reasoning', tag), (l) => opts.log(`repro-reasoning: ${l}`), evalGroups(c));
  const seeds: SeedResult[] = [];
  for (const s of c.seeds) seeds.push(await runSeed(ctx, s));
  const abl: AblationResult[] = [];
  for (const s of c.seeds.slice(0, c.ablationSeeds)) for (const a of c.ablations) abl.push(await runAblation(ctx, s, a));
  return assembleResult(c, seeds, abl);
}

export const reproReasoningSuite: SuiteFn = async (preset, opts) => runReproReasoning(reproReasoningPreset(preset), opts, preset);
