// Public API of policy/engine (re-exported by ../index.ts).
export {
  DEFAULT_SAMPLING_CONFIG,
  SamplingConfigError,
  resolveSamplingConfig,
  sampleToken,
  tokenLogProb,
  argmax,
  type SamplingConfig,
} from './sampler.js';
export { BatchSampler, type FinishReason, type RolloutResult } from './batch-sampler.js';
export { OrtRolloutEngine, DEFAULT_ROLLOUT_ENGINE_OPTIONS, type GenerateRequest, type RolloutEngineOptions } from './rollout.js';
export { OptimumRolloutEngine, type OptimumDecoderInfo, type OptimumGenerateRequest } from './optimum-rollout.js';
export { SessionCache } from './session-cache.js';
export {
  OrtTrainer,
  DEFAULT_ORT_TRAINER_OPTIONS,
  type Optimizer,
  type OrtTrainBatch,
  type GradResult,
  type OrtTrainerOptions,
} from './train-engine.js';
export { PolicyWorker, PolicyWorkerError, workerEntry } from './worker.js';
export { measurePolicySpeed, DEFAULT_POLICY_SPEED_OPTIONS, type PolicySpeedOptions, type PolicySpeedResult, type TrainSpeed, type RolloutSpeed } from './bench.js';
export type { PolicyWorkerInit, PolicyWorkerState, WorkerGenerateRequest, StepResult, ScoreModel } from './worker-protocol.js';
export { OrtScorer, DEFAULT_ORT_SCORER_OPTIONS, type ScoreBatch, type ScoreResult, type OrtScorerOptions } from './scorer.js';
export { loadOptimumModel, exportOptimumModel, type OptimumModel } from './optimum-model.js';
