/**
 * Deterministic sampling of a suite's items for one split. The same (suite, split, n, seed) always
 * gives the same items in the same order:
 *  1. a generator seeded from `${suite}/${split}/${seed}` picks a (family, level) cell with weight
 *     family weight x level weight (held-out families excluded from 'train');
 *  2. it draws item seeds until the generated item's split (hash of family + prompt, see `split.ts`)
 *     is the requested one and its prompt is new in this sample.
 * So splits never overlap, and a sample never repeats a question. A family with only a handful of
 * distinct prompts may have none in a small split: after `maxAttempts` fruitless seeds its cell is
 * dropped from the draw (deterministically), and only when every cell is dropped does sampling fail.
 */
import { Rng } from '@prorl/rl-core';
import type { TaskItem } from '../tasks/types.js';
import { SuiteError } from './errors.js';
import { generateItem } from './generate.js';
import { fnv1a32 } from './hash.js';
import { splitOf, type SplitName } from './split.js';
import { resolveSuite, restrictSuite, type ResolvedSuite, type SuiteSpec } from './suite-spec.js';

/** An item with the split it belongs to (the JSONL export format). */
export interface SuiteItem extends TaskItem {
  split: SplitName;
}

export interface SampleOptions {
  split: SplitName;
  n: number;
  /** Sampling seed (default 0). */
  seed?: number;
  /** Only this family (its suite entry, or all its levels if the suite lacks it). */
  family?: string;
  /** Seeds tried per item before a (family, level) counts as exhausted for this split (default 2,000). */
  maxAttempts?: number;
  /** Never repeat a prompt within the sample (default true). */
  distinct?: boolean;
}

function pickWeighted(rng: Rng, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  let u = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i]!;
    if (u < 0 && weights[i]! > 0) return i;
  }
  // Float round-off: the last cell with positive weight.
  for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i;
  return weights.length - 1;
}

/** An endless, deterministic stream of items of one split (distinct unless `distinct: false`). */
export function* streamSuite(suiteOrSpec: ResolvedSuite | SuiteSpec | string, opts: Omit<SampleOptions, 'n'>): Generator<SuiteItem> {
  let suite = resolveSuite(suiteOrSpec);
  if (opts.family !== undefined) suite = restrictSuite(suite, opts.family);
  const entries = opts.split === 'train' ? suite.entries.filter((e) => !suite.heldOut.includes(e.family)) : suite.entries;
  if (entries.length === 0) {
    throw new SuiteError('invalid_suite', `suite '${suite.name}'`, `has no families left for split '${opts.split}' (all are held out of training)`, 'sample another split or drop the family from heldOut');
  }
  const seed = opts.seed ?? 0;
  const maxAttempts = opts.maxAttempts ?? 2_000;
  const distinct = opts.distinct ?? true;
  const rng = new Rng(fnv1a32(`${suite.name}/${opts.split}/${seed}`));
  // One cell per (family, level), weight = family weight x normalised level weight.
  const cells = entries.flatMap((e) => {
    const lw = e.levelWeights.reduce((a, b) => a + b, 0);
    return e.levels.map((level, i) => ({ family: e.family, level, weight: (e.weight * e.levelWeights[i]!) / lw }));
  });
  const weights = cells.map((c) => c.weight);
  const seen = new Set<string>();
  for (;;) {
    if (!weights.some((w) => w > 0)) {
      throw new SuiteError(
        'exhausted',
        `suite '${suite.name}'${opts.family ? `, family '${opts.family}'` : ''}`,
        `no more ${distinct ? 'new ' : ''}'${opts.split}' items (each family and level found none in ${maxAttempts} seeds; families with few distinct prompts have few or no test items)`,
        'ask for fewer items, use more levels or families, or pass distinct: false',
      );
    }
    const cellIndex = pickWeighted(rng, weights);
    const cell = cells[cellIndex]!;
    let found: SuiteItem | undefined;
    for (let attempt = 0; attempt < maxAttempts && !found; attempt++) {
      const item = generateItem(cell.family, cell.level, rng.nextU32());
      const key = `${item.family}\n${item.prompt}`;
      if ((distinct && seen.has(key)) || splitOf(item, suite.fractions) !== opts.split) continue;
      seen.add(key);
      found = { ...item, split: opts.split };
    }
    if (!found) {
      // This (family, level) has no (more) items in this split: drop it from the draw.
      weights[cellIndex] = 0;
      continue;
    }
    yield found;
  }
}

/** `n` distinct items of one split, deterministic in (suite, split, n, seed, family). */
export function sampleSuite(suite: ResolvedSuite | SuiteSpec | string, opts: SampleOptions): SuiteItem[] {
  if (!Number.isInteger(opts.n) || opts.n < 0) throw new SuiteError('invalid_param', 'n', `must be a non-negative integer, got ${opts.n}`, 'pass e.g. --n 100');
  const out: SuiteItem[] = [];
  if (opts.n === 0) return out;
  for (const item of streamSuite(suite, opts)) {
    out.push(item);
    if (out.length >= opts.n) break;
  }
  return out;
}
