/**
 * Masked reductions over a `[B,T]` array: sum, mean and variance, with the conventions of verl's
 * `masked_sum` / `masked_mean` / `masked_var` (see fixtures/rl-golden/README.md, whiten.json).
 *
 * - A position counts when its mask is non-zero, and it is weighted by the mask value
 *   (`Σ select(m≠0, v, 0)·m`), so a NaN at a masked position is ignored.
 * - The mean denominator is `count >= 1 ? count : 1e-8` (verl's `count + 1e-8` as it behaves in
 *   float32), so an all-zero mask gives a mean of 0, never NaN.
 * - Non-finite values at active positions are rejected with a NonFiniteError.
 */
import { EmptyMaskError, InvalidParamError, NonFiniteError } from '../errors.js';
import { expectDims, expectLength, type Dims2, type MaskVec, type Vec } from '../tensor.js';

/** Reduction axis on `[B,T]`: `null` = every element (scalar), `0` = over rows (→ `[T]`), `-1`/`1` = over tokens (→ `[B]`). */
export type MaskedAxis = null | 0 | 1 | -1;

/** Denominator rule for masked means: verl's `count + 1e-8` as it behaves in float32. */
export function maskedDenominator(count: number): number {
  return count >= 1 ? count : 1e-8;
}

/** Validates `values`/`mask` against `[B,T]` and rejects non-finite values at active positions. */
export function checkMaskedPair(values: Vec, mask: MaskVec, dims: Dims2, valuesName = 'values', maskName = 'mask'): void {
  expectDims({ B: dims.B, T: dims.T });
  const n = dims.B * dims.T;
  expectLength(valuesName, values, n, `[B,T] = [${dims.B},${dims.T}]`);
  expectLength(maskName, mask, n, `[B,T] = [${dims.B},${dims.T}]`);
  for (let i = 0; i < n; i++) {
    const m = mask[i];
    const on = typeof m === 'boolean' ? m : (m as number) !== 0;
    if (typeof m === 'number' && !Number.isFinite(m)) throw new NonFiniteError(maskName, i, m);
    const v = values[i] as number;
    if (on && !Number.isFinite(v)) throw new NonFiniteError(valuesName, i, v);
  }
}

/** Mask value at `i` as a number (booleans become 0/1). Inlined by V8 in the hot loops below. */
function mv(mask: MaskVec, i: number): number {
  const m = mask[i];
  return typeof m === 'boolean' ? (m ? 1 : 0) : (m as number);
}

function axisOf(axis: MaskedAxis): 'all' | 'rows' | 'tokens' {
  switch (axis) {
    case null:
      return 'all';
    case 0:
      return 'rows';
    case 1:
    case -1:
      return 'tokens';
    default: {
      const never: never = axis;
      throw new InvalidParamError('axis', `must be null, 0, 1 or -1, got ${String(never)}`, 'use null (all elements), 0 (over rows) or -1 (over tokens)');
    }
  }
}

/** Masked sums and mask counts along `axis` (internal; one pass). */
function reduce(values: Vec, mask: MaskVec, dims: Dims2, axis: MaskedAxis): { sum: Float64Array; count: Float64Array } {
  const { B, T } = dims;
  const kind = axisOf(axis);
  const len = kind === 'all' ? 1 : kind === 'rows' ? T : B;
  const sum = new Float64Array(len);
  const count = new Float64Array(len);
  for (let b = 0; b < B; b++) {
    const base = b * T;
    for (let t = 0; t < T; t++) {
      const m = mv(mask, base + t);
      if (m === 0) continue;
      const k = kind === 'all' ? 0 : kind === 'rows' ? t : b;
      sum[k]! += (values[base + t] as number) * m;
      count[k]! += m;
    }
  }
  return { sum, count };
}

/**
 * Masked sum `Σ select(m≠0, v, 0)·m`.
 * @param values `[B,T]`
 * @param mask `[B,T]`
 * @returns a number for `axis = null` (default), `[T]` for `axis = 0`, `[B]` for `axis = -1`.
 */
export function maskedSum(values: Vec, mask: MaskVec, dims: Dims2, axis?: null): number;
export function maskedSum(values: Vec, mask: MaskVec, dims: Dims2, axis: 0 | 1 | -1): Float64Array;
export function maskedSum(values: Vec, mask: MaskVec, dims: Dims2, axis: MaskedAxis = null): number | Float64Array {
  checkMaskedPair(values, mask, dims);
  const { sum } = reduce(values, mask, dims, axis);
  return axis === null ? (sum[0] as number) : sum;
}

/**
 * Masked mean `masked_sum / (count >= 1 ? count : 1e-8)` along `axis`; an empty slice gives 0.
 * @param values `[B,T]`
 * @param mask `[B,T]`
 * @returns a number for `axis = null` (default), `[T]` for `axis = 0`, `[B]` for `axis = -1`.
 */
export function maskedMean(values: Vec, mask: MaskVec, dims: Dims2, axis?: null): number;
export function maskedMean(values: Vec, mask: MaskVec, dims: Dims2, axis: 0 | 1 | -1): Float64Array;
export function maskedMean(values: Vec, mask: MaskVec, dims: Dims2, axis: MaskedAxis = null): number | Float64Array {
  checkMaskedPair(values, mask, dims);
  const { sum, count } = reduce(values, mask, dims, axis);
  for (let k = 0; k < sum.length; k++) sum[k] = (sum[k] as number) / maskedDenominator(count[k] as number);
  return axis === null ? (sum[0] as number) : sum;
}

export interface MaskedVarOptions {
  /** Multiply by N/(N−1) (N = Σm); then N must exceed 1. verl's default: true. */
  unbiased: boolean;
}

export const DEFAULT_MASKED_VAR_OPTIONS: MaskedVarOptions = { unbiased: true };

export function resolveMaskedVarOptions(partial: Partial<MaskedVarOptions> = {}): MaskedVarOptions {
  const o: MaskedVarOptions = { ...DEFAULT_MASKED_VAR_OPTIONS };
  if (partial.unbiased !== undefined) o.unbiased = partial.unbiased;
  expectBooleanOption('options.unbiased', o.unbiased);
  return o;
}

/** Throws InvalidParamError unless `value` is a boolean (callers from JS/config files may pass anything). */
export function expectBooleanOption(name: string, value: unknown): void {
  if (typeof value !== 'boolean') throw new InvalidParamError(name, `must be a boolean, got ${JSON.stringify(value)}`, 'pass true or false');
}

/**
 * Masked variance over all elements: `μ = masked_mean(v)`, `var = masked_mean((v−μ)²)`, times
 * `N/(N−1)` when unbiased. Two passes (no `E[x²] − μ²` cancellation).
 * @throws EmptyMaskError when unbiased and `N = Σm <= 1`.
 */
export function maskedVar(values: Vec, mask: MaskVec, dims: Dims2, options: Partial<MaskedVarOptions> = {}): number {
  const { unbiased } = resolveMaskedVarOptions(options);
  checkMaskedPair(values, mask, dims);
  return maskedVarUnchecked(values, mask, dims.B * dims.T, unbiased).variance;
}

/** Internal: mean and variance of already-validated inputs. */
export function maskedVarUnchecked(values: Vec, mask: MaskVec, n: number, unbiased: boolean, argument = 'mask'): { mean: number; variance: number; count: number } {
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const m = mv(mask, i);
    if (m === 0) continue;
    s += (values[i] as number) * m;
    c += m;
  }
  if (unbiased) expectEnoughTokens(c, argument);
  const mean = s / maskedDenominator(c);
  let q = 0;
  for (let i = 0; i < n; i++) {
    const m = mv(mask, i);
    if (m === 0) continue;
    const d = (values[i] as number) - mean;
    q += d * d * m;
  }
  let variance = q / maskedDenominator(c);
  if (unbiased) variance *= c / (c - 1);
  return { mean, variance, count: c };
}

/** Throws EmptyMaskError unless the mask selects more than one token (needed by unbiased variance). */
export function expectEnoughTokens(count: number, argument: string): void {
  if (count === 0) {
    throw new EmptyMaskError(argument, 'selects no token, but an unbiased variance (and whitening) needs at least 2');
  }
  if (count <= 1) {
    throw new EmptyMaskError(
      argument,
      `selects ${count} token weight in total, but an unbiased variance (and whitening) needs more than 1 (it divides by N−1)`,
      'whiten over a batch with at least two valid tokens, or skip whitening for this batch',
    );
  }
}
