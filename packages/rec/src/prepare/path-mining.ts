/**
 * Coherent path mining, the paper's Algorithm 1 ("Smooth-Guided Data").
 *
 * Walk a user's time-ordered sequence keeping a current segment. The feasibility oracle F(prev, curr)
 * holds when the two items share at least one attribute (attributes in `exclude` do not count; the
 * paper excludes "Drama" on MovieLens because almost every movie has it). While F holds, extend the
 * segment. When F fails (or the segment reached `maxSegment` items), archive the segment if it has at
 * least 2 items and start a new one at the current item. The segment left at the end is archived too.
 *
 * Each archived segment with at least `historyLen` items before it becomes a record:
 *   history = the `historyLen` items immediately before the segment,
 *   path    = the segment without its last item, target = the segment's last item.
 * (The released data confirm the shape: all inner pairs share an attribute, and the last history item
 * never shares one with the segment's first item.)
 */
import type { Catalog, PathRecord } from '../data/types.js';

export interface PathMiningConfig {
  /** Items before the segment used as history. Paper: 10. */
  historyLen: number;
  /** Longest segment (path + target). Paper's released val paths: 2..10. */
  maxSegment: number;
  /** Attributes ignored by the oracle. Paper (MovieLens): ["Drama"]. */
  exclude: string[];
}

export const DEFAULT_PATH_MINING: PathMiningConfig = { historyLen: 10, maxSegment: 10, exclude: [] };

/** The attribute-sharing oracle F(a, b). */
export function sharesAttribute(catalog: Catalog, a: string, b: string, exclude: ReadonlySet<string>): boolean {
  const A = catalog.get(a)?.attributes ?? [];
  const B = catalog.get(b)?.attributes ?? [];
  for (const x of A) if (!exclude.has(x) && B.includes(x)) return true;
  return false;
}

/** Coherent segments of one sequence, as [start, end) index pairs, each with >= 2 items. */
export function coherentSegments(seq: readonly string[], catalog: Catalog, cfg: PathMiningConfig): Array<[number, number]> {
  const ex = new Set(cfg.exclude);
  const out: Array<[number, number]> = [];
  let start = 0;
  for (let i = 1; i <= seq.length; i++) {
    const cut = i === seq.length || i - start >= cfg.maxSegment || !sharesAttribute(catalog, seq[i - 1]!, seq[i]!, ex);
    if (cut) {
      if (i - start >= 2) out.push([start, i]);
      start = i;
    }
  }
  return out;
}

/** Mines path records from every user's sequence. */
export function minePaths(sequences: Map<string, string[]>, catalog: Catalog, config: Partial<PathMiningConfig> = {}): PathRecord[] {
  const cfg = { ...DEFAULT_PATH_MINING, ...config };
  const records: PathRecord[] = [];
  for (const [user, seq] of sequences) {
    for (const [s, e] of coherentSegments(seq, catalog, cfg)) {
      if (s < cfg.historyLen) continue;
      const segment = seq.slice(s, e);
      records.push({ user, history: seq.slice(s - cfg.historyLen, s), path: segment.slice(0, -1), target: segment[segment.length - 1]! });
    }
  }
  return records;
}
