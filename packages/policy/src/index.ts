/**
 * @prorl/policy: a small causal transformer policy. One model definition (`model/`), a tfjs reference
 * (`tf/`), ONNX graphs for rollouts and training run on onnxruntime-node (`onnx/`), checkpoints and
 * tokenizers.
 */
export * from './model/config.js';
export * from './model/params.js';
