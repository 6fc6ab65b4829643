/**
 * tfjs reference of the entropy from logits (readable, differentiable; float32): verl's
 * `logsumexp(z) − Σ softmax(z)·z`, which (like the reference) returns NaN for −Infinity logits and
 * loses precision for large logits. `entropyLossRef` returns the aggregated entropy and its autodiff
 * gradient with respect to the logits, the check of `entropyLoss(..., { withGradLogits: true })`.
 */
import * as tf from '@tensorflow/tfjs';
import type { AggMode, AggOptions } from './agg-loss.js';
import { aggLossTf } from './agg-loss.tf.js';
import type { LogitsDims } from './entropy.js';
import type { MaskVec, Vec } from '../tensor.js';
import { tfFloat, tfValueAndGrad } from './tf-grad.js';

/** `logits [B,T,V]` → entropy `[B,T]`. Call inside `tf.tidy`. */
export function entropyFromLogitsTf(logits: tf.Tensor): tf.Tensor {
  const lse = tf.logSumExp(logits, -1);
  const p = tf.softmax(logits, -1);
  return tf.sub(lse, tf.sum(tf.mul(p, logits), -1));
}

/** Aggregated entropy and `d / d logits` (`[B,T,V]`) on typed arrays; leaves no tensors behind. */
export function entropyLossRef(logits: Vec, mask: MaskVec, dims: LogitsDims, aggMode: AggMode, opts: AggOptions = {}): { loss: number; gradLogits: Float64Array } {
  const r = tfValueAndGrad(
    (z) => ({ value: aggLossTf(entropyFromLogitsTf(z), tfFloat(mask, [dims.B, dims.T]), aggMode, opts) }),
    logits,
    [dims.B, dims.T, dims.V],
  );
  return { loss: r.value, gradLogits: r.grad };
}
