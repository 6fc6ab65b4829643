/**
 * The objective config of ProRL-rec's RL stage: estimator, reward fusion and loss, with the paper's
 * ablations (research/prorl-rec.md §3.4, §4.5) as named presets.
 *
 * | ablation | change from the default (ProRL) |
 * | --- | --- |
 * | `none` | ProRL: SRC fusion + PSAE |
 * | `wo_src` | `fusion: 'scale_only'` (σ-scaling without centring; the paper does not define it) |
 * | `wo_psae` | `estimator: 'grpo'` (a path-level advantage on SRC rewards; the paper does not define it) |
 * | `wo_ctr` / `wo_ioi` / `wo_ior` | that reward weight set to 0 |
 *
 * Table 5's estimator study keeps the SRC rewards and changes `estimator` only ("all use the same
 * normalized rewards"); the naive estimator of §3.5 on raw rewards is `{ estimator: 'reinforce',
 * fusion: 'raw' }`.
 */
import { InvalidParamError, UnknownNameError, type KlBaseName } from '@prorl/rl-core';
import { PATH_ESTIMATOR_NAMES, isPathEstimatorName, resolvePathEstimatorOptions, type PathEstimatorName } from './estimators.js';
import { DEFAULT_REWARD_FUSION_CONFIG, resolveRewardFusionConfig, type RewardFusionConfig } from './reward-fusion.js';
import { EMPTY_PATH_RULES, type EmptyPathRule } from './path-batch.js';
import { DEFAULT_PATH_LOSS_OPTIONS, resolvePathLossOptions, type PathLossOptions } from './path-loss.js';

export interface PathRlConfig extends RewardFusionConfig, PathLossOptions {
  /** Default `'prorl'` (PSAE). Table 5 compares reinforce / grpo / a2c / rtg / prorl. */
  estimator: PathEstimatorName;
  /** Discount γ, default 1 (`prorl_gamma`). */
  gamma: number;
  /** P = `max_proactive_length`, default 10. */
  maxPathItems: number;
  /**
   * Paths that stop before their first item (`EmptyPathRule`). Default `'stop'`: their EOS is a stop
   * decision with a gradient. `'skip'` is the reference (no gradient), under which our small-batch runs
   * drifted into empty paths that nothing corrects.
   */
  emptyPaths: EmptyPathRule;
}

export const DEFAULT_PATH_RL_CONFIG: PathRlConfig = {
  estimator: 'prorl',
  gamma: 1,
  maxPathItems: 10,
  emptyPaths: 'stop',
  ...DEFAULT_REWARD_FUSION_CONFIG,
  ...DEFAULT_PATH_LOSS_OPTIONS,
};

export type PathAblation = 'none' | 'wo_src' | 'wo_psae' | 'wo_ctr' | 'wo_ioi' | 'wo_ior';
export const PATH_ABLATIONS = {
  none: {},
  wo_src: { fusion: 'scale_only' },
  wo_psae: { estimator: 'grpo' },
  wo_ctr: { weights: { ctr: 0 } },
  wo_ioi: { weights: { ioi: 0 } },
  wo_ior: { weights: { ior: 0 } },
} as const satisfies Record<PathAblation, Omit<Partial<PathRlConfig>, 'weights'> & { weights?: Partial<PathRlConfig['weights']> }>;
export const PATH_ABLATION_NAMES = Object.keys(PATH_ABLATIONS) as PathAblation[];

export type PathRlConfigInput = Omit<Partial<PathRlConfig>, 'weights'> & { weights?: Partial<PathRlConfig['weights']> };

/**
 * Fills defaults, applies an ablation preset (after `partial`, so the ablation wins on the fields it
 * names) and validates everything.
 */
export function resolvePathRlConfig(partial: PathRlConfigInput = {}, ablation: PathAblation | string = 'none'): PathRlConfig {
  if (!(ablation in PATH_ABLATIONS)) throw new UnknownNameError('ablation', ablation, PATH_ABLATION_NAMES);
  const preset: PathRlConfigInput = PATH_ABLATIONS[ablation as PathAblation];
  const weights = { ...DEFAULT_PATH_RL_CONFIG.weights, ...(partial.weights ?? {}), ...(preset.weights ?? {}) };
  const merged = { ...DEFAULT_PATH_RL_CONFIG, ...partial, ...preset, weights };
  if (!isPathEstimatorName(merged.estimator)) throw new UnknownNameError('estimator', merged.estimator, PATH_ESTIMATOR_NAMES);
  resolvePathEstimatorOptions({ gamma: merged.gamma });
  if (!Number.isInteger(merged.maxPathItems) || merged.maxPathItems < 1) {
    throw new InvalidParamError('maxPathItems', `must be a positive integer, got ${merged.maxPathItems}`, 'use 10 (max_proactive_length)');
  }
  if (!EMPTY_PATH_RULES.includes(merged.emptyPaths)) throw new UnknownNameError('emptyPaths', String(merged.emptyPaths), EMPTY_PATH_RULES);
  const fusion = resolveRewardFusionConfig(merged);
  const loss = resolvePathLossOptions({ itemLogProb: merged.itemLogProb, klCoef: merged.klCoef, kl: merged.kl as KlBaseName });
  return { estimator: merged.estimator, gamma: merged.gamma, maxPathItems: merged.maxPathItems, emptyPaths: merged.emptyPaths, ...fusion, ...loss };
}
