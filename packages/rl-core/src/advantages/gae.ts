/**
 * Generalised advantage estimation (verl `compute_gae_advantage_return`).
 *
 * Backwards over t with `V_next = A_next = 0`:
 *   `δ = r_t + γ·V_next − V_t`, `â = δ + γλ·A_next`,
 *   `V_next ← m_t·V_t + (1−m_t)·V_next`, `A_next ← m_t·â + (1−m_t)·A_next`, `adv_t = A_next`.
 * Masked positions pass the next value and running advantage across themselves (holes are bridged).
 * `returns = adv + values` (before whitening); `advantages = whiten(adv, m)`, not re-masked by default.
 */
import { whitenUnchecked } from '../stats/whiten.js';
import {
  applyMask,
  assertNever,
  checkTokenInput,
  checkValues,
  expectOneOf,
  expectUnit,
  maskAt,
  stripUndefined,
  type AdvantageInput,
  type AdvantageResult,
} from './types.js';

/**
 * What padded positions of `advantages` hold.
 * - `whitened` (reference): the whitened carried advantage, `(A_next − μ)/σ` (for trailing padding `−μ/σ`).
 * - `zero`: multiplied by the mask like every other estimator.
 */
export type GaePadding = 'whitened' | 'zero';
export const GAE_PADDING: readonly GaePadding[] = ['whitened', 'zero'];

export interface GaeOptions {
  /** Discount γ in [0, 1]; default 1 (verl's `algorithm.gamma`). */
  gamma: number;
  /** GAE λ in [0, 1]; default 1 (verl's `algorithm.lam`). */
  lam: number;
  /** Padded advantages; default `whitened` (the reference). */
  padding: GaePadding;
}

export const DEFAULT_GAE_OPTIONS: GaeOptions = { gamma: 1, lam: 1, padding: 'whitened' };

export function resolveGaeOptions(partial: Partial<GaeOptions> = {}): GaeOptions {
  const o: GaeOptions = { ...DEFAULT_GAE_OPTIONS, ...stripUndefined(partial) };
  expectUnit('options.gamma', o.gamma);
  expectUnit('options.lam', o.lam);
  expectOneOf('options.padding', o.padding, GAE_PADDING);
  return o;
}

/**
 * @param input `tokenLevelRewards [B,T]` (finite at active positions), `values [B,T]` (finite
 *   everywhere), `responseMask [B,T]`.
 * @returns `advantages [B,T]` (whitened) and `returns [B,T]` (= raw advantages + values).
 * @throws EmptyMaskError when the batch has one valid token or none.
 */
export function gaeAdvantage(input: AdvantageInput, options: Partial<GaeOptions> = {}): AdvantageResult {
  const o = resolveGaeOptions(options);
  checkTokenInput(input, 'active');
  const values = checkValues(input);
  const { B, T, tokenLevelRewards: r, responseMask: mask } = input;
  const { gamma, lam } = o;
  const gl = gamma * lam;
  const adv = new Float64Array(B * T);
  const returns = new Float64Array(B * T);
  for (let b = 0; b < B; b++) {
    const base = b * T;
    let vNext = 0;
    let aNext = 0;
    for (let t = T - 1; t >= 0; t--) {
      const i = base + t;
      const m = maskAt(mask, i);
      const v = values[i] as number;
      if (m !== 0) {
        const delta = (r[i] as number) + gamma * vNext - v;
        const a = delta + gl * aNext;
        vNext = m * v + (1 - m) * vNext;
        aNext = m * a + (1 - m) * aNext;
      }
      adv[i] = aNext;
      returns[i] = aNext + v;
    }
  }
  const advantages = whitenUnchecked(adv, mask, B * T, true, 'responseMask');
  switch (o.padding) {
    case 'whitened':
      break;
    case 'zero':
      applyMask(advantages, mask);
      break;
    default:
      assertNever(o.padding, 'options.padding');
  }
  return { advantages, returns };
}
