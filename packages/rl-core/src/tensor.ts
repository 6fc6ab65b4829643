/**
 * Array conventions shared by every rl-core function.
 *
 * Dimension names, used in every JSDoc shape: B batch rows (responses), T padded response length,
 * G group size, V vocabulary size, S samples per prompt (recommender), P path positions.
 * A `[B,T]` array is row-major: element (b,t) lives at `b*T + t`.
 *
 * Inputs are read-only `ArrayLike<number>` (Float32Array, Float64Array or number[]); outputs are
 * freshly allocated `Float64Array`s that the caller owns: computation is in float64 throughout, so
 * results match the float32 references within their tolerances and never lose precision on top.
 * Masks are numbers (0 = padding, anything else = active) or booleans.
 */
import { NonFiniteError, ShapeError, InvalidParamError, GroupMismatchError } from './errors.js';

/** A read-only numeric array (row-major, shape stated by the function). */
export type Vec = ArrayLike<number>;
/** A read-only mask: 0 / false = masked out. */
export type MaskVec = ArrayLike<number> | ArrayLike<boolean>;

/** `[B,T]` dimensions. */
export interface Dims2 {
  /** Batch rows. */
  B: number;
  /** Padded response length. */
  T: number;
}

/** Throws a ShapeError unless `arr.length === expected`. */
export function expectLength(name: string, arr: { length: number }, expected: number, shapeText: string): void {
  if (arr.length !== expected) {
    throw new ShapeError(name, `has length ${arr.length} but shape ${shapeText} needs ${expected}`);
  }
}

/** Validates positive integer dimensions. */
export function expectDims(dims: Record<string, number>): void {
  for (const [k, v] of Object.entries(dims)) {
    if (!Number.isInteger(v) || v < 1) {
      throw new ShapeError(k, `dimension must be a positive integer, got ${v}`);
    }
  }
}

/**
 * Throws NonFiniteError on the first NaN/±Infinity. With a mask, only active positions are checked:
 * padding may hold anything (references ignore it too).
 */
export function expectFinite(name: string, arr: Vec, mask?: MaskVec): void {
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i] as number;
    if (!Number.isFinite(v) && (mask === undefined || isOn(mask, i))) throw new NonFiniteError(name, i, v);
  }
}

/** True where the mask is active. */
export function isOn(mask: MaskVec, i: number): boolean {
  const m = mask[i];
  return typeof m === 'boolean' ? m : (m as number) !== 0;
}

/** Mask value as a number (booleans become 0/1). */
export function maskVal(mask: MaskVec, i: number): number {
  const m = mask[i];
  return typeof m === 'boolean' ? (m ? 1 : 0) : (m as number);
}

/** Throws InvalidParamError unless `lo < x` (or `lo <= x` when inclusive) and `x < hi`. */
export function expectInRange(
  name: string,
  x: number,
  lo: number,
  hi: number,
  opts: { loInclusive?: boolean; hiInclusive?: boolean; fix?: string } = {},
): void {
  const okLo = opts.loInclusive ? x >= lo : x > lo;
  const okHi = opts.hiInclusive ? x <= hi : x < hi;
  if (!Number.isFinite(x) || !okLo || !okHi) {
    const l = opts.loInclusive ? '[' : '(';
    const h = opts.hiInclusive ? ']' : ')';
    throw new InvalidParamError(name, `must be in ${l}${lo}, ${hi}${h}, got ${x}`, opts.fix ?? `choose a value in ${l}${lo}, ${hi}${h}`);
  }
}

/** Validates `index` (one integer group id per row) and returns the groups as row lists, in first-seen order. */
export function groupRows(index: ArrayLike<number | string>, B: number, name = 'index'): number[][] {
  if (index.length !== B) {
    throw new GroupMismatchError(name, `has ${index.length} group ids but the batch has ${B} rows`);
  }
  const map = new Map<number | string, number[]>();
  for (let b = 0; b < B; b++) {
    const g = index[b] as number | string;
    if (typeof g === 'number' && !Number.isFinite(g)) {
      throw new GroupMismatchError(name, `group id of row ${b} is ${g}`, 'use finite integer or string group ids');
    }
    let rows = map.get(g);
    if (!rows) map.set(g, (rows = []));
    rows.push(b);
  }
  return [...map.values()];
}
