/**
 * Typed registry of the token-level advantage estimators, keyed by name (verl's
 * `AdvantageEstimator` names where they exist). Every entry has the same signature:
 * `(input: AdvantageInput, options?: AdvantageOptions) => { advantages [B,T], returns [B,T] }`;
 * each estimator reads only the option fields it documents. PSAE (`positionAdvantages`) works on
 * `[B,S,P]` paths and stays a separate function.
 */
import { UnknownNameError } from '../errors.js';
import { gaeAdvantage, type GaeOptions } from './gae.js';
import { drGrpoAdvantage, grpoAdvantage, grpoVectorizedAdvantage, type GrpoOptions } from './grpo.js';
import { reinforcePpAdvantage, reinforcePpBaselineAdvantage, type ReinforcePpBaselineOptions, type ReinforcePpOptions } from './reinforce_pp.js';
import { rewardToGoAdvantage, type RewardToGoOptions } from './reward_to_go.js';
import { rlooAdvantage, rlooVectorizedAdvantage, type RlooOptions } from './rloo.js';
import type { AdvantageInput, AdvantageResult } from './types.js';

export type AdvantageName =
  | 'grpo'
  | 'grpo_vectorized'
  | 'dr_grpo'
  | 'rloo'
  | 'rloo_vectorized'
  | 'reinforce_pp'
  | 'reinforce_pp_baseline'
  | 'gae'
  | 'reward_to_go';

/** The union of every estimator's options; each estimator reads its own fields and ignores the rest. */
export type AdvantageOptions = Partial<GrpoOptions> &
  Partial<RlooOptions> &
  Partial<ReinforcePpOptions> &
  Partial<ReinforcePpBaselineOptions> &
  Partial<GaeOptions> &
  Partial<RewardToGoOptions>;

export type AdvantageEstimator = (input: AdvantageInput, options?: AdvantageOptions) => AdvantageResult;

export const ADVANTAGE_ESTIMATORS = {
  grpo: grpoAdvantage,
  grpo_vectorized: grpoVectorizedAdvantage,
  dr_grpo: drGrpoAdvantage,
  rloo: rlooAdvantage,
  rloo_vectorized: rlooVectorizedAdvantage,
  reinforce_pp: reinforcePpAdvantage,
  reinforce_pp_baseline: reinforcePpBaselineAdvantage,
  gae: gaeAdvantage,
  reward_to_go: rewardToGoAdvantage,
} satisfies Record<AdvantageName, AdvantageEstimator>;

export const ADVANTAGE_NAMES = Object.keys(ADVANTAGE_ESTIMATORS) as AdvantageName[];

/** Looks up an estimator by name; an unknown name throws UnknownNameError listing the valid ones. */
export function getAdvantageEstimator(name: string): AdvantageEstimator {
  if (!Object.prototype.hasOwnProperty.call(ADVANTAGE_ESTIMATORS, name)) {
    throw new UnknownNameError('advantageEstimator', name, ADVANTAGE_NAMES);
  }
  return ADVANTAGE_ESTIMATORS[name as AdvantageName];
}

/** Type guard for names coming from configs or the CLI. */
export function isAdvantageName(name: string): name is AdvantageName {
  return Object.prototype.hasOwnProperty.call(ADVANTAGE_ESTIMATORS, name);
}
