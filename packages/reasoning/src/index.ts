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
