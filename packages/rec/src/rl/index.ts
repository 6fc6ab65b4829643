// Public API of @prorl/rec's RL objective (re-exported by ../index.ts). The tfjs reference
// `path-loss.tf.ts` is internal (a test oracle), so importing the package does not load it.
export * from './path-batch.js';
export * from './reward-fusion.js';
export * from './estimators.js';
export * from './path-loss.js';
export * from './config.js';
export * from './objective.js';
