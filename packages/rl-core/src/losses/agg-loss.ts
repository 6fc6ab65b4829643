/**
 * Loss aggregation: how a per-token loss matrix `L [B,T]` becomes one scalar (verl `agg_loss`).
 *
 * Every mode is linear in `L`, with a weight that depends only on the mask:
 * `loss = Σ_{b,t active} w[b,t]·L[b,t]` and `w[b,t] = m[b,t]·rowScale[b]`. So the gradient of the loss
 * with respect to the loss matrix is `w` itself, and a loss built on top of an aggregation (policy
 * loss, KL, entropy) multiplies its per-token derivative by `w`.
 *
 * | mode | rowScale[b] |
 * | --- | --- |
 * | `token-mean` | `dpSize / N`, `N = batchNumTokens ?? Σm` |
 * | `seq-mean-token-sum` | `dpSize / G`, `G = globalBatchSize ?? #rows with Σ_t m > 0` |
 * | `seq-mean-token-mean` | `dpSize / (G·n_b)`, `n_b = Σ_t m[b,t]` (`1e-8` when 0, as the reference) |
 * | `seq-mean-token-sum-norm` | `1 / F`, `F = lossScaleFactor ?? T` (no row mean, `dpSize` ignored) |
 *
 * Masked positions are selected out, never multiplied: a NaN at a padded position does not leak in.
 *
 * Empty mask: when a denominator is zero (no active token and no global count given) the reference
 * returns NaN with a zero gradient. By default we throw `EmptyMaskError` instead (`onEmptyMask:
 * 'throw'`); `onEmptyMask: 'reference'` reproduces the NaN. `seq-mean-token-sum-norm`, and the other
 * modes when a global count is given, are well defined on an empty mask (loss 0) and never throw.
 */
import { EmptyMaskError, InvalidParamError, UnknownNameError } from '../errors.js';
import { numericMask } from './mask.js';
import { expectDims, expectLength, type Dims2, type MaskVec, type Vec } from '../tensor.js';

/** The aggregation modes of verl's `agg_loss` (its `loss_agg_mode`). */
export type AggMode = 'token-mean' | 'seq-mean-token-sum' | 'seq-mean-token-mean' | 'seq-mean-token-sum-norm';

/** All modes, in the reference's order. */
export const AGG_MODES = ['token-mean', 'seq-mean-token-sum', 'seq-mean-token-mean', 'seq-mean-token-sum-norm'] as const satisfies readonly AggMode[];

/** What to do when the mask selects nothing and the loss would be 0/0. */
export type EmptyMaskPolicy = 'throw' | 'reference';

/** Optional global counts for data-parallel / gradient-accumulation setups (all default to local values). */
export interface AggOptions {
  /** Data-parallel world size; the reference multiplies the local mean by it (default 1; ignored by `seq-mean-token-sum-norm`). */
  dpSize?: number;
  /** `token-mean`: global number of active tokens across all ranks (default: the local Σm). */
  batchNumTokens?: number;
  /** `seq-mean-*`: global number of sequences (default: the local count of rows with at least one active token). */
  globalBatchSize?: number;
  /** `seq-mean-token-sum-norm`: the constant divisor (default: T, the padded length, as the reference). */
  lossScaleFactor?: number;
  /** Empty-mask behaviour (default `'throw'`; `'reference'` gives NaN loss with zero gradient). */
  onEmptyMask?: EmptyMaskPolicy;
}

/** Per-row scales of an aggregation: `w[b,t] = m[b,t]·rowScale[b]`. */
export interface AggRowScales {
  /** `[B]` scale of each row. Zero-width rows get 0 (or NaN under the reference empty-mask rule). */
  rowScale: Float64Array;
  /** True when the mask selects no token at all. */
  emptyMask: boolean;
}

export interface AggResult {
  /** The aggregated scalar. */
  loss: number;
  /** `[B,T]` d loss / d lossMat: the per-element weight (0 at masked positions). */
  weights: Float64Array;
}

/** Validates a mode name (a string from a config) and narrows it; unknown names list the valid ones. */
export function parseAggMode(name: string, argument = 'aggMode'): AggMode {
  if ((AGG_MODES as readonly string[]).includes(name)) return name as AggMode;
  throw new UnknownNameError(argument, name, AGG_MODES);
}

function positiveOpt(name: string, x: number | undefined): void {
  if (x === undefined) return;
  if (!Number.isFinite(x) || x <= 0) {
    throw new InvalidParamError(name, `must be a positive finite number, got ${x}`, `omit it to use the local count, or pass the global value (> 0)`);
  }
}

/** Validates the numeric options of an aggregation. */
export function validateAggOptions(opts: AggOptions, prefix = 'opts'): void {
  positiveOpt(`${prefix}.dpSize`, opts.dpSize);
  positiveOpt(`${prefix}.batchNumTokens`, opts.batchNumTokens);
  positiveOpt(`${prefix}.globalBatchSize`, opts.globalBatchSize);
  positiveOpt(`${prefix}.lossScaleFactor`, opts.lossScaleFactor);
  const p = opts.onEmptyMask;
  if (p !== undefined && p !== 'throw' && p !== 'reference') {
    throw new UnknownNameError(`${prefix}.onEmptyMask`, String(p), ['throw', 'reference']);
  }
}

/**
 * The per-row scales of `mode` for `mask [B,T]` (one pass over the mask). Throws `EmptyMaskError` on a
 * 0/0 aggregation unless `opts.onEmptyMask === 'reference'`, in which case the scales are NaN (and the
 * caller's gradient is 0 because every weight is masked out).
 */
export function aggRowScales(mask: MaskVec, dims: Dims2, mode: AggMode, opts: AggOptions = {}, maskName = 'mask'): AggRowScales {
  const { B, T } = dims;
  expectDims({ B, T });
  expectLength(maskName, mask, B * T, '[B,T]');
  validateAggOptions(opts);
  const dp = opts.dpSize ?? 1;
  const m = numericMask(mask);
  const rowCount = new Float64Array(B);
  let total = 0;
  for (let b = 0; b < B; b++) {
    let n = 0;
    const o = b * T;
    for (let t = 0; t < T; t++) n += m[o + t] as number;
    rowCount[b] = n;
    total += n;
  }
  const emptyMask = total === 0;
  const rowScale = new Float64Array(B);
  const zeroDenominator = (what: string): number => {
    if ((opts.onEmptyMask ?? 'throw') === 'throw') {
      throw new EmptyMaskError(maskName, `selects no token, so ${mode} would divide by ${what} = 0 (the reference returns NaN)`,
        'drop the empty batch, pass a global count (batchNumTokens / globalBatchSize), or pass onEmptyMask: \'reference\' to get NaN');
    }
    return NaN;
  };
  switch (mode) {
    case 'token-mean': {
      const N = opts.batchNumTokens ?? total;
      const s = N === 0 ? zeroDenominator('the token count') : dp / N;
      rowScale.fill(s);
      break;
    }
    case 'seq-mean-token-sum':
    case 'seq-mean-token-mean': {
      let nonEmpty = 0;
      for (let b = 0; b < B; b++) if ((rowCount[b] as number) > 0) nonEmpty++;
      const G = opts.globalBatchSize ?? nonEmpty;
      const s = G === 0 ? zeroDenominator('the sequence count') : dp / G;
      for (let b = 0; b < B; b++) {
        const n = rowCount[b] as number;
        // The reference divides by n + 1e-8 in float32, which equals n for n >= 1.
        rowScale[b] = mode === 'seq-mean-token-sum' ? s : s / (n >= 1 ? n : n + 1e-8);
      }
      break;
    }
    case 'seq-mean-token-sum-norm': {
      const F = opts.lossScaleFactor ?? T;
      rowScale.fill(1 / F);
      break;
    }
    default: {
      const never: never = mode;
      throw new UnknownNameError('aggMode', String(never), AGG_MODES);
    }
  }
  return { rowScale, emptyMask };
}

/**
 * Aggregates `lossMat [B,T]` under `mask [B,T]` with `mode`. Returns the scalar and its gradient with
 * respect to `lossMat` (the weights, `[B,T]`). Masked positions are skipped (their value may be
 * anything, NaN included).
 */
export function aggLoss(lossMat: Vec, mask: MaskVec, dims: Dims2, mode: AggMode | string, opts: AggOptions = {}): AggResult {
  const aggMode = parseAggMode(mode, 'mode');
  expectLength('lossMat', lossMat, dims.B * dims.T, '[B,T]');
  const { rowScale } = aggRowScales(mask, dims, aggMode, opts, 'mask');
  const { B, T } = dims;
  const m = numericMask(mask);
  const weights = new Float64Array(B * T);
  let loss = 0;
  let any = false;
  for (let b = 0; b < B; b++) {
    const s = rowScale[b] as number;
    const o = b * T;
    for (let t = 0; t < T; t++) {
      const mv = m[o + t] as number;
      if (mv === 0) continue;
      any = true;
      const w = mv * s;
      weights[o + t] = w;
      loss += w * (lossMat[o + t] as number);
    }
  }
  // Reference rule for 0/0: NaN loss, zero gradient (every element is masked out).
  if (!any && rowScale.length > 0 && Number.isNaN(rowScale[0] as number)) loss = NaN;
  return { loss, weights };
}
