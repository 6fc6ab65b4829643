/**
 * @prorl/rl-core/tf: the tfjs reference versions of rl-core's losses (differentiated by autodiff,
 * used to check the closed-form gradients). A separate entry point so that importing the main
 * package never loads tfjs; requires the optional peer dependency `@tensorflow/tfjs`.
 */
export {};
