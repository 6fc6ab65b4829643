/**
 * Golden adapter for `agg_loss.json` (verl `agg_loss`): `{ loss_mat, loss_mask }` + `loss_agg_mode`,
 * `dp_size`, `batch_num_tokens`, `global_batch_size`, `loss_scale_factor` → `{ loss, grad_loss_mat }`.
 * Passes `onEmptyMask: 'reference'` so an all-zero mask gives the reference's NaN (our default throws).
 */
import { aggLoss, type AggOptions } from '../../losses/agg-loss.js';
import { f64, shapeOf, type GoldenAdapter } from '../golden.js';

/** Maps the snake_case aggregation params of a case onto AggOptions (nulls and absences = defaults). */
export function aggOptionsFromParams(params: Record<string, unknown> | undefined): AggOptions {
  const p = params ?? {};
  const opts: AggOptions = { onEmptyMask: 'reference' };
  const num = (k: string): number | undefined => (typeof p[k] === 'number' ? (p[k] as number) : undefined);
  const dp = num('dp_size');
  const bnt = num('batch_num_tokens');
  const gbs = num('global_batch_size');
  const lsf = num('loss_scale_factor');
  if (dp !== undefined) opts.dpSize = dp;
  if (bnt !== undefined) opts.batchNumTokens = bnt;
  if (gbs !== undefined) opts.globalBatchSize = gbs;
  if (lsf !== undefined) opts.lossScaleFactor = lsf;
  return opts;
}

export const adapter: GoldenAdapter = (c) => {
  const inputs = c.inputs ?? {};
  const [B, T] = shapeOf(inputs.loss_mat) as [number, number];
  const { loss, weights } = aggLoss(f64(inputs.loss_mat), f64(inputs.loss_mask), { B, T }, String(c.params?.loss_agg_mode), aggOptionsFromParams(c.params));
  return { loss, grad_loss_mat: weights };
};
