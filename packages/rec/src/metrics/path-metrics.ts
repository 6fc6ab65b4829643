/**
 * Path metrics as the paper's evaluator computes them (App. C), plus the diagnostics the method
 * section uses. Each metric declares its direction (RecBole's habit).
 *
 * Per record (one generated path):
 *  - IoI / IoR: path-level gains (= sums of the step rewards over decodable items); a path with no
 *    valid item scores 0 for IoI, IoR and CTR (those zeros are averaged in, as the reference does).
 *  - CTR: mean over the path's valid items of σ(h(prefix)ᵀ v_item).
 *  - Coherence: mean over consecutive pairs of (valid path ⊕ [target]) of 1[share an attribute];
 *    an empty path scores 0.
 *  - invalid rate: share of undecodable / unknown items among generated items.
 *  - path length: generated items (valid or not).
 *  - diversity: 1 − mean pairwise Jaccard similarity between the item sets of the paths sampled for
 *    the same prompt (needs >= 2 paths per prompt; greedy @1 decoding gives none).
 */
import type { StepRewards } from '../rewards/step-rewards.js';

export type MetricName = 'ctr' | 'coherence' | 'ioi' | 'ior' | 'invalid_rate' | 'path_len' | 'diversity';

export const METRIC_DIRECTION: Record<MetricName, 'higher' | 'lower' | 'neutral'> = {
  ctr: 'higher',
  coherence: 'higher',
  ioi: 'higher',
  ior: 'higher',
  invalid_rate: 'lower',
  path_len: 'neutral',
  diversity: 'higher',
};

export interface ScoredPath {
  /** Raw item ids of the generated path (null where undecodable). */
  items: readonly (string | null)[];
  target: string;
  rewards: StepRewards;
}

export interface PathMetrics {
  ctr: number;
  coherence: number;
  ioi: number;
  ior: number;
  invalid_rate: number;
  path_len: number;
}

/** Metrics of one path. `shares(a, b)` is the coherence oracle (attribute sharing, Drama included on ML). */
export function pathMetrics(p: ScoredPath, shares: (a: string, b: string) => boolean): PathMetrics {
  const L = p.items.length;
  let valid = 0;
  let invalid = 0;
  let ctr = 0;
  let ioi = 0;
  let ior = 0;
  const seq: string[] = [];
  for (let k = 0; k < L; k++) {
    const it = p.items[k];
    if (it === null || it === undefined || p.rewards.kind[k] === 'invalid') {
      invalid++;
      continue;
    }
    valid++;
    ctr += p.rewards.ctr[k]!;
    ioi += p.rewards.ioi[k]!;
    ior += p.rewards.ior[k]!;
    seq.push(it);
  }
  let coherence = 0;
  if (seq.length > 0) {
    const chain = [...seq, p.target];
    let s = 0;
    for (let i = 1; i < chain.length; i++) s += shares(chain[i - 1]!, chain[i]!) ? 1 : 0;
    coherence = s / (chain.length - 1);
  }
  return {
    ctr: valid > 0 ? ctr / valid : 0,
    coherence,
    ioi: valid > 0 ? ioi : 0,
    ior: valid > 0 ? ior : 0,
    invalid_rate: L > 0 ? invalid / L : 0,
    path_len: L,
  };
}

/** Mean of each metric over records. */
export function meanMetrics(rows: readonly PathMetrics[]): PathMetrics {
  const n = Math.max(rows.length, 1);
  const acc: PathMetrics = { ctr: 0, coherence: 0, ioi: 0, ior: 0, invalid_rate: 0, path_len: 0 };
  for (const r of rows) for (const k of Object.keys(acc) as (keyof PathMetrics)[]) acc[k] += r[k];
  for (const k of Object.keys(acc) as (keyof PathMetrics)[]) acc[k] /= n;
  return acc;
}

/** 1 − mean pairwise Jaccard similarity of item sets; NaN-free: fewer than 2 paths → 0. */
export function pathDiversity(paths: readonly (readonly (string | null)[])[]): number {
  const sets = paths.map((p) => new Set(p.filter((x): x is string => x !== null)));
  let pairs = 0;
  let sim = 0;
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      const a = sets[i]!;
      const b = sets[j]!;
      let inter = 0;
      for (const x of a) if (b.has(x)) inter++;
      const union = a.size + b.size - inter;
      sim += union > 0 ? inter / union : 1;
      pairs++;
    }
  }
  return pairs > 0 ? 1 - sim / pairs : 0;
}
