// Public API of rl-core/control (re-exported by ../index.ts).
export {
  ReferenceResetController,
  resolveReferenceResetConfig,
  DEFAULT_REFERENCE_RESET_CONFIG,
  type ReferenceResetConfig,
  type ReferenceResetState,
  type ResetEvent,
  type ResetReason,
  type ResetObservation,
  type MetricDirection,
  type StagnationTrigger,
  type DeclineTrigger,
  type KlDominanceTrigger,
  type ScheduleTrigger,
} from './reference-reset.js';
