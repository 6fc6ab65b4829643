// Public API of eval/ (re-exported by ../index.ts). Internals (semaphore, progress tracker, SVG helpers) stay private.
export { EvalError, RemoteEngineError, isAbortError, type EvalErrorCode } from './errors.js';
export {
  validateCompletionRequest,
  splitN,
  completeSplit,
  type CompletionEngine,
  type CompletionRequest,
  type CompletionResponse,
  type CompletionChoice,
  type FinishReason,
} from './engine.js';
export {
  RemoteEngine,
  DEFAULT_REMOTE_ENGINE_CONFIG,
  resolveRemoteEngineConfig,
  completionsUrl,
  parseRemoteEngineFlag,
  backoffDelayMs,
  parseRetryAfter,
  type RemoteEngineConfig,
  type RemoteEngineStats,
} from './remote-engine.js';
export { LocalEngine, DEFAULT_LOCAL_ENGINE_CONFIG, resolveLocalEngineConfig, type LocalEngineConfig, type LocalGenerator, type LocalTokenizer } from './local-engine.js';
export {
  runEval,
  resolveRunEvalConfig,
  DEFAULT_RUN_EVAL_CONFIG,
  defaultKList,
  writePlots,
  type RunEvalConfig,
  type RunEvalInput,
  type RunEvalResult,
  type EvalEngineSpec,
  type EvalOutputs,
} from './run-eval.js';
export { buildSummary, type EvalSummary, type SamplingSettings } from './summary.js';
export { groupMetrics, engineMetrics, type GroupMetrics, type EngineMetrics, type RegimeLabels, type RegimeEntry } from './metrics.js';
export { markdownReport } from './report.js';
export { passAtKPlotSvg, type CurveSeries, type PassAtKPlotOptions } from './svg.js';
export { formatProgress, type EvalProgress } from './progress.js';
export { readSampleLog, slimSample, type SampleRecord, type SlimSample, type SampleLogContents } from './samples-log.js';
export { openCheckpointEngine, type CheckpointEngine } from './checkpoint-engine.js';
