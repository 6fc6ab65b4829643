// Public API of rl-core/advantages (re-exported by ../index.ts).
export {
  type AdvantageInput,
  type AdvantageResult,
  type ScoreFrom,
  type SingletonRule,
  SCORE_FROM,
  SINGLETON_RULES,
} from './types.js';
export {
  grpoAdvantage,
  grpoAdvantageLoop,
  grpoVectorizedAdvantage,
  drGrpoAdvantage,
  resolveGrpoOptions,
  DEFAULT_GRPO_OPTIONS,
  type GrpoOptions,
} from './grpo.js';
export {
  rlooAdvantage,
  rlooAdvantageLoop,
  rlooVectorizedAdvantage,
  resolveRlooOptions,
  DEFAULT_RLOO_OPTIONS,
  DEFAULT_RLOO_VECTORIZED_OPTIONS,
  type RlooOptions,
} from './rloo.js';
export {
  reinforcePpAdvantage,
  reinforcePpBaselineAdvantage,
  resolveReinforcePpOptions,
  resolveReinforcePpBaselineOptions,
  DEFAULT_REINFORCE_PP_OPTIONS,
  DEFAULT_REINFORCE_PP_BASELINE_OPTIONS,
  type ReinforcePpOptions,
  type ReinforcePpBaselineOptions,
} from './reinforce_pp.js';
export { gaeAdvantage, resolveGaeOptions, DEFAULT_GAE_OPTIONS, GAE_PADDING, type GaeOptions, type GaePadding } from './gae.js';
export {
  rewardToGoAdvantage,
  discountedReturns,
  resolveRewardToGoOptions,
  DEFAULT_REWARD_TO_GO_OPTIONS,
  RETURN_HOLES,
  type RewardToGoOptions,
  type ReturnHoles,
} from './reward_to_go.js';
export {
  positionAdvantages,
  positionAdvantagesLoop,
  resolvePositionAdvantageOptions,
  DEFAULT_POSITION_ADVANTAGE_OPTIONS,
  FIRST_EOS_RULES,
  type PositionAdvantageInput,
  type PositionAdvantageOptions,
  type PositionAdvantageResult,
  type FirstEosRule,
} from './position.js';
export {
  ADVANTAGE_ESTIMATORS,
  ADVANTAGE_NAMES,
  getAdvantageEstimator,
  isAdvantageName,
  type AdvantageName,
  type AdvantageEstimator,
  type AdvantageOptions,
} from './registry.js';
