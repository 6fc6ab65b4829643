/**
 * tfjs reference of the combined actor loss (readable, differentiable; float32):
 * `pg_loss + klCoef·agg(KL) − entropyCoef·agg(H)`, built from the other `*.tf.ts` references.
 * `actorLossRef` returns the autodiff gradients with respect to `logProb` and (when logits are given)
 * the logits, the check of `actorLoss`.
 */
import * as tf from '@tensorflow/tfjs';
import type { AggOptions } from './agg-loss.js';
import { aggLossTf } from './agg-loss.tf.js';
import type { ActorLossConfig, ActorLossInputs } from './actor-loss.js';
import { entropyFromLogitsTf } from './entropy.tf.js';
import { klPenaltyTf } from './kl.tf.js';
import { clippedPolicyLossTf } from './policy-loss.tf.js';
import { tfFloat, tfValueAndGrad } from './tf-grad.js';

export interface ActorLossTensors {
  /** `[B,T]` each. */
  oldLogProb: tf.Tensor;
  logProb: tf.Tensor;
  refLogProb?: tf.Tensor;
  advantages: tf.Tensor;
  mask: tf.Tensor;
  isWeights?: tf.Tensor;
  /** `[B,T]` entropies (constants), or `[B,T,V]` logits. */
  entropy?: tf.Tensor;
  logits?: tf.Tensor;
}

/** The total loss as a scalar tensor. Call inside `tf.tidy`. */
export function actorLossTf(t: ActorLossTensors, cfg: ActorLossConfig, agg: AggOptions = {}): tf.Scalar {
  const pg = clippedPolicyLossTf(t, { ...agg, clipLow: cfg.clipLow, clipHigh: cfg.clipHigh, clipC: cfg.clipC, aggMode: cfg.aggMode });
  let loss: tf.Tensor = pg.loss;
  if (cfg.klCoef > 0 && t.refLogProb) {
    const kl = klPenaltyTf(t.logProb, t.refLogProb, cfg.klType, { straightThrough: cfg.klStraightThrough });
    loss = tf.add(loss, tf.mul(cfg.klCoef, aggLossTf(kl, t.mask, cfg.aggMode, agg)));
  }
  if (cfg.entropyCoef > 0) {
    const h = t.logits ? entropyFromLogitsTf(t.logits) : t.entropy;
    if (h) loss = tf.sub(loss, tf.mul(cfg.entropyCoef, aggLossTf(h, t.mask, cfg.aggMode, agg)));
  }
  return loss as tf.Scalar;
}

/** Runs the reference on typed arrays; leaves no tensors behind. */
export function actorLossRef(inputs: ActorLossInputs, cfg: ActorLossConfig, agg: AggOptions = {}): { loss: number; gradLogProbs: Float64Array; gradLogits?: Float64Array } {
  const shape = [inputs.dims.B, inputs.dims.T];
  const V = inputs.vocabSize ?? 0;
  const constants = (lp: tf.Tensor, logits?: tf.Tensor): ActorLossTensors => ({
    oldLogProb: tfFloat(inputs.oldLogProb, shape),
    logProb: lp,
    advantages: tfFloat(inputs.advantages, shape),
    mask: tfFloat(inputs.mask, shape),
    ...(inputs.refLogProb ? { refLogProb: tfFloat(inputs.refLogProb, shape) } : {}),
    ...(inputs.isWeights ? { isWeights: tfFloat(inputs.isWeights, shape) } : {}),
    ...(inputs.entropy ? { entropy: tfFloat(inputs.entropy, shape) } : {}),
    ...(logits ? { logits } : inputs.logits ? { logits: tfFloat(inputs.logits, [...shape, V]) } : {}),
  });
  const r = tfValueAndGrad((lp) => ({ value: actorLossTf(constants(lp), cfg, agg) }), inputs.logProb, shape);
  const out: { loss: number; gradLogProbs: Float64Array; gradLogits?: Float64Array } = { loss: r.value, gradLogProbs: r.grad };
  if (inputs.logits) {
    const logits = inputs.logits;
    const g = tfValueAndGrad((z) => ({ value: actorLossTf(constants(tfFloat(inputs.logProb, shape), z), cfg, agg) }), logits, [...shape, V]);
    out.gradLogits = g.grad;
  }
  return out;
}
