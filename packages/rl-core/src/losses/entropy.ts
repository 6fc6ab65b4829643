/**
 * Categorical entropy of the policy from its logits (verl `entropy_from_logits`), its aggregation
 * (`compute_entropy_loss`), and the gradient of the aggregated entropy with respect to the logits.
 *
 * Shapes: logits `[B,T,V]` row-major (element (b,t,v) at `(b*T + t)*V + v`), entropy and mask `[B,T]`.
 *
 * `H = logsumexp(z) − Σ_v p_v·z_v` with `p = softmax(z)`. We compute it shift-invariantly in float64:
 * with `m = max z`, `e_v = exp(z_v − m)`, `s = Σ e_v`: `H = log s − Σ e_v·(z_v − m)/s`, so logits near
 * 1e4 lose nothing (the float32 reference is about 1e-3 off there).
 *
 * `−Infinity` logits: the reference returns NaN (`0·−inf`). By default (`negInfLogits:
 * 'zero-probability'`) we treat them as zero-probability entries, which is the correct entropy (and
 * their gradient is 0); a row whose logits are all `−Infinity`, or any NaN / `+Infinity` logit, throws
 * `NonFiniteError` (at masked positions, when a mask is given, it yields NaN instead and is ignored by
 * the aggregation). `negInfLogits: 'reference'` returns NaN for any row holding a non-finite logit,
 * as the reference does.
 *
 * Gradient: `dH/dz_v = −p_v·(z_v − Σ_u p_u z_u) = −p_v·(log p_v + H)`.
 */
import { NonFiniteError, ShapeError, UnknownNameError } from '../errors.js';
import { expectDims, expectLength, isOn, type MaskVec, type Vec } from '../tensor.js';
import { aggLoss, parseAggMode, type AggMode, type AggOptions } from './agg-loss.js';

/** `[B,T,V]` dimensions. */
export interface LogitsDims {
  B: number;
  T: number;
  /** Vocabulary size. */
  V: number;
}

/** How `−Infinity` logits are read: as zero-probability entries (default) or as the reference does (NaN). */
export type NegInfLogitsPolicy = 'zero-probability' | 'reference';
export const NEG_INF_LOGITS_POLICIES = ['zero-probability', 'reference'] as const satisfies readonly NegInfLogitsPolicy[];

export interface EntropyOptions {
  /** Default `'zero-probability'`. */
  negInfLogits?: NegInfLogitsPolicy;
  /** `[B,T]` optional mask: invalid logit rows at masked positions give NaN instead of throwing. */
  mask?: MaskVec;
}

function checkDims(logits: Vec, dims: LogitsDims): void {
  expectDims({ B: dims.B, T: dims.T, V: dims.V });
  expectLength('logits', logits, dims.B * dims.T * dims.V, '[B,T,V]');
}

function policyOf(opts: EntropyOptions): NegInfLogitsPolicy {
  const p = opts.negInfLogits ?? 'zero-probability';
  if (!(NEG_INF_LOGITS_POLICIES as readonly string[]).includes(p)) throw new UnknownNameError('opts.negInfLogits', String(p), NEG_INF_LOGITS_POLICIES);
  return p;
}

/**
 * Entropy of one row `logits[o .. o+V)`; NaN when the row is invalid under the policy (the caller
 * decides whether that throws). Invalid: any NaN/+Inf, all −Inf, or (reference policy) any −Inf.
 */
function rowEntropy(logits: Vec, o: number, V: number, reference: boolean): number {
  let m = -Infinity;
  for (let v = 0; v < V; v++) {
    const z = logits[o + v] as number;
    if (z !== z || z === Infinity) return NaN;
    if (z === -Infinity && reference) return NaN;
    if (z > m) m = z;
  }
  if (m === -Infinity) return NaN;
  let s = 0;
  let a = 0;
  for (let v = 0; v < V; v++) {
    const z = logits[o + v] as number;
    if (z === -Infinity) continue;
    const zs = z - m;
    const e = Math.exp(zs);
    s += e;
    a += e * zs;
  }
  return Math.log(s) - a / s;
}

function firstBadLogit(logits: Vec, o: number, V: number): { index: number; value: number } {
  for (let v = 0; v < V; v++) {
    const z = logits[o + v] as number;
    if (Number.isNaN(z) || z === Infinity) return { index: o + v, value: z };
  }
  return { index: o, value: -Infinity }; // all −Inf
}

/** `[B,T]` entropy of each token's categorical distribution. */
export function entropyFromLogits(logits: Vec, dims: LogitsDims, opts: EntropyOptions = {}): Float64Array {
  checkDims(logits, dims);
  const reference = policyOf(opts) === 'reference';
  const { B, T, V } = dims;
  if (opts.mask !== undefined) expectLength('opts.mask', opts.mask, B * T, '[B,T]');
  const out = new Float64Array(B * T);
  for (let i = 0; i < B * T; i++) {
    const h = rowEntropy(logits, i * V, V, reference);
    if (Number.isNaN(h) && !reference && (opts.mask === undefined || isOn(opts.mask, i))) {
      const bad = firstBadLogit(logits, i * V, V);
      throw new NonFiniteError('logits', bad.index, bad.value);
    }
    out[i] = h;
  }
  return out;
}

/**
 * `[B,T,V]` gradient of `Σ_{b,t} coef[b,t]·H[b,t]` with respect to the logits. Positions with
 * `coef == 0` are skipped (zero gradient). `−Infinity` logits get 0. Throws on rows that are invalid
 * (see `entropyFromLogits`) at positions with a non-zero coefficient.
 */
export function entropyGradLogits(logits: Vec, dims: LogitsDims, coef: Vec): Float64Array {
  checkDims(logits, dims);
  const { B, T, V } = dims;
  expectLength('coef', coef, B * T, '[B,T]');
  const grad = new Float64Array(B * T * V);
  for (let i = 0; i < B * T; i++) {
    const k = coef[i] as number;
    if (k === 0) continue;
    const o = i * V;
    const h = rowEntropy(logits, o, V, false);
    if (Number.isNaN(h)) {
      const bad = firstBadLogit(logits, o, V);
      throw new NonFiniteError('logits', bad.index, bad.value);
    }
    let m = -Infinity;
    for (let v = 0; v < V; v++) m = Math.max(m, logits[o + v] as number);
    let s = 0;
    for (let v = 0; v < V; v++) {
      const z = logits[o + v] as number;
      if (z !== -Infinity) s += Math.exp(z - m);
    }
    const logS = Math.log(s);
    for (let v = 0; v < V; v++) {
      const z = logits[o + v] as number;
      if (z === -Infinity) continue;
      const logP = z - m - logS;
      grad[o + v] = -k * Math.exp(logP) * (logP + h);
    }
  }
  return grad;
}

export interface EntropyLossOptions extends AggOptions, Omit<EntropyOptions, 'mask'> {
  /** Also return the gradient of the aggregated entropy with respect to the logits (`[B,T,V]`). */
  withGradLogits?: boolean;
}

export interface EntropyLossResult {
  /** `[B,T]` per-token entropy. */
  entropy: Float64Array;
  /** The aggregated entropy (verl `entropy_loss`; the actor loss subtracts `entropyCoef·loss`). */
  loss: number;
  /** `[B,T]` d loss / d entropy (the aggregation weights). */
  weights: Float64Array;
  /** `[B,T,V]` d loss / d logits, when requested. */
  gradLogits?: Float64Array;
}

/** Entropy from logits, aggregated over `mask [B,T]` with `aggMode` (verl `compute_entropy_loss`). */
export function entropyLoss(logits: Vec, mask: MaskVec, dims: LogitsDims, aggMode: AggMode | string, opts: EntropyLossOptions = {}): EntropyLossResult {
  const mode = parseAggMode(aggMode, 'aggMode');
  if (mask.length !== dims.B * dims.T) throw new ShapeError('mask', `has length ${mask.length} but shape [B,T] needs ${dims.B * dims.T}`);
  const entropy = entropyFromLogits(logits, dims, { ...(opts.negInfLogits ? { negInfLogits: opts.negInfLogits } : {}), mask });
  const { loss, weights } = aggLoss(entropy, mask, dims, mode, opts);
  const result: EntropyLossResult = { entropy, loss, weights };
  if (opts.withGradLogits) result.gradLogits = entropyGradLogits(logits, dims, weights);
  return result;
}
