/**
 * Masked whitening (verl `masked_whiten`): `(v − μ) / sqrt(var_unbiased + 1e-8)`, with μ and the
 * unbiased variance taken over the active positions only, then applied to **every** element (masked
 * ones included). With `shiftMean: false` the mean is added back.
 */
import { checkMaskedPair, expectBooleanOption, maskedVarUnchecked } from './masked.js';
import type { Dims2, MaskVec, Vec } from '../tensor.js';

export interface WhitenOptions {
  /** Subtract the mean (true, verl's default) or keep it (`(v−μ)/σ + μ`). */
  shiftMean: boolean;
}

export const DEFAULT_WHITEN_OPTIONS: WhitenOptions = { shiftMean: true };

export function resolveWhitenOptions(partial: Partial<WhitenOptions> = {}): WhitenOptions {
  const o: WhitenOptions = { ...DEFAULT_WHITEN_OPTIONS };
  if (partial.shiftMean !== undefined) o.shiftMean = partial.shiftMean;
  expectBooleanOption('options.shiftMean', o.shiftMean);
  return o;
}

/** The variance epsilon of verl's `masked_whiten` (added to the variance, inside the square root). */
export const WHITEN_VAR_EPS = 1e-8;

/**
 * @param values `[B,T]`; must be finite wherever the mask is on. A non-finite value at a masked
 *   position does not affect the statistics but stays non-finite in the output (as in the reference).
 * @param mask `[B,T]`; must select more than one token in total.
 * @returns `[B,T]` whitened values (new array).
 * @throws EmptyMaskError when `Σm <= 1` (the unbiased variance divides by N−1).
 */
export function maskedWhiten(values: Vec, mask: MaskVec, dims: Dims2, options: Partial<WhitenOptions> = {}): Float64Array {
  const { shiftMean } = resolveWhitenOptions(options);
  checkMaskedPair(values, mask, dims);
  return whitenUnchecked(values, mask, dims.B * dims.T, shiftMean);
}

/** Internal: whitening of validated inputs (used by the advantage estimators). */
export function whitenUnchecked(values: Vec, mask: MaskVec, n: number, shiftMean: boolean, argument = 'mask'): Float64Array {
  const { mean, variance } = maskedVarUnchecked(values, mask, n, true, argument);
  const inv = 1 / Math.sqrt(variance + WHITEN_VAR_EPS);
  const out = new Float64Array(n);
  const add = shiftMean ? 0 : mean;
  for (let i = 0; i < n; i++) out[i] = ((values[i] as number) - mean) * inv + add;
  return out;
}
