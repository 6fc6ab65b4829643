/**
 * tfjs reference of the KL estimators (elementwise, differentiable; float32). See kl.ts.
 * `abs` is written as `d·sign(d)` so its autodiff gradient is `sign(d)` with 0 at `d = 0` (tfjs's own
 * `abs` gradient gives −1 there, PyTorch's gives 0). The straight-through forms use `tf.customGrad`:
 * value of the base estimator, gradient `d` (the k2 gradient).
 */
import * as tf from '@tensorflow/tfjs';
import type { Vec } from '../tensor.js';
import { tfFloat, tfValueAndGrad } from './tf-grad.js';
import { K3_INPUT_CLAMP, K3_OUTPUT_CLAMP, parseKlName, type KlName, type KlOptions } from './kl.js';

function baseTf(d: tf.Tensor, base: string): tf.Tensor {
  switch (base) {
    case 'kl':
    case 'k1':
      return d;
    case 'abs':
      return tf.mul(d, tf.sign(d));
    case 'mse':
    case 'k2':
      return tf.mul(0.5, tf.square(d));
    case 'low_var_kl':
    case 'k3': {
      const x = tf.clipByValue(tf.neg(d), -K3_INPUT_CLAMP, K3_INPUT_CLAMP);
      const v = tf.sub(tf.sub(tf.exp(x), x), 1);
      return tf.clipByValue(v, -K3_OUTPUT_CLAMP, K3_OUTPUT_CLAMP);
    }
    default:
      throw new Error(`unknown KL base ${base}`);
  }
}

/** Elementwise penalty of `logProb − refLogProb` (any shape). Call inside `tf.tidy`. */
export function klPenaltyTf(logProb: tf.Tensor, refLogProb: tf.Tensor, name: KlName | string, opts: KlOptions = {}): tf.Tensor {
  const { base, straightThrough } = parseKlName(name, opts);
  if (!straightThrough) return baseTf(tf.sub(logProb, refLogProb), base);
  // customGrad's callback receives the inputs followed by the save function (untyped variadic).
  const st = tf.customGrad(((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [lp, ref, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const d = tf.sub(lp, ref);
    save([d]);
    return {
      value: baseTf(d, base),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const ds = saved[0] as tf.Tensor;
        return [tf.mul(dy, ds), tf.neg(tf.mul(dy, ds))];
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  return st(logProb, refLogProb);
}

/** Elementwise values and `d Σ value / d logProb` on typed arrays (any flat layout); leaves no tensors behind. */
export function klPenaltyRef(logProb: Vec, refLogProb: Vec, name: KlName | string, opts: KlOptions = {}): { value: Float64Array; gradLogProb: Float64Array } {
  const shape = [logProb.length];
  let value = new Float64Array(0);
  const r = tfValueAndGrad(
    (lp) => {
      const v = klPenaltyTf(lp, tfFloat(refLogProb, shape), name, opts);
      value = Float64Array.from(v.dataSync());
      return { value: tf.sum(v) as tf.Scalar };
    },
    logProb,
    shape,
  );
  return { value, gradLogProb: r.grad };
}
