/**
 * KL penalty estimators between the policy and the reference, per token (verl `kl_penalty`).
 *
 * With `d = logProb − refLogProb` (per element, shape `[B,T]` or any flat layout):
 *
 * | name | value | d value / d logProb |
 * | --- | --- | --- |
 * | `kl`, `k1` | `d` | 1 |
 * | `abs` | `\|d\|` | `sign(d)`, 0 at `d = 0` |
 * | `mse`, `k2` | `d²/2` | `d` |
 * | `low_var_kl`, `k3` | `x = clamp(−d, −20, 20)`, `v = eˣ − x − 1`, `clamp(v, −10, 10)` | `1 − eˣ` where neither clamp binds, else 0 |
 *
 * Clamp gradients follow PyTorch: the bounds are inclusive (a value exactly on a bound still passes
 * the gradient). Since `v ≥ 0`, k3 saturates at 10 for `d < −2.611` or `d > 11.0`, with zero gradient.
 *
 * The straight-through names (`k1+`, `k3+`, ...) are documented by the reference as "value of the base
 * estimator, gradient of k2", but at the fixture commit they raise NotImplementedError. So by default
 * we throw `NotImplementedInReferenceError`; `{ straightThrough: 'documented' }` gives the documented
 * semantics. `full` is not implemented in either mode.
 */
import { NotImplementedInReferenceError, UnknownNameError } from '../errors.js';
import { expectLength, type Vec } from '../tensor.js';

/** The base estimators. */
export type KlBaseName = 'kl' | 'k1' | 'abs' | 'mse' | 'k2' | 'low_var_kl' | 'k3';
/** Straight-through variants: forward value of the base, gradient of k2. */
export type KlStraightThroughName = `${KlBaseName}+`;
/** Every name the reference accepts in its config. */
export type KlName = KlBaseName | KlStraightThroughName | 'full';

/** How the `+` names behave: `'reference'` throws like the reference; `'documented'` implements the docs. */
export type KlStraightThroughMode = 'reference' | 'documented';

export interface KlOptions {
  /** Default `'reference'` (throw `NotImplementedInReferenceError` for `+` names). */
  straightThrough?: KlStraightThroughMode;
}

export interface KlResult {
  /** Per-element penalty (same layout as the inputs). */
  value: Float64Array;
  /** Per-element d value / d logProb. */
  gradLogProb: Float64Array;
}

/** Fills `value[i]` and `grad[i]` for `d[i] = lp[i] − ref[i]`, `i < n`. */
export type KlEstimatorFn = (lp: Vec, ref: Vec, n: number, value: Float64Array, grad: Float64Array) => void;

/** k3 input clamp (on `−d`) and output clamp, as in the reference. */
export const K3_INPUT_CLAMP = 20;
export const K3_OUTPUT_CLAMP = 10;

const k1: KlEstimatorFn = (lp, ref, n, value, grad) => {
  for (let i = 0; i < n; i++) {
    value[i] = (lp[i] as number) - (ref[i] as number);
    grad[i] = 1;
  }
};

const abs: KlEstimatorFn = (lp, ref, n, value, grad) => {
  for (let i = 0; i < n; i++) {
    const d = (lp[i] as number) - (ref[i] as number);
    value[i] = Math.abs(d);
    grad[i] = d > 0 ? 1 : d < 0 ? -1 : 0;
  }
};

const k2: KlEstimatorFn = (lp, ref, n, value, grad) => {
  for (let i = 0; i < n; i++) {
    const d = (lp[i] as number) - (ref[i] as number);
    value[i] = 0.5 * d * d;
    grad[i] = d;
  }
};

const k3: KlEstimatorFn = (lp, ref, n, value, grad) => {
  for (let i = 0; i < n; i++) {
    const raw = (ref[i] as number) - (lp[i] as number); // x before the clamp = −d
    const inBand = raw >= -K3_INPUT_CLAMP && raw <= K3_INPUT_CLAMP;
    const x = raw < -K3_INPUT_CLAMP ? -K3_INPUT_CLAMP : raw > K3_INPUT_CLAMP ? K3_INPUT_CLAMP : raw;
    // expm1 keeps eˣ − 1 − x (value) and 1 − eˣ (gradient) free of cancellation for small |x|.
    const em1 = Math.expm1(x);
    const v = em1 - x;
    if (v > K3_OUTPUT_CLAMP) {
      value[i] = K3_OUTPUT_CLAMP;
      grad[i] = 0;
    } else {
      value[i] = v;
      // dv/dx = eˣ − 1 and dx/d logProb = −1.
      grad[i] = inBand ? 0 - em1 : 0; // 0 − em1, not −em1: no −0 at d = 0
    }
  }
};

/** Registry of base estimators (aliases share one implementation). */
export const KL_ESTIMATORS = {
  kl: k1,
  k1,
  abs,
  mse: k2,
  k2,
  low_var_kl: k3,
  k3,
} as const satisfies Record<KlBaseName, KlEstimatorFn>;

/** Base names, for error messages and validation. */
export const KL_BASE_NAMES = Object.keys(KL_ESTIMATORS) as KlBaseName[];
/** Every accepted name. */
export const KL_NAMES: readonly KlName[] = [...KL_BASE_NAMES, ...KL_BASE_NAMES.map((n) => `${n}+` as KlStraightThroughName), 'full'];

/** A parsed estimator name: its base and whether it is the straight-through form. */
export interface ParsedKlName {
  base: KlBaseName;
  straightThrough: boolean;
}

/**
 * Parses and checks a name against the mode: unknown → `UnknownNameError`; `full`, or a `+` name under
 * `straightThrough: 'reference'` → `NotImplementedInReferenceError`.
 */
export function parseKlName(name: string, opts: KlOptions = {}, argument = 'name'): ParsedKlName {
  if (name === 'full') {
    throw new NotImplementedInReferenceError(argument, "'full' (the exact KL over the vocabulary) is not implemented by the reference", "use 'k3' (low_var_kl), 'k1' or 'k2'");
  }
  const st = name.endsWith('+');
  const baseName = st ? name.slice(0, -1) : name;
  if (!(baseName in KL_ESTIMATORS)) throw new UnknownNameError(argument, name, KL_NAMES);
  if (st && (opts.straightThrough ?? 'reference') === 'reference') {
    throw new NotImplementedInReferenceError(
      argument,
      `the straight-through estimator '${name}' raises NotImplementedError in the reference (verl @ b178a3c)`,
      `use '${baseName}', or pass { straightThrough: 'documented' } for the documented semantics (value of '${baseName}', gradient of k2)`,
    );
  }
  return { base: baseName as KlBaseName, straightThrough: st };
}

/**
 * Elementwise KL penalty and its derivative with respect to `logProb`.
 * `logProb`, `refLogProb`: same length (any layout, typically `[B,T]`). No mask: every element is
 * computed (aggregate with `aggLoss` to apply one).
 */
export function klPenalty(logProb: Vec, refLogProb: Vec, name: KlName | string, opts: KlOptions = {}): KlResult {
  const parsed = parseKlName(name, opts);
  const n = logProb.length;
  expectLength('refLogProb', refLogProb, n, 'the shape of logProb');
  const value = new Float64Array(n);
  const gradLogProb = new Float64Array(n);
  KL_ESTIMATORS[parsed.base](logProb, refLogProb, n, value, gradLogProb);
  if (parsed.straightThrough) {
    // Documented straight-through: forward value of the base, gradient of k2 (= d).
    for (let i = 0; i < n; i++) gradLogProb[i] = (logProb[i] as number) - (refLogProb[i] as number);
  }
  return { value, gradLogProb };
}
