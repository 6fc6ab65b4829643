/**
 * PPO clipped surrogate with DAPO decoupled clipping (clip-higher) and dual clip, as verl's
 * `compute_policy_loss_vanilla`, with its gradient with respect to the current log-probs in closed form.
 *
 * Per active token (B batch rows, T tokens; every array `[B,T]` row-major):
 * 1. `δ = clamp(logProb − oldLogProb, −20, 20)`, `ρ = exp(δ)`; metric `ppo_kl = mmean(−δ)` (clamped δ).
 * 2. `l1 = −A·ρ`, `l2 = −A·clamp(ρ, 1 − clipLow, 1 + clipHigh)`, `u = max(l1, l2)`;
 *    `pg_clipfrac = mmean(l2 > l1)`.
 * 3. Dual clip (always on; `clipC = Infinity` switches it off): where `A < 0`, the element loss is
 *    `min(−A·clipC, u)`; `pg_clipfrac_lower = mmean(u > −A·clipC and A < 0)`.
 * 4. Optional `isWeights` (rollout importance-sampling weights) multiply the element loss; then
 *    `pg_loss = aggLoss(element loss, mask, aggMode, ...)`.
 *
 * Gradient, `d pg_loss / d logProb[b,t] = w[b,t]·isw·g` with `w` the aggregation weight and `g` the
 * derivative of the element loss: `−A·ρ` where the unclipped branch is active and `|Δ| ≤ 20`, 0 where
 * the clipped branch strictly binds, where `|Δ| > 20`, or where the dual clip binds. Ties follow
 * PyTorch (`maximum`/`minimum` split the gradient evenly): inside the clip band `l1 == l2` and both
 * branches have the same derivative, so nothing changes; an exact dual-clip tie `u == −A·c` gives
 * half the gradient. `mmean` is the masked mean `Σ v·m / Σ m` (0 when the mask is empty).
 */
import { EmptyMaskError, InvalidParamError, NonFiniteError } from '../errors.js';
import { numericMask } from './mask.js';
import { expectDims, expectLength, type Dims2, type MaskVec, type Vec } from '../tensor.js';
import { aggRowScales, parseAggMode, type AggMode, type AggOptions } from './agg-loss.js';

/** The log-ratio clamp applied before `exp` (reference constant). */
export const LOG_RATIO_CLAMP = 20;

export interface PolicyLossInputs {
  dims: Dims2;
  /** `[B,T]` log-probs of the sampled tokens under the behaviour (rollout) policy. */
  oldLogProb: Vec;
  /** `[B,T]` log-probs of the same tokens under the current policy (the variable we differentiate by). */
  logProb: Vec;
  /** `[B,T]` per-token advantages. */
  advantages: Vec;
  /** `[B,T]` response mask (0 = padding). */
  mask: MaskVec;
  /** `[B,T]` optional rollout importance-sampling weights (treated as constants). */
  isWeights?: Vec;
}

export interface PolicyLossParams extends AggOptions {
  /** ε_low: the ratio is clipped below at `1 − clipLow`; in (0, 1). verl `clip_ratio_low`. */
  clipLow: number;
  /** ε_high: the ratio is clipped above at `1 + clipHigh`; > 0 (DAPO clip-higher uses > clipLow). verl `clip_ratio_high`. */
  clipHigh: number;
  /** Dual-clip constant c > 1 (verl `clip_ratio_c`, default 3); `Infinity` disables the dual clip. */
  clipC: number;
  /** How element losses become one scalar. */
  aggMode: AggMode;
}

/** Stable, namespaced metric keys (verl names). */
export interface PolicyLossMetrics {
  'actor/pg_loss': number;
  'actor/pg_clipfrac': number;
  'actor/ppo_kl': number;
  'actor/pg_clipfrac_lower': number;
}

export interface PolicyLossResult {
  loss: number;
  /** `[B,T]` d loss / d logProb (0 at masked positions). */
  gradLogProbs: Float64Array;
  metrics: PolicyLossMetrics;
}

/** Validates the clip parameters; throws `InvalidParamError` naming the parameter and the fix. */
export function validateClipParams(p: { clipLow: number; clipHigh: number; clipC: number }, prefix = 'params'): void {
  if (!Number.isFinite(p.clipLow) || p.clipLow <= 0 || p.clipLow >= 1) {
    throw new InvalidParamError(`${prefix}.clipLow`, `must be in (0, 1) so that the lower ratio bound 1 − clipLow is in (0, 1), got ${p.clipLow}`, 'use 0.2 (PPO, DAPO and ProRL)');
  }
  if (!Number.isFinite(p.clipHigh) || p.clipHigh <= 0) {
    throw new InvalidParamError(`${prefix}.clipHigh`, `must be a finite number > 0, got ${p.clipHigh}`, 'use 0.2 (PPO), 0.28 (DAPO) or 0.4 (ProRL)');
  }
  if (Number.isNaN(p.clipC) || p.clipC <= 1) {
    throw new InvalidParamError(
      `${prefix}.clipC`,
      `the dual-clip constant must be > 1, got ${p.clipC} (the reference asserts clip_ratio_c > 1)`,
      'use 3 (verl default) or 10 (DAPO scripts), or Infinity to disable the dual clip',
    );
  }
}

/**
 * The clipped policy loss, its gradient with respect to `logProb`, and verl's metrics. One pass over
 * the tokens after one pass over the mask. Throws on shape mismatch, bad parameters, non-finite
 * inputs at active positions, and (unless `onEmptyMask: 'reference'`) an all-zero mask.
 */
export function clippedPolicyLoss(inputs: PolicyLossInputs, params: PolicyLossParams): PolicyLossResult {
  const { dims, oldLogProb, logProb, advantages, mask, isWeights } = inputs;
  const { B, T } = dims;
  expectDims({ B, T });
  const n = B * T;
  expectLength('oldLogProb', oldLogProb, n, '[B,T]');
  expectLength('logProb', logProb, n, '[B,T]');
  expectLength('advantages', advantages, n, '[B,T]');
  expectLength('mask', mask, n, '[B,T]');
  if (isWeights !== undefined) expectLength('isWeights', isWeights, n, '[B,T]');
  validateClipParams(params);
  const aggMode = parseAggMode(params.aggMode, 'params.aggMode');
  const policy = params.onEmptyMask ?? 'throw';
  const { rowScale, emptyMask } = aggRowScales(mask, dims, aggMode, { ...params, onEmptyMask: 'reference' }, 'mask');
  if (emptyMask && policy === 'throw') {
    throw new EmptyMaskError('mask', 'selects no token, so the policy loss is undefined (the reference returns NaN or 0 depending on the mode)', 'drop the empty batch, or pass onEmptyMask: \'reference\' to reproduce the reference');
  }

  const m = numericMask(mask);
  const lo = 1 - params.clipLow;
  const hi = 1 + params.clipHigh;
  const c = params.clipC;
  const gradLogProbs = new Float64Array(n);
  let loss = 0;
  let count = 0;
  let klSum = 0;
  let clipSum = 0;
  let lowerSum = 0;
  for (let b = 0; b < B; b++) {
    const s = rowScale[b] as number;
    const o = b * T;
    for (let t = 0; t < T; t++) {
      const i = o + t;
      const mv = m[i] as number;
      if (mv === 0) continue;
      const lp = logProb[i] as number;
      const old = oldLogProb[i] as number;
      const A = advantages[i] as number;
      if (!Number.isFinite(lp)) throw new NonFiniteError('logProb', i, lp);
      if (!Number.isFinite(old)) throw new NonFiniteError('oldLogProb', i, old);
      if (!Number.isFinite(A)) throw new NonFiniteError('advantages', i, A);
      count += mv;

      const raw = lp - old;
      const inBand = raw >= -LOG_RATIO_CLAMP && raw <= LOG_RATIO_CLAMP;
      const delta = raw < -LOG_RATIO_CLAMP ? -LOG_RATIO_CLAMP : raw > LOG_RATIO_CLAMP ? LOG_RATIO_CLAMP : raw;
      klSum -= mv * delta;
      const ratio = Math.exp(delta);
      const l1 = -A * ratio;
      const rc = ratio < lo ? lo : ratio > hi ? hi : ratio;
      const l2 = -A * rc;
      const clipped = l2 > l1;
      if (clipped) clipSum += mv;
      let el = clipped ? l2 : l1;
      // d l1 / d logProb; the clipped branch only wins strictly outside the band, where its gradient is 0.
      let g = clipped || !inBand ? 0 : -A * ratio;
      if (A < 0) {
        const l3 = -A * c;
        if (el > l3) {
          lowerSum += mv;
          el = l3;
          g = 0;
        } else if (el === l3) {
          g *= 0.5; // PyTorch minimum() splits the gradient at ties.
        }
      }
      if (isWeights !== undefined) {
        const w = isWeights[i] as number;
        if (!Number.isFinite(w)) throw new NonFiniteError('isWeights', i, w);
        el *= w;
        g *= w;
      }
      const wt = mv * s;
      loss += wt * el;
      gradLogProbs[i] = wt * g;
    }
  }
  if (count === 0 && Number.isNaN(rowScale[0] as number)) loss = NaN;
  // Masked mean: Σ v·m / (Σm + 1e-8) in float32, i.e. Σm when Σm >= 1.
  const denom = count >= 1 ? count : count + 1e-8;
  return {
    loss,
    gradLogProbs,
    metrics: {
      'actor/pg_loss': loss,
      'actor/pg_clipfrac': clipSum / denom,
      'actor/ppo_kl': klSum / denom,
      'actor/pg_clipfrac_lower': lowerSum / denom,
    },
  };
}
