/**
 * Random-path baseline: each path has a uniform random length in 1..maxLen and uniform random items
 * from the catalogue (excluding the record's target, which a path never contains). Seeded per
 * record and candidate, so K candidates differ and a run is reproducible.
 */
import { InvalidParamError, Rng } from '@prorl/rl-core';
import type { PathRecord } from '../data/types.js';
import type { PathGenerator } from '../policy/path-policy.js';

export interface RandomPathsOptions {
  /** Items to draw from (e.g. the semantic-ID map's keys or the simulator's raw ids). */
  items: readonly string[];
  /** Longest path. Default 10 (`max_proactive_length`). */
  maxLen?: number;
  name?: string;
}

export class RandomPathGenerator implements PathGenerator {
  readonly name: string;
  readonly maxLen: number;
  private readonly items: readonly string[];

  constructor(o: RandomPathsOptions) {
    this.items = [...new Set(o.items)];
    this.maxLen = o.maxLen ?? 10;
    this.name = o.name ?? 'random';
    if (this.items.length < 2) throw new InvalidParamError('items', `has ${this.items.length} distinct items`, 'pass the catalogue (at least 2 items)');
    if (!Number.isInteger(this.maxLen) || this.maxLen < 1) throw new InvalidParamError('maxLen', `must be a positive integer, got ${this.maxLen}`, 'use 10');
  }

  async generate(records: readonly PathRecord[], k: number, seed: number): Promise<(string | null)[][][]> {
    return records.map((r, i) => {
      const rng = new Rng((Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0);
      return Array.from({ length: k }, () => {
        const len = 1 + rng.int(this.maxLen);
        const path: string[] = [];
        while (path.length < len) {
          const it = this.items[rng.int(this.items.length)]!;
          if (it !== r.target) path.push(it);
        }
        return path;
      });
    });
  }
}
