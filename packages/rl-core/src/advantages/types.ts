/**
 * Shared types, option unions and input validation of the token-level advantage estimators.
 *
 * Shapes: B batch rows (responses), T padded response length; `[B,T]` is row-major.
 */
import { GroupMismatchError, InvalidParamError, NonFiniteError, ShapeError } from '../errors.js';
import { expectDims, expectFinite, expectInRange, expectLength, type Dims2, type MaskVec, type Vec } from '../tensor.js';

/** Input shared by every estimator of the registry (fields an estimator does not use are ignored). */
export interface AdvantageInput extends Dims2 {
  /** `[B,T]` token-level rewards (an outcome reward usually sits at the last valid token). */
  tokenLevelRewards: Vec;
  /** `[B,T]` response mask (0 = padding). */
  responseMask: MaskVec;
  /** `[B]` group id per row (the prompt uid); groups may be interleaved. Required by group estimators. */
  index?: ArrayLike<number | string>;
  /** `[B,T]` critic values. Required by GAE. */
  values?: Vec;
}

/** Output of every estimator: `[B,T]` advantages and returns (new arrays owned by the caller). */
export interface AdvantageResult {
  /** `[B,T]` */
  advantages: Float64Array;
  /** `[B,T]` */
  returns: Float64Array;
}

/**
 * Which tokens make a row's outcome score `s_b`.
 * - `all`: the unmasked row sum `Σ_t r[b,t]` (the reference: rewards at padded positions count).
 * - `masked`: `Σ_t r[b,t]·m[b,t]`, ignoring padded positions.
 */
export type ScoreFrom = 'all' | 'masked';

/**
 * What a group with one member gets.
 * - `raw`: no baseline (μ = 0, σ = 1), so the advantage is the score itself (÷(1+ε) when normalising
 *   by std). The reference behaviour of GRPO, GRPO-vectorized, RLOO (loop) and REINFORCE++-baseline.
 * - `zero`: advantage 0 (nothing to compare with). The reference behaviour of RLOO-vectorized.
 */
export type SingletonRule = 'raw' | 'zero';

/** Validates `[B,T]` rewards + mask. Rewards must be finite everywhere, or only at active positions. */
export function checkTokenInput(input: AdvantageInput, rewardsFiniteAt: 'all' | 'active'): void {
  const { B, T } = input;
  expectDims({ B, T });
  const shape = `[B,T] = [${B},${T}]`;
  expectLength('tokenLevelRewards', input.tokenLevelRewards, B * T, shape);
  expectLength('responseMask', input.responseMask, B * T, shape);
  checkMask('responseMask', input.responseMask);
  if (rewardsFiniteAt === 'all') {
    for (let i = 0; i < B * T; i++) {
      const v = input.tokenLevelRewards[i] as number;
      if (!Number.isFinite(v)) {
        throw new NonFiniteError(`tokenLevelRewards (row ${Math.floor(i / T)}, token ${i % T}; this estimator reads padded positions too)`, i, v);
      }
    }
  } else {
    expectFinite('tokenLevelRewards', input.tokenLevelRewards, input.responseMask);
  }
}

/** Rejects non-finite numeric mask entries (booleans are always fine). */
export function checkMask(name: string, mask: MaskVec): void {
  for (let i = 0; i < mask.length; i++) {
    const m = mask[i];
    if (typeof m === 'number' && !Number.isFinite(m)) throw new NonFiniteError(name, i, m);
  }
}

/** Validates `values` for GAE: `[B,T]`, finite everywhere (returns = advantages + values at every position). */
export function checkValues(input: AdvantageInput): Vec {
  const values = input.values;
  if (values === undefined) {
    throw new ShapeError('values', 'is required by GAE (critic values, shape [B,T])', 'pass the critic values as `values`');
  }
  expectLength('values', values, input.B * input.T, `[B,T] = [${input.B},${input.T}]`);
  expectFinite('values', values);
  return values;
}

/** Dense group ids: `gid[b]` in `0..numGroups-1` (first-seen order) and the size of each group. */
export interface DenseGroups {
  /** `[B]` */
  gid: Int32Array;
  /** `[numGroups]` members per group. */
  size: Int32Array;
  numGroups: number;
}

/** Maps `index` (one id per row, any order) to dense group ids. O(B), one Map lookup per row. */
export function denseGroups(index: ArrayLike<number | string> | undefined, B: number, name = 'index'): DenseGroups {
  if (index === undefined) {
    throw new GroupMismatchError(name, 'is required by this group estimator but was not given', 'pass one group id (prompt uid) per row');
  }
  if (index.length !== B) {
    throw new GroupMismatchError(name, `has ${index.length} group ids but the batch has ${B} rows`);
  }
  const map = new Map<number | string, number>();
  const gid = new Int32Array(B);
  const sizes: number[] = [];
  for (let b = 0; b < B; b++) {
    const g = index[b] as number | string;
    if (typeof g === 'number' ? !Number.isFinite(g) : typeof g !== 'string') {
      throw new GroupMismatchError(name, `group id of row ${b} is ${String(g)}`, 'use finite numbers or strings as group ids');
    }
    let k = map.get(g);
    if (k === undefined) {
      k = sizes.length;
      map.set(g, k);
      sizes.push(0);
    }
    gid[b] = k;
    sizes[k]!++;
  }
  return { gid, size: Int32Array.from(sizes), numGroups: sizes.length };
}

/** `[B]` outcome scores: the row sums of the rewards, over all positions or masked ones. */
export function rowScores(input: AdvantageInput, scoreFrom: ScoreFrom): Float64Array {
  const { B, T, tokenLevelRewards: r, responseMask: mask } = input;
  const s = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    const base = b * T;
    let acc = 0;
    switch (scoreFrom) {
      case 'all':
        for (let t = 0; t < T; t++) acc += r[base + t] as number;
        break;
      case 'masked':
        for (let t = 0; t < T; t++) {
          const m = maskAt(mask, base + t);
          if (m !== 0) acc += (r[base + t] as number) * m;
        }
        break;
      default:
        return assertNever(scoreFrom, 'scoreFrom');
    }
    s[b] = acc;
  }
  return s;
}

/** Weight of token reward `r[b,t]` in the score under `scoreFrom` (1 for `all`, the mask value for `masked`). */
export function scoreWeight(scoreFrom: ScoreFrom, m: number): number {
  switch (scoreFrom) {
    case 'all':
      return 1;
    case 'masked':
      return m;
    default:
      return assertNever(scoreFrom, 'scoreFrom');
  }
}

/** `[B,T]` broadcast of a per-row value times the mask (`a_b · m[b,t]`). */
export function spreadOverTokens(perRow: Float64Array, mask: MaskVec, B: number, T: number): Float64Array {
  const out = new Float64Array(B * T);
  for (let b = 0; b < B; b++) {
    const a = perRow[b] as number;
    const base = b * T;
    for (let t = 0; t < T; t++) {
      const m = maskAt(mask, base + t);
      out[base + t] = m === 0 ? 0 : a * m;
    }
  }
  return out;
}

/** Mask value as a number (booleans become 0/1). */
export function maskAt(mask: MaskVec, i: number): number {
  const m = mask[i];
  return typeof m === 'boolean' ? (m ? 1 : 0) : (m as number);
}

/** Validates a string-union option at runtime (callers from JS/config files may pass anything). */
export function expectOneOf<T extends string>(name: string, value: T, valid: readonly T[]): T {
  if (!valid.includes(value)) {
    throw new InvalidParamError(name, `must be one of ${valid.map((v) => `'${v}'`).join(', ')}, got ${JSON.stringify(value)}`, `use one of: ${valid.join(', ')}`);
  }
  return value;
}

/** Validates a boolean option (callers from JS/config files may pass anything). */
export function expectBoolean(name: string, value: unknown): void {
  if (typeof value !== 'boolean') {
    throw new InvalidParamError(name, `must be a boolean, got ${JSON.stringify(value)}`, 'pass true or false');
  }
}

/** Validates `epsilon > 0` (finite). */
export function expectEpsilon(name: string, eps: number): void {
  expectInRange(name, eps, 0, Infinity, { fix: 'use a small positive number such as 1e-6' });
}

/** Validates a discount/trace factor in [0, 1]. */
export function expectUnit(name: string, x: number): void {
  expectInRange(name, x, 0, 1, { loInclusive: true, hiInclusive: true });
}

/** Exhaustiveness helper for `switch` over option unions. */
export function assertNever(x: never, name: string): never {
  throw new InvalidParamError(name, `unknown mode ${JSON.stringify(x)}`, 'use one of the documented string values');
}

export const SCORE_FROM: readonly ScoreFrom[] = ['all', 'masked'];
export const SINGLETON_RULES: readonly SingletonRule[] = ['raw', 'zero'];

/** Validates the two options every group-baseline estimator shares (GRPO, RLOO, REINFORCE++-baseline). */
export function expectGroupScoring(o: { scoreFrom: ScoreFrom; singleton: SingletonRule }): void {
  expectOneOf('options.scoreFrom', o.scoreFrom, SCORE_FROM);
  expectOneOf('options.singleton', o.singleton, SINGLETON_RULES);
}

/** Drops keys whose value is `undefined`, so they do not override defaults. */
export function stripUndefined<T extends object>(partial: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(partial)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** In place: `x[i] ← x[i]·m[i]`, with exact 0 at masked positions. */
export function applyMask(x: Float64Array, mask: MaskVec): void {
  for (let i = 0; i < x.length; i++) {
    const m = maskAt(mask, i);
    x[i] = m === 0 ? 0 : x[i]! * m;
  }
}
