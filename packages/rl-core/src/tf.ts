/**
 * @prorl/rl-core/tf: the tfjs reference versions of rl-core's losses (differentiated by autodiff,
 * used to check the closed-form gradients). A separate entry point so that importing the main
 * package never loads tfjs; requires the optional peer dependency `@tensorflow/tfjs`.
 *
 * Each `*Tf` function builds the loss from tf tensors (call it inside `tf.tidy`); each `*Ref`
 * function runs it on typed arrays with `tf.valueAndGrad` and leaves no tensor behind.
 */
export * from './losses/tf-grad.js';
export * from './losses/agg-loss.tf.js';
export * from './losses/kl.tf.js';
export * from './losses/policy-loss.tf.js';
export * from './losses/entropy.tf.js';
export * from './losses/actor-loss.tf.js';
