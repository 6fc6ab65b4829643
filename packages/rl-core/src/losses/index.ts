// Public API of rl-core/losses (re-exported by ../index.ts). The tfjs references (*.tf.ts) are NOT
// exported here, so importing @prorl/rl-core never loads tfjs: they live behind @prorl/rl-core/tf
// (../tf.ts).
export * from './agg-loss.js';
export * from './kl.js';
export * from './kl-controller.js';
export * from './policy-loss.js';
export * from './entropy.js';
export * from './actor-loss.js';
