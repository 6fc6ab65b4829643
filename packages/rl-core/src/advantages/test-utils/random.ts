/** Seeded random `[B,T]` batches for the equivalence tests (test-only; excluded from the build). */
import { Rng } from '../../rng.js';
import type { AdvantageInput } from '../types.js';

export interface RandomBatchSpec {
  /** Number of groups of size `groupSize`. */
  groups: number;
  groupSize: number;
  /** Extra singleton groups appended. */
  singletons?: number;
  T: number;
  /** Probability of an interior hole at each position of a row's valid span. */
  holeRate?: number;
  /** Put rewards at padded positions too (scores then differ between `all` and `masked`). */
  padRewards?: boolean;
  /** Reward scale. */
  scale?: number;
}

/** Rows of a group are interleaved (the index is shuffled); right padding, interior holes, dense rewards. */
export function randomBatch(seed: number, spec: RandomBatchSpec): AdvantageInput & { index: number[]; values: Float64Array; responseMask: Float64Array; tokenLevelRewards: Float64Array } {
  const rng = new Rng(seed);
  const index: number[] = [];
  for (let g = 0; g < spec.groups; g++) for (let k = 0; k < spec.groupSize; k++) index.push(g * 7 + 3);
  for (let s = 0; s < (spec.singletons ?? 0); s++) index.push(1000 + s);
  rng.shuffle(index);
  const B = index.length;
  const T = spec.T;
  const scale = spec.scale ?? 1;
  const tokenLevelRewards = new Float64Array(B * T);
  const responseMask = new Float64Array(B * T);
  const values = new Float64Array(B * T);
  for (let b = 0; b < B; b++) {
    const len = 1 + rng.int(T);
    for (let t = 0; t < T; t++) {
      const i = b * T + t;
      const inside = t < len;
      responseMask[i] = inside && !(t > 0 && t < len - 1 && rng.next() < (spec.holeRate ?? 0)) ? 1 : 0;
      if (inside || spec.padRewards) tokenLevelRewards[i] = rng.next() < 0.3 ? scale * rng.normal() : 0;
      values[i] = rng.normal();
    }
    tokenLevelRewards[b * T + len - 1] = scale * (rng.next() < 0.5 ? 1 : 0) + 0.1 * rng.normal();
  }
  return { B, T, index, tokenLevelRewards, responseMask, values };
}

/** Largest absolute elementwise difference. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

/** Returns what `fn` throws (fails the test when it does not throw). */
export function catchErr(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}
