/**
 * tfjs reference of the clipped policy loss (readable, differentiable; float32), written op by op
 * after verl's `compute_policy_loss_vanilla`. `clippedPolicyLossRef` runs it on typed arrays and
 * returns the autodiff gradient with respect to `logProb`, the check of `clippedPolicyLoss`.
 *
 * Tie note: tfjs `minimum(a, b)` gives the whole gradient to `a` at a tie, PyTorch splits it. At the
 * dual-clip tie `u == −A·c` the closed form follows PyTorch (half); this reference gives 0.
 */
import * as tf from '@tensorflow/tfjs';
import { LOG_RATIO_CLAMP, type PolicyLossInputs, type PolicyLossMetrics, type PolicyLossParams } from './policy-loss.js';
import { aggLossTf } from './agg-loss.tf.js';
import { tfFloat, tfValueAndGrad } from './tf-grad.js';

export interface PolicyLossTensors {
  /** `[B,T]` each. */
  oldLogProb: tf.Tensor;
  logProb: tf.Tensor;
  advantages: tf.Tensor;
  mask: tf.Tensor;
  isWeights?: tf.Tensor;
}

export interface PolicyLossTfOutput {
  loss: tf.Scalar;
  clipfrac: tf.Scalar;
  ppoKl: tf.Scalar;
  clipfracLower: tf.Scalar;
}

function maskedMean(v: tf.Tensor, mask: tf.Tensor): tf.Scalar {
  return tf.div(tf.sum(tf.mul(v, mask)), tf.add(tf.sum(mask), 1e-8)) as tf.Scalar;
}

/** The loss and its metrics as tensors. Call inside `tf.tidy`. */
export function clippedPolicyLossTf(t: PolicyLossTensors, p: PolicyLossParams): PolicyLossTfOutput {
  const { oldLogProb, logProb, advantages: A, mask } = t;
  const negApproxKl = tf.clipByValue(tf.sub(logProb, oldLogProb), -LOG_RATIO_CLAMP, LOG_RATIO_CLAMP);
  const ratio = tf.exp(negApproxKl);
  const ppoKl = maskedMean(tf.neg(negApproxKl), mask);
  const negA = tf.neg(A);
  const l1 = tf.mul(negA, ratio);
  const l2 = tf.mul(negA, tf.clipByValue(ratio, 1 - p.clipLow, 1 + p.clipHigh));
  const clipL1 = tf.maximum(l1, l2);
  const clipfrac = maskedMean(tf.cast(tf.greater(l2, l1), 'float32'), mask);
  const l3 = tf.mul(negA, p.clipC);
  const clipL2 = tf.minimum(l3, clipL1);
  const negAdv = tf.less(A, 0);
  const clipfracLower = maskedMean(tf.cast(tf.logicalAnd(tf.greater(clipL1, l3), negAdv), 'float32'), mask);
  let pg = tf.where(negAdv, clipL2, clipL1);
  if (t.isWeights) pg = tf.mul(pg, t.isWeights);
  const loss = aggLossTf(pg, mask, p.aggMode, p);
  return { loss, clipfrac, ppoKl, clipfracLower };
}

export interface PolicyLossRefResult {
  loss: number;
  /** `[B,T]` autodiff d loss / d logProb. */
  gradLogProbs: Float64Array;
  metrics: PolicyLossMetrics;
}

/** Runs the tfjs reference on typed arrays; leaves no tensors behind. */
export function clippedPolicyLossRef(inputs: PolicyLossInputs, params: PolicyLossParams): PolicyLossRefResult {
  const shape = [inputs.dims.B, inputs.dims.T];
  const r = tfValueAndGrad(
    (lp) => {
      const o = clippedPolicyLossTf(
        {
          oldLogProb: tfFloat(inputs.oldLogProb, shape),
          logProb: lp,
          advantages: tfFloat(inputs.advantages, shape),
          mask: tfFloat(inputs.mask, shape),
          ...(inputs.isWeights ? { isWeights: tfFloat(inputs.isWeights, shape) } : {}),
        },
        params,
      );
      return { value: o.loss, aux: { clipfrac: o.clipfrac, ppoKl: o.ppoKl, clipfracLower: o.clipfracLower } };
    },
    inputs.logProb,
    shape,
  );
  return {
    loss: r.value,
    gradLogProbs: r.grad,
    metrics: {
      'actor/pg_loss': r.value,
      'actor/pg_clipfrac': r.aux.clipfrac as number,
      'actor/ppo_kl': r.aux.ppoKl as number,
      'actor/pg_clipfrac_lower': r.aux.clipfracLower as number,
    },
  };
}
