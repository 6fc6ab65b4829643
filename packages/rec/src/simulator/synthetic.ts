/**
 * A tiny synthetic catalogue with a planted next-item rule, for tests and smoke runs: items 1..N,
 * each sequence starts at a random item and then follows `next(i) = i + step (mod N, 1-based)` with
 * probability `pRule`, else jumps to a uniformly random item. A simulator that learns the rule gets
 * HR@10 ≈ pRule on the next item; a random ranker gets ≈ 10/N.
 */
import type { Rng } from '@prorl/rl-core';

export interface PlantedRuleOptions {
  numItems: number;
  sequences: number;
  /** Length range [min, max] (inclusive). */
  minLen: number;
  maxLen: number;
  step: number;
  pRule: number;
}

export const DEFAULT_PLANTED_RULE: PlantedRuleOptions = { numItems: 30, sequences: 200, minLen: 5, maxLen: 20, step: 7, pRule: 0.9 };

/** next(i) under the rule. */
export const plantedNext = (i: number, numItems: number, step: number): number => ((i - 1 + step) % numItems) + 1;

export function plantedRuleSequences(rng: Rng, partial: Partial<PlantedRuleOptions> = {}): number[][] {
  const o = { ...DEFAULT_PLANTED_RULE, ...partial };
  const out: number[][] = [];
  for (let s = 0; s < o.sequences; s++) {
    const len = o.minLen + rng.int(o.maxLen - o.minLen + 1);
    const seq = [1 + rng.int(o.numItems)];
    while (seq.length < len) seq.push(rng.next() < o.pRule ? plantedNext(seq[seq.length - 1]!, o.numItems, o.step) : 1 + rng.int(o.numItems));
    out.push(seq);
  }
  return out;
}
