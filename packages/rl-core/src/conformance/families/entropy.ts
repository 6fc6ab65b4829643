/**
 * Golden adapter for `entropy.json` (verl `entropy_from_logits` + `compute_entropy_loss`):
 * `{ logits [B,T,V], response_mask }` + `loss_agg_mode` → `{ entropy, entropy_loss }`. Passes
 * `negInfLogits: 'reference'` (the reference returns NaN for -inf logits; our default treats them as
 * zero-probability entries) and `onEmptyMask: 'reference'`.
 */
import { entropyLoss } from '../../losses/entropy.js';
import { f64, shapeOf, type GoldenAdapter } from '../golden.js';

export const adapter: GoldenAdapter = (c) => {
  const inputs = c.inputs ?? {};
  const [B, T, V] = shapeOf(inputs.logits) as [number, number, number];
  const r = entropyLoss(f64(inputs.logits), f64(inputs.response_mask), { B, T, V }, String(c.params?.loss_agg_mode ?? 'token-mean'), {
    negInfLogits: 'reference',
    onEmptyMask: 'reference',
  });
  return { entropy: r.entropy, entropy_loss: r.loss };
};
