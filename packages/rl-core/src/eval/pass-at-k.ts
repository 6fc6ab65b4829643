/**
 * Unbiased pass@k (Chen et al. 2021, the human-eval estimator), ProRL's evaluation metric [P §3.4].
 *
 * For one problem with n samples of which c are correct:
 *   pass@k = 1 − C(n−c, k) / C(n, k)
 * evaluated in the numerically stable product form (no factorials):
 *   n − c < k  →  1,   else  1 − Π_{i=n−c+1..n} (1 − k/i).
 *
 * Edge rules (reproduced from the reference, see README "Reference quirks and options"):
 *  - k = 0 → 0 (the empty product is 1).
 *  - c = 0 with k ≤ n → 0;  c = n with k ≥ 1 → 1;  k = 1 → c/n.
 *  - k > n → 1 even when c = 0 (human-eval's `n − c < k` shortcut). This is a quirk: with `kAboveN`
 *    set to `'clamp'` the estimate uses k = n instead (so c = 0 gives 0), and `'error'` rejects it.
 */
import { InvalidParamError, ShapeError } from '../errors.js';
import { groupRows, type Vec } from '../tensor.js';

/** What to do when k exceeds the number of samples n. */
export type KAboveNRule =
  | 'one' // human-eval reference: pass@k = 1 whenever n − c < k, even with c = 0
  | 'clamp' // evaluate at k = n: 1 if any sample is correct, else 0
  | 'error'; // throw InvalidParamError

export interface PassAtKOptions {
  /** Rule for k > n. Default `'one'` (matches the reference and the golden fixtures). */
  kAboveN?: KAboveNRule;
}

/** One problem's sample counts: n samples, c of them correct. */
export interface ProblemCounts {
  n: number;
  c: number;
}

function expectInt(name: string, x: number, min: number, fix: string): void {
  if (!Number.isInteger(x) || x < min) {
    throw new InvalidParamError(name, `must be an integer >= ${min}, got ${x}`, fix);
  }
}

/** Validates n >= 1, 0 <= c <= n, k >= 0 (all integers). */
export function validatePassAtKArgs(n: number, c: number, k: number): void {
  expectInt('n', n, 1, 'pass the number of samples drawn for the problem (at least 1)');
  expectInt('c', c, 0, 'pass the number of correct samples (a non-negative integer)');
  if (c > n) throw new InvalidParamError('c', `must be <= n (${n}), got ${c}`, 'c counts correct samples among the n drawn, so it cannot exceed n');
  expectInt('k', k, 0, 'pass a non-negative integer k');
}

/**
 * Unbiased pass@k for one problem (scalar). Readable product form, exactly as the reference
 * evaluates it: `1 − Π_{i=n−c+1..n}(1 − k/i)`, multiplied in increasing i.
 */
export function passAtK(n: number, c: number, k: number, opts: PassAtKOptions = {}): number {
  validatePassAtKArgs(n, c, k);
  const rule = opts.kAboveN ?? 'one';
  if (k > n) {
    switch (rule) {
      case 'one':
        return 1;
      case 'clamp':
        k = n;
        break;
      case 'error':
        throw new InvalidParamError('k', `is ${k} but only n = ${n} samples exist`, 'use k <= n, or pass kAboveN: "clamp" / "one"');
      default: {
        const never: never = rule;
        throw new InvalidParamError('kAboveN', `unknown rule ${String(never)}`, "use 'one', 'clamp' or 'error'");
      }
    }
  }
  if (n - c < k) return 1;
  let prod = 1;
  for (let i = n - c + 1; i <= n; i++) prod *= 1 - k / i;
  return 1 - prod;
}

/**
 * pass@k for k = 1..n of one problem, readable reference: calls `passAtK` for every k.
 * Output `[n]`, element k−1 is pass@k. O(n·c).
 */
export function passAtKCurveReference(n: number, c: number): Float64Array {
  validatePassAtKArgs(n, c, 0);
  const out = new Float64Array(n);
  for (let k = 1; k <= n; k++) out[k - 1] = passAtK(n, c, k);
  return out;
}

/**
 * pass@k for k = 1..n of one problem, fast path (O(n)). Uses the ratio q_k = C(n−c,k)/C(n,k), which obeys
 * q_0 = 1, q_{k+1} = q_k · (n−c−k)/(n−k): a product of factors in [0, 1], so it never overflows.
 * Output `[n]`, element k−1 is pass@k = 1 − q_k. Equals `passAtKCurveReference` within ~1e-13.
 */
export function passAtKCurve(n: number, c: number): Float64Array {
  validatePassAtKArgs(n, c, 0);
  const out = new Float64Array(n);
  let q = 1;
  for (let k = 1; k <= n; k++) {
    // q_k from q_{k-1}
    q *= (n - c - (k - 1)) / (n - (k - 1));
    if (q <= 0 || n - c < k) q = 0;
    out[k - 1] = 1 - q;
  }
  return out;
}

/**
 * Mean pass@k curve over problems, for k = 1..kMax. Problems may have different n.
 * `kMax` defaults to the smallest n among the problems, so every k is a true estimate; a larger kMax
 * applies `opts.kAboveN` to problems with fewer samples (default `'one'`, like the reference).
 * Output `[kMax]`, element k−1 is the mean of pass@k over problems.
 */
export function meanPassAtKCurve(problems: readonly ProblemCounts[], kMax?: number, opts: PassAtKOptions = {}): Float64Array {
  if (problems.length === 0) throw new ShapeError('problems', 'is empty', 'pass at least one problem');
  let minN = Infinity;
  for (const p of problems) {
    validatePassAtKArgs(p.n, p.c, 0);
    minN = Math.min(minN, p.n);
  }
  const K = kMax ?? minN;
  expectInt('kMax', K, 1, 'pass a positive integer kMax');
  const out = new Float64Array(K);
  for (const p of problems) {
    const curve = passAtKCurve(p.n, p.c);
    for (let k = 1; k <= K; k++) out[k - 1]! += k <= p.n ? curve[k - 1]! : passAtK(p.n, p.c, k, opts);
  }
  for (let k = 0; k < K; k++) out[k]! /= problems.length;
  return out;
}

/** Mean pass@k over problems at one k. */
export function meanPassAtK(problems: readonly ProblemCounts[], k: number, opts: PassAtKOptions = {}): number {
  if (problems.length === 0) throw new ShapeError('problems', 'is empty', 'pass at least one problem');
  let s = 0;
  for (const p of problems) s += passAtK(p.n, p.c, k, opts);
  return s / problems.length;
}

/**
 * Counts correct samples of one problem from continuous rewards: correct ⇔ reward >= threshold
 * (default 1, i.e. full credit; the paper thresholds Reasoning-Gym scores this way, inferred).
 * `rewards` `[n]`. NaN rewards count as wrong.
 */
export function countCorrect(rewards: Vec, threshold = 1): ProblemCounts {
  if (rewards.length === 0) throw new ShapeError('rewards', 'is empty', 'pass at least one sample per problem');
  if (Number.isNaN(threshold)) throw new InvalidParamError('threshold', 'is NaN', 'pass a finite threshold such as 1');
  let c = 0;
  for (let i = 0; i < rewards.length; i++) if ((rewards[i] as number) >= threshold) c++;
  return { n: rewards.length, c };
}

/**
 * Per-problem counts from a flat batch: `rewards` `[B]`, `index` `[B]` problem ids. Problems are
 * returned in first-seen order, with their ids.
 */
export function countCorrectByProblem(
  rewards: Vec,
  index: ArrayLike<number | string>,
  threshold = 1,
): Array<ProblemCounts & { id: number | string }> {
  const groups = groupRows(index, rewards.length);
  return groups.map((rows) => {
    let c = 0;
    for (const r of rows) if ((rewards[r] as number) >= threshold) c++;
    return { id: index[rows[0]!] as number | string, n: rows.length, c };
  });
}
