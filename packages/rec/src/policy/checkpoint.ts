/**
 * Path-policy checkpoints on @prorl/policy's atomic checkpoint format. The metadata carries the policy
 * config and the semantic IDs, so a checkpoint is self-contained:
 *
 *   metadata = { kind: 'prorl-rec-path-policy', policy: PathPolicyConfig, semanticIds: {item: codes}, ...extra }
 */
import { loadCheckpoint, saveCheckpoint, type AdamWState } from '@prorl/policy';
import type { RngState } from '@prorl/rl-core';
import { PathPolicyError } from './errors.js';
import { PathPolicy, type PathPolicyConfig, type PathPolicyOptions } from './path-policy.js';
import { PathTokenizer } from './path-tokenizer.js';

export const PATH_POLICY_CHECKPOINT_KIND = 'prorl-rec-path-policy';

export interface SavePathPolicyOptions {
  step: number;
  optimizer?: AdamWState;
  rng?: RngState;
  /** Extra JSON metadata (run config, epoch, fusion state, ...). */
  extra?: Record<string, unknown>;
}

export async function savePathPolicy(dir: string, policy: PathPolicy, o: SavePathPolicyOptions): Promise<void> {
  await saveCheckpoint(dir, {
    config: policy.modelConfig,
    params: policy.params,
    step: o.step,
    ...(o.optimizer ? { optimizer: o.optimizer } : {}),
    ...(o.rng ? { rng: o.rng } : {}),
    metadata: {
      ...(o.extra ?? {}),
      kind: PATH_POLICY_CHECKPOINT_KIND,
      policy: policy.config,
      semanticIds: Object.fromEntries(policy.tokenizer.codec.ids),
    },
  });
}

export interface LoadedPathPolicy {
  policy: PathPolicy;
  step: number;
  optimizer?: AdamWState;
  rng?: RngState;
  metadata: Record<string, unknown>;
}

/** Loads a policy saved with `savePathPolicy` (the weights are a fresh buffer owned by the policy). */
export async function loadPathPolicy(dir: string, o: Omit<PathPolicyOptions, 'config' | 'params'> = {}): Promise<LoadedPathPolicy> {
  const ck = await loadCheckpoint(dir);
  const meta = ck.metadata ?? {};
  if (meta.kind !== PATH_POLICY_CHECKPOINT_KIND || typeof meta.semanticIds !== 'object' || meta.semanticIds === null) {
    throw new PathPolicyError('checkpoint', `${dir} is not a path-policy checkpoint (metadata.kind = ${String(meta.kind)})`, 'pass a directory written by pretrainPathPolicy / trainPathRL');
  }
  const ids = new Map(Object.entries(meta.semanticIds as Record<string, number[]>));
  const policy = new PathPolicy(PathTokenizer.fromSemanticIds(ids), { ...o, config: meta.policy as PathPolicyConfig, params: ck.params });
  return {
    policy,
    step: ck.step,
    ...(ck.optimizer ? { optimizer: ck.optimizer } : {}),
    ...(ck.rng ? { rng: ck.rng } : {}),
    metadata: meta,
  };
}
