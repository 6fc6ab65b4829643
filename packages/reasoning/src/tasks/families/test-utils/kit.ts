/**
 * Test helpers shared by every family's tests (imported by `*.test.ts` only): the suite's rng per
 * (family, level, seed), synchronous scoring and the answer wrapper.
 */
import { Rng } from '@prorl/rl-core';
import type { ScoreResult, TaskFamily, TaskItem } from '../../types.js';

/** FNV-1a of `${family}/L${level}/${seed}`: the rng seed of an item (the suite's `itemRng` uses the same). */
export function itemSeed(family: string, level: number, seed: number): number {
  const s = `${family}/L${level}/${seed}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Generates the item (family, level, seed) with the suite's rng. */
export function gen(family: TaskFamily, level: number, seed: number): TaskItem {
  return family.generate(level, seed, new Rng(itemSeed(family.name, level, seed)));
}

/** Scores synchronously (every family but `code_function` has a synchronous verifier). */
export function scoreOf(family: TaskFamily, item: TaskItem, completion: string): ScoreResult {
  const r = family.score(item, completion);
  if (r instanceof Promise) throw new Error(`${family.name}.score returned a Promise`);
  return r;
}

export const wrap = (answer: string): string => `<answer>${answer}</answer>`;
