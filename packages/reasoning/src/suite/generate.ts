/**
 * Item generation by stable id: `(family, level, seed)` always yields the same item, because the
 * family's `Rng` is seeded from a hash of the id `${family}/L${level}/${seed}`.
 */
import { Rng } from '@prorl/rl-core';
import { getFamily } from '../tasks/registry.js';
import type { TaskItem } from '../tasks/types.js';
import { SuiteError } from './errors.js';
import { fnv1a32 } from './hash.js';

export function itemId(family: string, level: number, seed: number): string {
  return `${family}/L${level}/${seed}`;
}

/** Parses `family/L<level>/<seed>`; null when the text is not such an id. */
export function parseItemId(id: string): { family: string; level: number; seed: number } | null {
  const m = /^([^/]+)\/L(-?\d+)\/(\d+)$/.exec(id);
  if (!m) return null;
  return { family: m[1]!, level: Number(m[2]), seed: Number(m[3]) };
}

/** The seeded generator a family receives for `(family, level, seed)`. */
export function itemRng(family: string, level: number, seed: number): Rng {
  return new Rng(fnv1a32(itemId(family, level, seed)));
}

/**
 * Generates the item `(family, level, seed)`. Throws `UnknownNameError` for an unknown family and
 * `SuiteError('invalid_level')` for a level the family does not have.
 */
export function generateItem(family: string, level: number, seed: number): TaskItem {
  const f = getFamily(family);
  if (!f.levels.includes(level)) {
    throw new SuiteError('invalid_level', `family '${family}'`, `has no level ${level}`, `use one of its levels: ${f.levels.join(', ')}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new SuiteError('invalid_param', 'seed', `must be an integer in [0, 2^32), got ${seed}`, 'pass a non-negative 32-bit integer');
  }
  return f.generate(level, seed, itemRng(family, level, seed));
}
