/**
 * @prorl/reasoning: ProRL for LLM reasoning — verifiable task suite, sandboxed code rewards, SFT warm
 * start, ProRL trainer and pass@k evaluation.
 */
export * from './tasks/types.js';
export * from './tasks/extract.js';
export * from './tasks/scoring.js';
