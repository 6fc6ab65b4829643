/**
 * @prorl/reasoning: ProRL for LLM reasoning — verifiable task suite, sandboxed code rewards, SFT warm
 * start, ProRL trainer and pass@k evaluation.
 */
export * from './tasks/types.js';
export * from './tasks/extract.js';
export * from './tasks/scoring.js';
export * from './tasks/registry.js';
export { CODE_FAMILIES, codeFunction, CODE_FUNCTION_LEVELS, type CodeFunctionMeta, extractCode, codeBlock } from './tasks/families/code/index.js';
export * from './sandbox/index.js';
export * from './suite/index.js';
/** Errors thrown by the registry for unknown names (from rl-core), re-exported for callers' `instanceof`. */
export { RlCoreError, UnknownNameError } from '@prorl/rl-core';
export * from './eval/index.js';
export * from './serve/index.js';
// SFT warm start, ProRL trainer and the demo job.
export * from './train/errors.js';
export * from './sft/format.js';
export * from './sft/config.js';
export * from './sft/run-sft.js';
export * from './train/config.js';
export * from './train/data.js';
export * from './train/dynamic-sampling.js';
export * from './train/batch.js';
export * from './train/sample.js';
export * from './train/trainer.js';
export * from './demo/evaluate.js';
export * from './demo/run-demo.js';
