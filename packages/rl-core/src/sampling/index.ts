// Public API of rl-core/sampling (re-exported by ../index.ts).
export {
  filterGroups,
  type DropReason,
  type FilterGroupsOptions,
  type FilterGroupsResult,
  type GroupDecision,
} from './dynamic-sampling.js';
export {
  RefillAccumulator,
  refillGroups,
  resolveRefillConfig,
  DEFAULT_REFILL_CONFIG,
  DynamicSamplingExhaustedError,
  type RefillConfig,
} from './refill.js';
export {
  overlongPenalty,
  applyOverlongShaping,
  resolveOverlongConfig,
  DEFAULT_OVERLONG_CONFIG,
  type OverlongConfig,
} from './overlong.js';
export { applyStopProperlyPenalty, DEFAULT_STOP_PROPERLY_COEF } from './stop-properly.js';
