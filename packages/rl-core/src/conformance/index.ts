/**
 * Registry of golden adapters, one per fixture family (the file's `family` field), and the runner
 * over a parsed fixture file. Each adapter maps a case's stored inputs onto rl-core's public API.
 */
import { checkCase, type CaseResult, type GoldenAdapter, type GoldenFile } from './golden.js';
import { adapter as aggLoss } from './families/agg_loss.js';
import { adapter as entropy } from './families/entropy.js';
import { adapter as gae } from './families/gae.js';
import { adapter as grpo } from './families/grpo.js';
import { adapter as kl } from './families/kl.js';
import { adapter as passAtK } from './families/pass_at_k.js';
import { adapter as policyLoss } from './families/policy_loss.js';
import { adapter as positionAdvantage } from './families/position_advantage.js';
import { adapter as reinforcePp } from './families/reinforce_pp.js';
import { adapter as rewardNormalizer } from './families/reward_normalizer.js';
import { adapter as rloo } from './families/rloo.js';
import { adapter as whiten } from './families/whiten.js';

export const goldenAdapters = {
  agg_loss: aggLoss,
  entropy: entropy,
  gae: gae,
  grpo: grpo,
  kl: kl,
  pass_at_k: passAtK,
  policy_loss: policyLoss,
  position_advantage: positionAdvantage,
  reinforce_pp: reinforcePp,
  reward_normalizer: rewardNormalizer,
  rloo: rloo,
  whiten: whiten,
} satisfies Record<string, GoldenAdapter>;

export type GoldenFamily = keyof typeof goldenAdapters;

export const GOLDEN_FAMILIES = Object.keys(goldenAdapters) as GoldenFamily[];

/** Checks every case of a parsed fixture file. An unknown family fails each case with the valid names. */
export function checkGoldenFile(file: GoldenFile): CaseResult[] {
  const family = String(file.family);
  const adapter = (goldenAdapters as Record<string, GoldenAdapter>)[family];
  if (!Array.isArray(file.cases)) {
    return [{ id: `${family}:<file>`, family, passed: false, problems: ['file has no "cases" array'] }];
  }
  if (!adapter) {
    return file.cases.map((c) => ({
      id: c.id,
      family,
      passed: false,
      problems: [`unknown fixture family '${family}'; known: ${GOLDEN_FAMILIES.join(', ')}`],
    }));
  }
  return file.cases.map((c) => checkCase(family, c, adapter));
}

export * from './golden.js';
