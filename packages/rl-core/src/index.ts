/**
 * @prorl/rl-core: the shared RL math of ProRL.ts. Pure functions over typed arrays (no I/O), with
 * masks and group ids as explicit inputs. See README.md for shapes, conventions and reference quirks.
 */
export * from './errors.js';
export * from './tensor.js';
export * from './rng.js';
export * from './stats/index.js';
export * from './advantages/index.js';
export * from './baselines/index.js';
export * from './losses/index.js';
export * from './sampling/index.js';
export * from './control/index.js';
export * from './eval/index.js';
export * from './conformance/index.js';
