// Public API of rl-core/baselines (re-exported by ../index.ts).
export {
  groupMeanBaseline,
  groupMeanBaselineReference,
  leaveOneOutBaseline,
  leaveOneOutBaselineReference,
  type SingletonBaseline,
} from './group-baseline.js';
export {
  RunningNormalizer,
  resolveRunningNormalizerConfig,
  DEFAULT_RUNNING_NORMALIZER_CONFIG,
  type RunningNormalizerConfig,
  type RunningNormalizerState,
  type BatchMomentPrecision,
  type CollectNormalization,
} from './running-normalizer.js';
export {
  MultiObjectiveRewardNormalizer,
  REC_REWARD_COMPONENTS,
  type RecRewardComponent,
  type MultiObjectiveNormalizerState,
} from './multi-objective-normalizer.js';
export {
  StepwiseRewardCentering,
  resolveSrcConfig,
  DEFAULT_SRC_CONFIG,
  type SrcConfig,
  type SrcMode,
  type SrcOutput,
  type SrcState,
} from './stepwise-reward-centering.js';
