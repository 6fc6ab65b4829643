/**
 * Golden adapter for `grpo.json`: `compute_grpo_outcome_advantage` → `grpoAdvantage` (loop
 * semantics, fast path), `compute_grpo_vectorized_outcome_advantage` → `grpoVectorizedAdvantage`.
 * Output: `{ advantages, returns }`.
 */
import { grpoAdvantage, grpoVectorizedAdvantage } from '../../advantages/grpo.js';
import type { AdvantageInput } from '../../advantages/types.js';
import { f64, shapeOf, type GoldenAdapter, type GoldenCase } from '../golden.js';

/** Maps a verl-style case (`token_level_rewards`, `response_mask`, `index`, `values`) to `AdvantageInput`. */
export function verlAdvantageInput(c: GoldenCase): AdvantageInput {
  const inputs = c.inputs ?? {};
  const s = Array.isArray(c.shape) && c.shape.length === 2 ? c.shape : shapeOf(inputs.token_level_rewards);
  const input: AdvantageInput = {
    B: Number(s[0]),
    T: Number(s[1]),
    tokenLevelRewards: f64(inputs.token_level_rewards),
    responseMask: f64(inputs.response_mask),
  };
  if (Array.isArray(inputs.index)) input.index = (inputs.index as unknown[]).map((v) => (typeof v === 'string' ? v : Number(v)));
  if (inputs.values !== undefined) input.values = f64(inputs.values);
  return input;
}

export const adapter: GoldenAdapter = (c) => {
  const input = verlAdvantageInput(c);
  const p = c.params ?? {};
  const options = {
    normByStd: p.norm_adv_by_std_in_grpo === undefined ? true : Boolean(p.norm_adv_by_std_in_grpo),
    epsilon: p.epsilon === undefined ? 1e-6 : Number(p.epsilon),
  };
  switch (c.fn) {
    case 'compute_grpo_outcome_advantage':
      return grpoAdvantage(input, options);
    case 'compute_grpo_vectorized_outcome_advantage':
      return grpoVectorizedAdvantage(input, options);
    default:
      throw new Error(`grpo adapter: unknown fn '${String(c.fn)}'`);
  }
};
