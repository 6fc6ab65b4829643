/**
 * Next-item evaluation of any `UserSimulator`: HR@K and NDCG@K of the held-out item, over the full
 * catalogue (RecBole's full-sort protocol; higher is better for both).
 *
 *   rank = 1 + #{items j ∈ 1..N, j ≠ target : logit_j > logit_target}   (padding 0 never counts;
 *          ties resolve in the target's favour, as `rank` in the step rewards)
 *   HR@K = mean [rank ≤ K],  NDCG@K = mean [rank ≤ K] / log2(rank + 1)
 *
 * Leave-last-out (`leaveLastOut`): each held-out user's sequence minus its last item is the input and
 * the last item the target. Users here are val/test users the simulator never trained on.
 */
import { SimulatorConfigError, SimulatorInputError } from './errors.js';
import type { UserSimulator } from './types.js';

export interface NextItemCase {
  /** Dense ids, oldest first (non-empty). */
  seq: readonly number[];
  /** Dense id of the held-out next item. */
  target: number;
}

export interface NextItemMetrics {
  /** K of HR@K / NDCG@K. */
  k: number;
  hr: number;
  ndcg: number;
  /** Mean 1-based rank of the target (lower is better). */
  meanRank: number;
  cases: number;
}

/** One case per sequence with ≥ 2 items: input = all but the last item, target = the last item. */
export function leaveLastOut(seqs: Iterable<readonly number[]>): NextItemCase[] {
  const out: NextItemCase[] = [];
  for (const s of seqs) if (s.length >= 2) out.push({ seq: s.slice(0, -1), target: s[s.length - 1]! });
  return out;
}

/** Rank of `target` among items 1..N of one logits row [N+1] (see file doc). */
export function targetRank(logits: ArrayLike<number>, target: number): number {
  const x = logits[target]!;
  let rank = 1;
  for (let j = 1; j < logits.length; j++) if (j !== target && logits[j]! > x) rank++;
  return rank;
}

export interface EvaluateOptions {
  /** Default 10. */
  k: number;
  /** Sequences per `scoreAll` call. Default 256. */
  batchSize: number;
}

export async function evaluateNextItem(sim: UserSimulator, cases: readonly NextItemCase[], opts: Partial<EvaluateOptions> = {}): Promise<NextItemMetrics> {
  const k = opts.k ?? 10;
  const batchSize = opts.batchSize ?? 256;
  if (!Number.isInteger(k) || k < 1) throw new SimulatorConfigError('k', `must be a positive integer, got ${k}`, 'use 10');
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new SimulatorConfigError('batchSize', `must be a positive integer, got ${batchSize}`, 'use e.g. 256');
  if (cases.length === 0) throw new SimulatorInputError('no-data', 'evaluateNextItem: no cases', 'pass held-out sequences with at least two items (leaveLastOut)');
  const N1 = sim.numItems + 1;
  let hits = 0;
  let ndcg = 0;
  let rankSum = 0;
  for (let i = 0; i < cases.length; i += batchSize) {
    const part = cases.slice(i, i + batchSize);
    part.forEach((c, b) => {
      if (!Number.isInteger(c.target) || c.target < 1 || c.target > sim.numItems) {
        throw new SimulatorInputError('item-out-of-range', `case ${i + b}: target ${c.target} is outside 1..${sim.numItems}`, "encode targets with the simulator's ItemIndex");
      }
    });
    const logits = await sim.scoreAll(part.map((c) => c.seq));
    part.forEach((c, b) => {
      const rank = targetRank(logits.subarray(b * N1, (b + 1) * N1), c.target);
      rankSum += rank;
      if (rank <= k) {
        hits++;
        ndcg += 1 / Math.log2(rank + 1);
      }
    });
  }
  const n = cases.length;
  return { k, hr: hits / n, ndcg: ndcg / n, meanRank: rankSum / n, cases: n };
}
