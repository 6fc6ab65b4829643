/**
 * GRPO outcome advantage (verl `compute_grpo_outcome_advantage` and its vectorized variant).
 *
 * For each row b: score `s_b` (row sum of the token rewards), group mean μ and **unbiased** std σ
 * over the rows sharing its group id; `a_b = (s_b − μ)/(σ + ε)` (or `s_b − μ` with
 * `normByStd: false`, Dr. GRPO); `advantages[b,t] = returns[b,t] = a_b · m[b,t]`.
 *
 * Three entry points:
 * - `grpoAdvantageLoop`: the readable reference, group by group.
 * - `grpoAdvantage`: the fast path with the same semantics (one pass over tokens, typed arrays).
 * - `grpoVectorizedAdvantage`: verl's vectorized variant, σ floored: `σ = sqrt(max(var, ε))`, so
 *   groups whose variance is below ε differ from the loop version.
 */
import { GroupMismatchError } from '../errors.js';
import { groupRows } from '../tensor.js';
import {
  assertNever,
  checkTokenInput,
  denseGroups,
  expectBoolean,
  expectEpsilon,
  expectGroupScoring,
  rowScores,
  scoreWeight,
  spreadOverTokens,
  stripUndefined,
  maskAt,
  type AdvantageInput,
  type AdvantageResult,
  type ScoreFrom,
  type SingletonRule,
} from './types.js';

export interface GrpoOptions {
  /** Divide by the group std (GRPO) or not (Dr. GRPO, Liu et al. 2025). verl `norm_adv_by_std_in_grpo`, default true. */
  normByStd: boolean;
  /** Added to the std (not the variance); default 1e-6 as in verl. Must be > 0. */
  epsilon: number;
  /** Which tokens make the score; default `all` (the reference's unmasked row sum). */
  scoreFrom: ScoreFrom;
  /** Singleton groups: default `raw` (μ = 0, σ = 1, the reference), or `zero`. */
  singleton: SingletonRule;
}

export const DEFAULT_GRPO_OPTIONS: GrpoOptions = { normByStd: true, epsilon: 1e-6, scoreFrom: 'all', singleton: 'raw' };

/** Merges `partial` over the defaults and validates every field. */
export function resolveGrpoOptions(partial: Partial<GrpoOptions> = {}): GrpoOptions {
  const o: GrpoOptions = { ...DEFAULT_GRPO_OPTIONS, ...stripUndefined(partial) };
  expectBoolean('options.normByStd', o.normByStd);
  expectEpsilon('options.epsilon', o.epsilon);
  expectGroupScoring(o);
  return o;
}

/**
 * Readable reference (the loop version).
 * @param input `tokenLevelRewards [B,T]`, `responseMask [B,T]`, `index [B]`.
 * @returns `advantages [B,T]` and `returns [B,T]` (equal arrays, separate copies).
 */
export function grpoAdvantageLoop(input: AdvantageInput, options: Partial<GrpoOptions> = {}): AdvantageResult {
  const o = resolveGrpoOptions(options);
  checkTokenInput(input, o.scoreFrom === 'all' ? 'all' : 'active');
  const { B, T } = input;
  const groups = groupRows(input.index ?? missingIndex(), B);

  // 1. One score per row.
  const score: number[] = [];
  for (let b = 0; b < B; b++) {
    let s = 0;
    for (let t = 0; t < T; t++) {
      const w = scoreWeight(o.scoreFrom, maskAt(input.responseMask, b * T + t));
      if (w !== 0) s += (input.tokenLevelRewards[b * T + t] as number) * w;
    }
    score.push(s);
  }

  // 2. Per group: mean and unbiased std; 3. normalise.
  const perRow = new Float64Array(B);
  for (const rows of groups) {
    const n = rows.length;
    let mean = 0;
    let std = 1;
    if (n === 1) {
      if (o.singleton === 'zero') {
        perRow[rows[0]!] = 0;
        continue;
      }
    } else {
      mean = rows.reduce((acc, b) => acc + score[b]!, 0) / n;
      std = Math.sqrt(rows.reduce((acc, b) => acc + (score[b]! - mean) ** 2, 0) / (n - 1));
    }
    for (const b of rows) perRow[b] = o.normByStd ? (score[b]! - mean) / (std + o.epsilon) : score[b]! - mean;
  }

  // 4. Broadcast over the valid tokens.
  const advantages = spreadOverTokens(perRow, input.responseMask, B, T);
  return { advantages, returns: advantages.slice() };
}

/** Fast path of `grpoAdvantageLoop` (same result): O(B·T) over typed arrays. Shapes as there. */
export function grpoAdvantage(input: AdvantageInput, options: Partial<GrpoOptions> = {}): AdvantageResult {
  return grpoFast(input, resolveGrpoOptions(options), 'none');
}

/**
 * verl's vectorized GRPO: as `grpoAdvantage` but σ is floored, `σ = sqrt(max(var, ε))` (so at
 * least sqrt(1e-6) = 1e-3 by default). Shapes as `grpoAdvantageLoop`.
 */
export function grpoVectorizedAdvantage(input: AdvantageInput, options: Partial<GrpoOptions> = {}): AdvantageResult {
  return grpoFast(input, resolveGrpoOptions(options), 'var_floor_epsilon');
}

/** Dr. GRPO: `grpoAdvantage` with `normByStd` forced to false (advantage = score − group mean). */
export function drGrpoAdvantage(input: AdvantageInput, options: Partial<GrpoOptions> = {}): AdvantageResult {
  return grpoFast(input, resolveGrpoOptions({ ...options, normByStd: false }), 'none');
}

type StdFloor = 'none' | 'var_floor_epsilon';

function grpoFast(input: AdvantageInput, o: GrpoOptions, floor: StdFloor): AdvantageResult {
  checkTokenInput(input, o.scoreFrom === 'all' ? 'all' : 'active');
  const { B, T } = input;
  const { gid, size, numGroups } = denseGroups(input.index, B);
  const s = rowScores(input, o.scoreFrom);

  const mean = new Float64Array(numGroups);
  for (let b = 0; b < B; b++) mean[gid[b]!]! += s[b]!;
  for (let g = 0; g < numGroups; g++) mean[g] = mean[g]! / size[g]!;
  const sq = new Float64Array(numGroups);
  for (let b = 0; b < B; b++) {
    const d = s[b]! - mean[gid[b]!]!;
    sq[gid[b]!]! += d * d;
  }
  const std = new Float64Array(numGroups);
  for (let g = 0; g < numGroups; g++) {
    const n = size[g]!;
    if (n === 1) {
      mean[g] = 0;
      std[g] = 1;
      continue;
    }
    const variance = sq[g]! / (n - 1);
    switch (floor) {
      case 'none':
        std[g] = Math.sqrt(variance);
        break;
      case 'var_floor_epsilon':
        std[g] = Math.sqrt(Math.max(variance, o.epsilon));
        break;
      default:
        assertNever(floor, 'floor');
    }
  }

  const perRow = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    const g = gid[b]!;
    if (size[g] === 1 && o.singleton === 'zero') continue;
    const centred = s[b]! - mean[g]!;
    perRow[b] = o.normByStd ? centred / (std[g]! + o.epsilon) : centred;
  }
  const advantages = spreadOverTokens(perRow, input.responseMask, B, T);
  return { advantages, returns: advantages.slice() };
}

function missingIndex(): never {
  throw new GroupMismatchError('index', 'is required by GRPO but was not given', 'pass one group id (prompt uid) per row');
}
