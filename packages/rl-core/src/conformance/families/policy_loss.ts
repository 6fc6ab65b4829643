/**
 * Golden adapter for `policy_loss.json` (verl `compute_policy_loss_vanilla`). Maps `clip_ratio_low` /
 * `clip_ratio_high` (null = use `clip_ratio`), `clip_ratio_c`, `loss_agg_mode` and the optional
 * `rollout_is_weights` onto `clippedPolicyLoss`, and returns
 * `{ pg_loss, pg_clipfrac, ppo_kl, pg_clipfrac_lower, grad_log_prob }`. A `clip_ratio_c <= 1` case
 * throws InvalidParamError, as the reference asserts.
 */
import { clippedPolicyLoss } from '../../losses/policy-loss.js';
import { f64, shapeOf, type GoldenAdapter } from '../golden.js';
import { aggOptionsFromParams } from './agg_loss.js';

export const adapter: GoldenAdapter = (c) => {
  const inputs = c.inputs ?? {};
  const p = c.params ?? {};
  const clip = typeof p.clip_ratio === 'number' ? p.clip_ratio : 0.2;
  const clipLow = typeof p.clip_ratio_low === 'number' ? p.clip_ratio_low : clip;
  const clipHigh = typeof p.clip_ratio_high === 'number' ? p.clip_ratio_high : clip;
  const clipC = typeof p.clip_ratio_c === 'number' ? p.clip_ratio_c : 3;
  const [B, T] = shapeOf(inputs.log_prob) as [number, number];
  const r = clippedPolicyLoss(
    {
      dims: { B, T },
      oldLogProb: f64(inputs.old_log_prob),
      logProb: f64(inputs.log_prob),
      advantages: f64(inputs.advantages),
      mask: f64(inputs.response_mask),
      ...(inputs.rollout_is_weights !== undefined && inputs.rollout_is_weights !== null ? { isWeights: f64(inputs.rollout_is_weights) } : {}),
    },
    { ...aggOptionsFromParams(p), clipLow, clipHigh, clipC, aggMode: String(p.loss_agg_mode ?? 'token-mean') as 'token-mean' },
  );
  return {
    pg_loss: r.metrics['actor/pg_loss'],
    pg_clipfrac: r.metrics['actor/pg_clipfrac'],
    ppo_kl: r.metrics['actor/ppo_kl'],
    pg_clipfrac_lower: r.metrics['actor/pg_clipfrac_lower'],
    grad_log_prob: r.gradLogProbs,
  };
};
