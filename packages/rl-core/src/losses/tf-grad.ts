/**
 * Shared plumbing of the tfjs references (`*.tf.ts`): build float32 tensors from typed arrays, and
 * evaluate a scalar function with its autodiff gradient inside one `tf.tidy`, so a reference call
 * leaves no tensor behind (`tf.memory().numTensors` is unchanged).
 */
import * as tf from '@tensorflow/tfjs';
import type { MaskVec, Vec } from '../tensor.js';

/** A float32 tensor of `shape` from a numeric array or a mask (booleans become 0/1). */
export function tfFloat(x: Vec | MaskVec, shape: number[]): tf.Tensor {
  const data = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    data[i] = typeof v === 'boolean' ? (v ? 1 : 0) : (v as number);
  }
  return tf.tensor(data, shape, 'float32');
}

/** Value and autodiff gradient of a scalar function of one tensor. */
export interface TfValueAndGrad {
  value: number;
  /** d value / d x, same layout as x (float32 precision, widened to float64). */
  grad: Float64Array;
  /** Extra scalars `f` chose to report (e.g. clip fractions), read in the same scope. */
  aux: Record<string, number>;
}

/**
 * Evaluates `f(x)` and `d f / d x` with `tf.valueAndGrad`, everything inside one `tf.tidy`. `f` may
 * return extra scalars in `aux`; they are read as numbers and not differentiated.
 */
export function tfValueAndGrad(
  f: (x: tf.Tensor) => { value: tf.Scalar; aux?: Record<string, tf.Scalar> },
  x: Vec,
  shape: number[],
): TfValueAndGrad {
  let out: TfValueAndGrad | undefined;
  tf.tidy(() => {
    const xt = tfFloat(x, shape);
    const aux: Record<string, number> = {};
    const { value, grad } = tf.valueAndGrad((v: tf.Tensor) => {
      const r = f(v);
      for (const [k, s] of Object.entries(r.aux ?? {})) aux[k] = s.dataSync()[0] as number;
      return r.value;
    })(xt);
    out = { value: value.dataSync()[0] as number, grad: Float64Array.from(grad.dataSync()), aux };
  });
  return out as TfValueAndGrad;
}
