/**
 * Per-group baselines over a flat batch with explicit group ids (`index`, one per row, rows of the
 * same prompt share an id; ids may be numbers or strings, rows need not be contiguous).
 *
 *  - group mean:     b_i = mean_{j ∈ G(i)} s_j            (GRPO; the sample itself is included)
 *  - leave-one-out:  b_i = mean_{j ∈ G(i), j ≠ i} s_j     (RLOO)
 *
 * Shapes: `scores` `[B]`, `index` `[B]`, output `[B]` (the baseline of each row).
 */
import { InvalidParamError } from '../errors.js';
import { expectFinite, groupRows, type Vec } from '../tensor.js';

/** Leave-one-out baseline of a group of one (there is no other sample). */
export type SingletonBaseline =
  | 'zero' // baseline 0, so the advantage is the score itself (verl's loop RLOO)
  | 'self'; // baseline = the score, so the advantage is 0 (verl's vectorised RLOO)

/** Group-mean baseline, readable reference (loops over groups). */
export function groupMeanBaselineReference(scores: Vec, index: ArrayLike<number | string>): Float64Array {
  expectFinite('scores', scores);
  const out = new Float64Array(scores.length);
  for (const rows of groupRows(index, scores.length)) {
    let s = 0;
    for (const r of rows) s += scores[r] as number;
    const m = s / rows.length;
    for (const r of rows) out[r] = m;
  }
  return out;
}

/** Group-mean baseline, one pass with a Map of running sums (fast path). */
export function groupMeanBaseline(scores: Vec, index: ArrayLike<number | string>): Float64Array {
  const { sums, counts, slot } = groupSums(scores, index);
  const out = new Float64Array(scores.length);
  for (let b = 0; b < scores.length; b++) out[b] = sums[slot[b]!]! / counts[slot[b]!]!;
  return out;
}

/** Leave-one-out baseline, readable reference (explicit inner loop over the other rows). */
export function leaveOneOutBaselineReference(
  scores: Vec,
  index: ArrayLike<number | string>,
  singleton: SingletonBaseline = 'zero',
): Float64Array {
  expectFinite('scores', scores);
  checkSingleton(singleton);
  const out = new Float64Array(scores.length);
  for (const rows of groupRows(index, scores.length)) {
    for (const i of rows) {
      if (rows.length === 1) {
        out[i] = singleton === 'zero' ? 0 : (scores[i] as number);
        continue;
      }
      let s = 0;
      for (const j of rows) if (j !== i) s += scores[j] as number;
      out[i] = s / (rows.length - 1);
    }
  }
  return out;
}

/** Leave-one-out baseline, fast path: (S_g − s_i)/(n_g − 1). */
export function leaveOneOutBaseline(
  scores: Vec,
  index: ArrayLike<number | string>,
  singleton: SingletonBaseline = 'zero',
): Float64Array {
  checkSingleton(singleton);
  const { sums, counts, slot } = groupSums(scores, index);
  const out = new Float64Array(scores.length);
  for (let b = 0; b < scores.length; b++) {
    const g = slot[b]!;
    const n = counts[g]!;
    const s = scores[b] as number;
    out[b] = n === 1 ? (singleton === 'zero' ? 0 : s) : (sums[g]! - s) / (n - 1);
  }
  return out;
}

function checkSingleton(s: SingletonBaseline): void {
  switch (s) {
    case 'zero':
    case 'self':
      return;
    default: {
      const never: never = s;
      throw new InvalidParamError('singleton', `unknown rule '${String(never)}'`, "use 'zero' or 'self'");
    }
  }
}

function groupSums(scores: Vec, index: ArrayLike<number | string>): { sums: number[]; counts: number[]; slot: Int32Array } {
  expectFinite('scores', scores);
  groupRows(index, scores.length); // validates ids and length
  const ids = new Map<number | string, number>();
  const sums: number[] = [];
  const counts: number[] = [];
  const slot = new Int32Array(scores.length);
  for (let b = 0; b < scores.length; b++) {
    const id = index[b] as number | string;
    let g = ids.get(id);
    if (g === undefined) {
      g = sums.length;
      ids.set(id, g);
      sums.push(0);
      counts.push(0);
    }
    sums[g]! += scores[b] as number;
    counts[g]!++;
    slot[b] = g;
  }
  return { sums, counts, slot };
}
