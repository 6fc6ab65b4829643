/**
 * @prorl/rec: ProRL for proactive recommendation — datasets, path mining, semantic IDs, user
 * simulators, the SRC + PSAE trainer and metrics.
 */
export * from './data/errors.js';
export * from './data/types.js';
export * from './data/data-dir.js';
export * from './data/prorl-release.js';
export * from './data/movielens.js';
export * from './data/recbole.js';
export * from './prepare/kcore.js';
export * from './prepare/sequences.js';
export * from './prepare/path-mining.js';
export * from './prepare/split.js';
export * from './semantic-ids/kmeans.js';
export * from './semantic-ids/residual-kmeans.js';
export * from './simulator/types.js';
export * from './rewards/step-rewards.js';
export * from './metrics/path-metrics.js';
export * from './semantic-ids/codec.js';
export * from './prepare/pipeline.js';
export * from './io/atomic.js';
export * from './io/dataset-json.js';
export * from './prepare/sources.js';
export * from './rl/index.js';
export * from './simulator/errors.js';
export * from './simulator/item-index.js';
export * from './simulator/windows.js';
export * from './simulator/trainable.js';
export * from './simulator/sasrec.js';
export * from './simulator/gru4rec.js';
export * from './simulator/evaluate.js';
export * from './simulator/fit.js';
export * from './simulator/train.js';
export * from './simulator/checkpoint.js';
export * from './simulator/synthetic.js';
export * from './policy/errors.js';
export * from './policy/path-tokenizer.js';
export * from './policy/path-policy.js';
export * from './policy/checkpoint.js';
export * from './train/pretrain.js';
export * from './train/rl-config.js';
export * from './train/rl.js';
export * from './eval/evaluate.js';
export * from './baselines/random-paths.js';
export * from './baselines/simulator-greedy.js';
export * from './baselines/pretrained.js';
export * from './pipeline/experiment.js';
