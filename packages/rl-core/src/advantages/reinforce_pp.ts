/**
 * REINFORCE++ and REINFORCE++-baseline (verl `compute_reinforce_plus_plus_outcome_advantage`,
 * `compute_reinforce_plus_plus_baseline_outcome_advantage`). Both whiten over the whole batch
 * (masked statistics, `maskedWhiten`) and therefore need at least two valid tokens in the batch.
 */
import { whitenUnchecked } from '../stats/whiten.js';
import { discountedReturns, RETURN_HOLES, type ReturnHoles } from './reward_to_go.js';
import {
  applyMask,
  checkTokenInput,
  denseGroups,
  expectGroupScoring,
  expectOneOf,
  expectUnit,
  rowScores,
  spreadOverTokens,
  stripUndefined,
  type AdvantageInput,
  type AdvantageResult,
  type ScoreFrom,
  type SingletonRule,
} from './types.js';

export interface ReinforcePpOptions {
  /** Discount γ in [0, 1]; default 1 (verl's `algorithm.gamma`). */
  gamma: number;
  /** Masked positions in the return recursion; default `cut` (the reference). */
  holes: ReturnHoles;
}

export const DEFAULT_REINFORCE_PP_OPTIONS: ReinforcePpOptions = { gamma: 1, holes: 'cut' };

export function resolveReinforcePpOptions(partial: Partial<ReinforcePpOptions> = {}): ReinforcePpOptions {
  const o: ReinforcePpOptions = { ...DEFAULT_REINFORCE_PP_OPTIONS, ...stripUndefined(partial) };
  expectUnit('options.gamma', o.gamma);
  expectOneOf('options.holes', o.holes, RETURN_HOLES);
  return o;
}

/**
 * REINFORCE++: discounted returns, then `advantages = whiten(returns, m) · m` (batch-global).
 * @param input `tokenLevelRewards [B,T]`, `responseMask [B,T]`.
 * @returns `advantages [B,T]` and `returns [B,T]` (returns are not masked).
 * @throws EmptyMaskError when the batch has one valid token or none.
 */
export function reinforcePpAdvantage(input: AdvantageInput, options: Partial<ReinforcePpOptions> = {}): AdvantageResult {
  const o = resolveReinforcePpOptions(options);
  checkTokenInput(input, o.holes === 'cut' ? 'all' : 'active');
  const { B, T, tokenLevelRewards: r, responseMask: mask } = input;
  const returns = discountedReturns(r, mask, B, T, o.gamma, o.holes);
  const advantages = whitenUnchecked(returns, mask, B * T, true, 'responseMask');
  applyMask(advantages, mask);
  return { advantages, returns };
}

export interface ReinforcePpBaselineOptions {
  /** Which tokens make the score; default `all` (the reference's unmasked row sum). */
  scoreFrom: ScoreFrom;
  /** Singleton groups: `raw` subtracts 0 (the reference, default), `zero` gives 0 before whitening. */
  singleton: SingletonRule;
}

export const DEFAULT_REINFORCE_PP_BASELINE_OPTIONS: ReinforcePpBaselineOptions = { scoreFrom: 'all', singleton: 'raw' };

export function resolveReinforcePpBaselineOptions(partial: Partial<ReinforcePpBaselineOptions> = {}): ReinforcePpBaselineOptions {
  const o: ReinforcePpBaselineOptions = { ...DEFAULT_REINFORCE_PP_BASELINE_OPTIONS, ...stripUndefined(partial) };
  expectGroupScoring(o);
  return o;
}

/**
 * REINFORCE++-baseline: `a_b = s_b − mean_group(s)` spread over the valid tokens, whitened over the
 * batch, times the mask. `advantages` and `returns` are equal (separate copies).
 * @param input `tokenLevelRewards [B,T]`, `responseMask [B,T]`, `index [B]`.
 * @throws EmptyMaskError when the batch has one valid token or none.
 */
export function reinforcePpBaselineAdvantage(input: AdvantageInput, options: Partial<ReinforcePpBaselineOptions> = {}): AdvantageResult {
  const o = resolveReinforcePpBaselineOptions(options);
  checkTokenInput(input, o.scoreFrom === 'all' ? 'all' : 'active');
  const { B, T, responseMask: mask } = input;
  const { gid, size, numGroups } = denseGroups(input.index, B);
  const s = rowScores(input, o.scoreFrom);
  const sum = new Float64Array(numGroups);
  for (let b = 0; b < B; b++) sum[gid[b]!]! += s[b]!;
  const perRow = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    const g = gid[b]!;
    const n = size[g]!;
    if (n === 1) perRow[b] = o.singleton === 'raw' ? s[b]! : 0;
    else perRow[b] = s[b]! - sum[g]! / n;
  }
  const spread = spreadOverTokens(perRow, mask, B, T);
  const advantages = whitenUnchecked(spread, mask, B * T, true, 'responseMask');
  applyMask(advantages, mask);
  return { advantages, returns: advantages.slice() };
}
