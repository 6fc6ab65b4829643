/**
 * tfjs reference of `aggLoss` (readable, differentiable; float32). Written op by op after verl's
 * `agg_loss`; see agg-loss.ts for the modes. Masked elements are selected out (`where`), so NaN at
 * padding does not leak into the value or the gradient.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dims2, MaskVec, Vec } from '../tensor.js';
import type { AggMode, AggOptions } from './agg-loss.js';
import { tfFloat, tfValueAndGrad } from './tf-grad.js';

/**
 * `lossMat [B,T]`, `mask [B,T]` (float 0/1) → scalar. Call inside `tf.tidy` (or through
 * `tfValueAndGrad`): intermediates are not disposed here.
 */
export function aggLossTf(lossMat: tf.Tensor, mask: tf.Tensor, mode: AggMode, opts: AggOptions = {}): tf.Scalar {
  const dp = opts.dpSize ?? 1;
  const active = tf.notEqual(mask, 0);
  const masked = tf.mul(tf.where(active, lossMat, tf.zerosLike(lossMat)), mask); // L·m with padding selected out
  switch (mode) {
    case 'token-mean': {
      const n = opts.batchNumTokens !== undefined ? tf.scalar(opts.batchNumTokens) : tf.sum(mask);
      return tf.mul(tf.div(tf.sum(masked), n), dp) as tf.Scalar;
    }
    case 'seq-mean-token-sum':
    case 'seq-mean-token-mean': {
      const rowCount = tf.sum(mask, -1);
      let seqLoss = tf.sum(masked, -1);
      if (mode === 'seq-mean-token-mean') seqLoss = tf.div(seqLoss, tf.add(rowCount, 1e-8));
      const seqMask = tf.cast(tf.greater(rowCount, 0), 'float32');
      const g = opts.globalBatchSize !== undefined ? tf.scalar(opts.globalBatchSize) : tf.sum(seqMask);
      return tf.mul(tf.div(tf.sum(tf.mul(seqLoss, seqMask)), g), dp) as tf.Scalar;
    }
    case 'seq-mean-token-sum-norm': {
      const f = opts.lossScaleFactor ?? (mask.shape[1] as number);
      return tf.div(tf.sum(masked), f) as tf.Scalar;
    }
    default: {
      const never: never = mode;
      throw new Error(`unknown aggregation mode ${String(never)}`);
    }
  }
}

/** The aggregated value and its gradient with respect to `lossMat` on typed arrays; leaves no tensors behind. */
export function aggLossRef(lossMat: Vec, mask: MaskVec, dims: Dims2, mode: AggMode, opts: AggOptions = {}): { loss: number; weights: Float64Array } {
  const shape = [dims.B, dims.T];
  const r = tfValueAndGrad((l) => ({ value: aggLossTf(l, tfFloat(mask, shape), mode, opts) }), lossMat, shape);
  return { loss: r.value, weights: r.grad };
}
