/**
 * Golden adapter for `position_advantage.json` (`PRATrainer_ProRL.compute_position_advantages`) →
 * `positionAdvantages`. Output: `{ position_advantages, position_active_mask, first_eos_mask }`.
 */
import { positionAdvantages } from '../../advantages/position.js';
import { ShapeError } from '../../errors.js';
import { bools, f64, ints, shapeOf, type GoldenAdapter } from '../golden.js';

export const adapter: GoldenAdapter = (c) => {
  const inputs = c.inputs ?? {};
  const p = c.params ?? {};
  const s = Array.isArray(c.shape) && c.shape.length === 3 ? c.shape : shapeOf(inputs.fused_rewards);
  if (p.group_size !== undefined && Number(p.group_size) !== Number(s[1])) {
    throw new ShapeError('params.group_size', `is ${String(p.group_size)} but fused_rewards has S = ${String(s[1])} samples per prompt`);
  }
  const out = positionAdvantages(
    {
      B: Number(s[0]),
      S: Number(s[1]),
      MI: Number(s[2]),
      fusedRewards: f64(inputs.fused_rewards),
      numItems: ints(inputs.num_items),
      hasEos: bools(inputs.has_eos),
      valid: bools(inputs.valid_mask),
    },
    {
      gamma: p.gamma === undefined ? 1 : Number(p.gamma),
      maxPositions: p.max_proactive_length === undefined ? 10 : Number(p.max_proactive_length),
    },
  );
  return {
    position_advantages: out.advantages,
    position_active_mask: out.activeMask,
    first_eos_mask: out.firstEosMask,
  };
};
