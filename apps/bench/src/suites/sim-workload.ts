/**
 * Synthetic simulator workloads for the speed suites: a random catalogue of N items (dense ids 1..N,
 * 0 = padding, as `UserSimulator` expects) and seeded random histories and proactive paths over it.
 * Speed does not depend on what the items mean, so no licensed data is needed; the catalogue sizes
 * follow the real ones (ML-100K: 1682 movies; ML-1M: 3883 movies, the authors' item table).
 */
import type { Rng } from '@prorl/rl-core';
import type { PathToScore } from '@prorl/rec';

/** Catalogue sizes of the datasets the recommender is evaluated on. */
export const CATALOGUES = { 'ml-100k': 1682, 'ml-1m': 3883 } as const;
export type CatalogueName = keyof typeof CATALOGUES;

function checkSizes(numItems: number, count: number, len: number): void {
  for (const [k, v] of [['numItems', numItems], ['count', count], ['len', len]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${k} must be a positive integer, got ${v}`);
  }
}

/** `count` histories of exactly `len` items, each drawn uniformly from 1..numItems. Shape [count][len]. */
export function randomHistories(rng: Rng, numItems: number, count: number, len: number): number[][] {
  checkSizes(numItems, count, len);
  return Array.from({ length: count }, () => Array.from({ length: len }, () => 1 + rng.int(numItems)));
}

/**
 * `count` paths to score: a `historyLen`-item history, a target item, and `pathLen` recommended items
 * (no invalid or repeated items, so every step is scored: 1 + pathLen sequences per path).
 */
export function randomPaths(rng: Rng, numItems: number, count: number, historyLen: number, pathLen: number): PathToScore[] {
  checkSizes(numItems, count, historyLen);
  checkSizes(numItems, count, pathLen);
  if (pathLen > numItems) throw new RangeError(`pathLen ${pathLen} exceeds the catalogue (${numItems} items); paths hold distinct items`);
  return Array.from({ length: count }, () => {
    const items: number[] = [];
    while (items.length < pathLen) {
      const it = 1 + rng.int(numItems);
      if (!items.includes(it)) items.push(it);
    }
    return { history: Array.from({ length: historyLen }, () => 1 + rng.int(numItems)), target: 1 + rng.int(numItems), items };
  });
}
