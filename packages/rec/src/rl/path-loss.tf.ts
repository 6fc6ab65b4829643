/**
 * tfjs reference of the path loss (`path-loss.ts`), written with tensor ops straight from the formula and
 * differentiated by autodiff: it checks the closed-form per-token coefficients. Float32; everything runs
 * in one `tf.tidy`, so a call leaves no tensor behind.
 *
 * Shapes: tokenLogProbs, refTokenLogProbs `[B,Tt]`, itemAdvantages `[B,P]`, eosAdvantages `[B]`.
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidParamError } from '@prorl/rl-core';
import { layoutFromSlots } from './path-batch.js';
import { resolvePathLossOptions, type PathLossInput, type PathLossOptions } from './path-loss.js';

function klTf(lp: tf.Tensor, ref: tf.Tensor, name: PathLossOptions['kl']): tf.Tensor {
  const d = tf.sub(lp, ref);
  switch (name) {
    case 'k1':
    case 'kl':
      return d;
    case 'k2':
    case 'mse':
      return tf.mul(0.5, tf.square(d));
    case 'abs':
      return tf.abs(d);
    case 'k3':
    case 'low_var_kl': {
      const x = tf.clipByValue(tf.neg(d), -20, 20);
      return tf.clipByValue(tf.sub(tf.sub(tf.exp(x), x), 1), -10, 10);
    }
    default: {
      const never: never = name;
      throw new InvalidParamError('kl', `unknown KL estimator '${String(never)}'`, 'use k1, k2 or k3');
    }
  }
}

/** Value and autodiff gradient (d loss / d tokenLogProbs, `[B,Tt]`) of the path loss. */
export function pathLossTf(input: PathLossInput, options: Partial<PathLossOptions> = {}): { loss: number; gradTokenLogProbs: Float64Array } {
  const o = resolvePathLossOptions(options);
  const layout = layoutFromSlots(input.layout);
  const { G, S, P, Tt, tokensPerItem: K } = layout;
  const B = G * S;
  let N = 0;
  const itemMask = new Float32Array(B * P);
  const eosMask = new Float32Array(B);
  const eosIdx = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    if (!layout.valid[b]) continue;
    N += 1;
    for (let t = 0; t < layout.numItems[b]!; t++) itemMask[b * P + t] = 1;
    eosMask[b] = layout.eosActive[b]!;
    eosIdx[b] = Math.max(layout.eosPos[b]!, 0);
  }
  let out: { loss: number; gradTokenLogProbs: Float64Array } | undefined;
  tf.tidy(() => {
    const ref = tf.tensor2d(Float32Array.from(input.refTokenLogProbs), [B, Tt]);
    const A = tf.tensor2d(Float32Array.from(input.itemAdvantages), [B, P]);
    const Aeos = tf.tensor1d(Float32Array.from(input.eosAdvantages));
    const mItem = tf.tensor2d(itemMask, [B, P]);
    const mEos = tf.tensor1d(eosMask);
    const eosOneHot = tf.oneHot(tf.tensor1d(eosIdx, 'int32'), Tt).toFloat();
    // [B,Tt] → [B,P,K] item blocks → [B,P] item log-probs (mean or sum of the K token log-probs)
    const items = (x: tf.Tensor): tf.Tensor => {
      const grid = Tt >= P * K ? tf.slice(x, [0, 0], [B, P * K]) : tf.pad(x, [[0, 0], [0, P * K - Tt]]);
      const blocks = tf.reshape(grid, [B, P, K]);
      return o.itemLogProb === 'mean' ? tf.mean(blocks, 2) : tf.sum(blocks, 2);
    };
    const eos = (x: tf.Tensor): tf.Tensor => tf.sum(tf.mul(x, eosOneHot), 1);
    const refItem = items(ref);
    const refEos = eos(ref);
    const f = (lp: tf.Tensor): tf.Scalar => {
      const lItem = items(lp);
      const lEos = eos(lp);
      const pg = tf.add(tf.sum(tf.mul(tf.mul(lItem, A), mItem)), tf.sum(tf.mul(tf.mul(lEos, Aeos), mEos)));
      const kl = tf.add(tf.sum(tf.mul(klTf(lItem, refItem, o.kl), mItem)), tf.sum(tf.mul(klTf(lEos, refEos, o.kl), mEos)));
      const total = tf.add(tf.neg(pg), tf.mul(o.klCoef, kl));
      return (N > 0 ? tf.div(total, N) : tf.mul(total, 0)) as tf.Scalar;
    };
    const lp = tf.tensor2d(Float32Array.from(input.tokenLogProbs), [B, Tt]);
    const { value, grad } = tf.valueAndGrad(f)(lp);
    out = { loss: value.dataSync()[0] as number, gradTokenLogProbs: Float64Array.from(grad.dataSync()) };
  });
  return out!;
}
