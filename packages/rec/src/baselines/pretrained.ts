/**
 * The "pretrained policy alone" baseline (π_0, Table 4's "Pretrain only"): the stage-1 policy, decoded
 * like the RL policy (greedy @1, sampled best-of-K @K).
 */
import type { PathGenerator, PathPolicy } from '../policy/path-policy.js';
import { loadPathPolicy } from '../policy/checkpoint.js';

export function pretrainedBaseline(policy: PathPolicy, name = 'pretrained'): PathGenerator {
  return policy.named(name);
}

/** Loads π_0 from a pretraining checkpoint directory. */
export async function loadPretrainedBaseline(dir: string, name = 'pretrained'): Promise<{ generator: PathGenerator; policy: PathPolicy }> {
  const { policy } = await loadPathPolicy(dir);
  return { generator: policy.named(name), policy };
}
