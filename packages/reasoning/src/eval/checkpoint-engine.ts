/**
 * A `CompletionEngine` over a local policy checkpoint (the directory `prorl-reason sft` / `train`
 * writes): its weights on the onnxruntime KV-cache rollout engine, its saved tokenizer, wrapped by
 * `LocalEngine`. This is what `prorl-reason eval --checkpoint` and `prorl-reason serve` run.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { OrtRolloutEngine, loadCheckpoint, tokenizerFromJSON } from '@prorl/policy';
import { EvalError } from './errors.js';
import { LocalEngine, type LocalEngineConfig } from './local-engine.js';

export interface CheckpointEngine {
  engine: LocalEngine;
  /** Releases the ORT sessions. */
  release(): Promise<void>;
}

export async function openCheckpointEngine(dir: string, opts: { name?: string } & Partial<Pick<LocalEngineConfig, 'maxN' | 'seed'>> = {}): Promise<CheckpointEngine> {
  if (!existsSync(dir)) {
    throw new EvalError('invalid_config', 'checkpoint', `no checkpoint directory at ${dir}`, 'pass a directory written by `prorl-reason sft` or `prorl-reason train` (e.g. runs/x/checkpoints/last)');
  }
  const ck = await loadCheckpoint(dir);
  if (ck.tokenizer === undefined) {
    throw new EvalError('invalid_config', 'checkpoint', `${dir} has no saved tokenizer`, 'use a checkpoint written by prorl-reason (it saves tokenizer.json)');
  }
  const tokenizer = tokenizerFromJSON(ck.tokenizer);
  const rollout = new OrtRolloutEngine(ck.config, ck.params);
  const engine = new LocalEngine({
    name: opts.name ?? path.basename(path.resolve(dir)),
    generator: rollout,
    tokenizer,
    maxTokens: ck.config.maxSeqLen,
    maxPromptTokens: ck.config.maxSeqLen,
    ...(opts.maxN !== undefined ? { maxN: opts.maxN } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
  });
  return { engine, release: () => rollout.release() };
}
