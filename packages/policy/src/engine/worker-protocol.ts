/**
 * Messages between `PolicyWorker` (main thread, `worker.ts`) and its worker thread
 * (`worker-entry.ts`). Typed arrays are copied by structured clone on the way in and transferred
 * (zero-copy) on the way out.
 */
import type { ModelConfig } from '../model/config.js';
import type { AdamWConfig, AdamWState } from '../optim/adamw.js';
import type { GenerateRequest, RolloutEngineOptions, RolloutResult } from './rollout.js';
import type { ScoreBatch, ScoreResult } from './scorer.js';
import type { GradResult, OrtTrainerOptions, OrtTrainBatch } from './train-engine.js';

/** Everything a checkpoint needs from the worker (copies). */
export interface PolicyWorkerState {
  params: Float32Array;
  reference: Float32Array;
  optimizer: AdamWState;
}

/** Which weights to score with: the live policy or the frozen reference copy. */
export type ScoreModel = 'policy' | 'reference';

export interface PolicyWorkerInit {
  config: ModelConfig;
  /** Initial flat weights (copied into the worker, which owns the live buffer). */
  params: Float32Array;
  adamw?: Partial<AdamWConfig>;
  /** Apply weight decay to matrices only (decayMaskFromLayout). Default true. */
  decayMatricesOnly?: boolean;
  trainer?: Partial<OrtTrainerOptions>;
  rollout?: Partial<RolloutEngineOptions>;
}

/** A generate request whose seeds are plain numbers (generators cannot cross threads). */
export type WorkerGenerateRequest = Omit<GenerateRequest, 'seeds'> & { seeds: number[] };

/** Step result without the flat gradient (kept in the worker). */
export type StepResult = Omit<GradResult, 'grads'> & { optimizerStep: number };

export type WorkerRequest =
  | { op: 'init'; init: PolicyWorkerInit }
  | { op: 'gradients'; batch: OrtTrainBatch }
  | { op: 'step'; batch: OrtTrainBatch; lr?: number }
  | { op: 'generate'; req: WorkerGenerateRequest }
  | { op: 'getParams' }
  | { op: 'setParams'; params: Float32Array }
  | { op: 'resetOptimizer' }
  | { op: 'score'; batch: ScoreBatch; model: ScoreModel }
  | { op: 'resetReference' }
  | { op: 'getState' }
  | { op: 'loadState'; state: PolicyWorkerState }
  | { op: 'release' };

export interface WorkerResults {
  init: null;
  gradients: GradResult;
  step: StepResult;
  generate: RolloutResult;
  getParams: Float32Array;
  setParams: null;
  resetOptimizer: null;
  score: ScoreResult;
  resetReference: null;
  getState: PolicyWorkerState;
  loadState: null;
  release: null;
}

export type WorkerMessage = { id: number } & WorkerRequest;
export type WorkerReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: { name: string; message: string } };
