/**
 * RLOO outcome advantage (verl `compute_rloo_outcome_advantage` and its vectorized variant).
 *
 * For a group of size n ≥ 2: `a_b = s_b − mean_{j≠b} s_j = n/(n−1)·(s_b − μ)`;
 * `advantages[b,t] = returns[b,t] = a_b · m[b,t]`. The two reference variants differ only on
 * singleton groups: the loop version keeps the raw score (`singleton: 'raw'`), the vectorized one
 * gives 0 (`singleton: 'zero'`).
 *
 * - `rlooAdvantageLoop`: readable reference (leave-one-out mean, row by row).
 * - `rlooAdvantage`: fast path, same semantics and defaults as the loop version.
 * - `rlooVectorizedAdvantage`: fast path with the vectorized reference's default (`singleton: 'zero'`).
 */
import { GroupMismatchError } from '../errors.js';
import { groupRows } from '../tensor.js';
import {
  checkTokenInput,
  denseGroups,
  expectGroupScoring,
  maskAt,
  rowScores,
  scoreWeight,
  spreadOverTokens,
  stripUndefined,
  type AdvantageInput,
  type AdvantageResult,
  type ScoreFrom,
  type SingletonRule,
} from './types.js';

export interface RlooOptions {
  /** Which tokens make the score; default `all` (the reference's unmasked row sum). */
  scoreFrom: ScoreFrom;
  /** Singleton groups: `raw` keeps the score (loop reference, default of `rlooAdvantage`), `zero` gives 0 (vectorized reference). */
  singleton: SingletonRule;
}

export const DEFAULT_RLOO_OPTIONS: RlooOptions = { scoreFrom: 'all', singleton: 'raw' };
export const DEFAULT_RLOO_VECTORIZED_OPTIONS: RlooOptions = { scoreFrom: 'all', singleton: 'zero' };

/** Merges `partial` over `defaults` and validates every field. */
export function resolveRlooOptions(partial: Partial<RlooOptions> = {}, defaults: RlooOptions = DEFAULT_RLOO_OPTIONS): RlooOptions {
  const o: RlooOptions = { ...defaults, ...stripUndefined(partial) };
  expectGroupScoring(o);
  return o;
}

/**
 * Readable reference (loop version).
 * @param input `tokenLevelRewards [B,T]`, `responseMask [B,T]`, `index [B]`.
 * @returns `advantages [B,T]`, `returns [B,T]` (equal, separate copies).
 */
export function rlooAdvantageLoop(input: AdvantageInput, options: Partial<RlooOptions> = {}): AdvantageResult {
  const o = resolveRlooOptions(options);
  checkTokenInput(input, o.scoreFrom === 'all' ? 'all' : 'active');
  const { B, T } = input;
  if (input.index === undefined) throw new GroupMismatchError('index', 'is required by RLOO but was not given', 'pass one group id (prompt uid) per row');
  const groups = groupRows(input.index, B);

  const score: number[] = [];
  for (let b = 0; b < B; b++) {
    let s = 0;
    for (let t = 0; t < T; t++) {
      const w = scoreWeight(o.scoreFrom, maskAt(input.responseMask, b * T + t));
      if (w !== 0) s += (input.tokenLevelRewards[b * T + t] as number) * w;
    }
    score.push(s);
  }

  const perRow = new Float64Array(B);
  for (const rows of groups) {
    if (rows.length === 1) {
      perRow[rows[0]!] = o.singleton === 'raw' ? score[rows[0]!]! : 0;
      continue;
    }
    for (const b of rows) {
      const others = rows.filter((j) => j !== b);
      const othersMean = others.reduce((acc, j) => acc + score[j]!, 0) / others.length;
      perRow[b] = score[b]! - othersMean;
    }
  }
  const advantages = spreadOverTokens(perRow, input.responseMask, B, T);
  return { advantages, returns: advantages.slice() };
}

/** Fast path of `rlooAdvantageLoop` (same semantics and defaults). Shapes as there. */
export function rlooAdvantage(input: AdvantageInput, options: Partial<RlooOptions> = {}): AdvantageResult {
  return rlooFast(input, resolveRlooOptions(options, DEFAULT_RLOO_OPTIONS));
}

/** verl's vectorized RLOO: fast path with singleton groups zeroed by default. Shapes as `rlooAdvantageLoop`. */
export function rlooVectorizedAdvantage(input: AdvantageInput, options: Partial<RlooOptions> = {}): AdvantageResult {
  return rlooFast(input, resolveRlooOptions(options, DEFAULT_RLOO_VECTORIZED_OPTIONS));
}

function rlooFast(input: AdvantageInput, o: RlooOptions): AdvantageResult {
  checkTokenInput(input, o.scoreFrom === 'all' ? 'all' : 'active');
  const { B, T } = input;
  const { gid, size, numGroups } = denseGroups(input.index, B);
  const s = rowScores(input, o.scoreFrom);
  const sum = new Float64Array(numGroups);
  for (let b = 0; b < B; b++) sum[gid[b]!]! += s[b]!;
  const perRow = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    const g = gid[b]!;
    const n = size[g]!;
    if (n === 1) perRow[b] = o.singleton === 'raw' ? s[b]! : 0;
    else perRow[b] = (n / (n - 1)) * (s[b]! - sum[g]! / n);
  }
  const advantages = spreadOverTokens(perRow, input.responseMask, B, T);
  return { advantages, returns: advantages.slice() };
}
