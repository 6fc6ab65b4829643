// Public API of policy/onnx (re-exported by ../index.ts).
export { Graph, GraphBuildError, f as floatAttr, type DType, type FloatType, type GraphOptions, type ValueInfo } from './builder.js';
export { Tape, composite, rmsNorm as onnxRmsNorm, silu as onnxSilu, geluTanh as onnxGeluTanh } from './autodiff.js';
export {
  OrtSession,
  OrtRunError,
  DEFAULT_ORT_SESSION_OPTIONS,
  resolveOrtSessionOptions,
  ortVersion,
  type OrtSessionOptions,
  type GraphOptimizationLevel,
  type Feed,
  type FeedArray,
  type OutArray,
} from './ort.js';
export { PolicyInputError, type PolicyInputProblem, weightFeeds, checkTokens, checkLength, positionsFromMask } from './feeds.js';
export { emitTransformer, ropeTables as onnxRopeTables, MASK_VALUE } from './transformer.js';
export { buildForwardGraph, buildTrainingGraph, type ModelGraphOptions, type TrainingGraphOptions, type ForwardOutputs } from './model-graph.js';
export { buildKvGraph, pastKeyName, pastValueName, presentKeyName, presentValueName, type KvGraphOptions } from './kv-graph.js';
export { buildOptimumDecoderGraph, OPTIMUM_NAMES } from './optimum-export.js';
