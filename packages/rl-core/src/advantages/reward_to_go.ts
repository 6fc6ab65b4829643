/**
 * Discounted reward-to-go over `[B,T]` token rewards: `G_t = r_t + γ·G_{t+1}` within a row, with a
 * chosen treatment of masked positions (`ReturnHoles`). Used by REINFORCE++ and available as its own
 * estimator (`reward_to_go`: advantages = masked returns, no baseline, no whitening).
 */
import {
  assertNever,
  checkTokenInput,
  expectOneOf,
  expectUnit,
  maskAt,
  stripUndefined,
  type AdvantageInput,
  type AdvantageResult,
} from './types.js';
import type { MaskVec, Vec } from '../tensor.js';

/**
 * How the discounted return treats a masked position.
 * - `cut` (verl REINFORCE++): `G[t] = r[t] + γ·m[t+1]·G[t+1]`; the running return restarts at every
 *   masked position, so rewards after an interior hole never reach the tokens before it, and each
 *   padded position holds its own reward.
 * - `bridge`: masked positions are skipped (no reward, no discount step, return 0); an active token
 *   gets `r[t] + γ·G[next active token]`.
 */
export type ReturnHoles = 'cut' | 'bridge';
export const RETURN_HOLES: readonly ReturnHoles[] = ['cut', 'bridge'];

/**
 * `[B,T]` discounted returns (new array). Inputs must already be validated.
 * @param rewards `[B,T]`
 * @param mask `[B,T]`
 */
export function discountedReturns(rewards: Vec, mask: MaskVec, B: number, T: number, gamma: number, holes: ReturnHoles): Float64Array {
  const returns = new Float64Array(B * T);
  for (let b = 0; b < B; b++) {
    const base = b * T;
    let R = 0;
    switch (holes) {
      case 'cut':
        for (let t = T - 1; t >= 0; t--) {
          R = (rewards[base + t] as number) + gamma * R;
          returns[base + t] = R;
          const m = maskAt(mask, base + t);
          R = m === 0 ? 0 : R * m;
        }
        break;
      case 'bridge':
        for (let t = T - 1; t >= 0; t--) {
          if (maskAt(mask, base + t) === 0) continue;
          R = (rewards[base + t] as number) + gamma * R;
          returns[base + t] = R;
        }
        break;
      default:
        assertNever(holes, 'holes');
    }
  }
  return returns;
}

export interface RewardToGoOptions {
  /** Discount γ in [0, 1]; default 1. */
  gamma: number;
  /** Masked positions in the recursion; default `bridge` (skip them). */
  holes: ReturnHoles;
}

export const DEFAULT_REWARD_TO_GO_OPTIONS: RewardToGoOptions = { gamma: 1, holes: 'bridge' };

export function resolveRewardToGoOptions(partial: Partial<RewardToGoOptions> = {}): RewardToGoOptions {
  const o: RewardToGoOptions = { ...DEFAULT_REWARD_TO_GO_OPTIONS, ...stripUndefined(partial) };
  expectUnit('options.gamma', o.gamma);
  expectOneOf('options.holes', o.holes, RETURN_HOLES);
  return o;
}

/**
 * Reward-to-go estimator: `returns = discountedReturns(r)`, `advantages = returns · m` (no baseline,
 * no whitening, so no minimum token count).
 * @param input `tokenLevelRewards [B,T]`, `responseMask [B,T]`.
 * @returns `advantages [B,T]`, `returns [B,T]`.
 */
export function rewardToGoAdvantage(input: AdvantageInput, options: Partial<RewardToGoOptions> = {}): AdvantageResult {
  const o = resolveRewardToGoOptions(options);
  checkTokenInput(input, o.holes === 'cut' ? 'all' : 'active');
  const { B, T, tokenLevelRewards: r, responseMask: mask } = input;
  const returns = discountedReturns(r, mask, B, T, o.gamma, o.holes);
  const advantages = new Float64Array(B * T);
  for (let i = 0; i < B * T; i++) {
    const m = maskAt(mask, i);
    advantages[i] = m === 0 ? 0 : returns[i]! * m;
  }
  return { advantages, returns };
}
