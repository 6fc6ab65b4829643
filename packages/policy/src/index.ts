/**
 * @prorl/policy: a small causal transformer policy. One model definition (`model/`), a tfjs reference
 * (`tf/`), ONNX graphs for rollouts and training run on onnxruntime-node (`onnx/`, `engine/`), the
 * optimizer (`optim/`), checkpoints and tokenizers.
 */
export * from './model/config.js';
export * from './model/params.js';
export * from './tf/index.js';
export * from './onnx/index.js';
export * from './engine/index.js';
export * from './optim/index.js';
export * from './checkpoint/index.js';
export * from './tokenizer/index.js';
