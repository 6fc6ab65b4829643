/**
 * group_anagrams (Reasoning Gym): partition a list of words into groups of anagrams. The answer is a
 * JSON list of lists; it is verified as a partition (groups and words in any order), not compared
 * with the oracle string.
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { checkLevel, intIn, makeItem, metaStrings, scoreWith, type Verdict } from '../common/index.js';
import { ANAGRAM_GROUPS, anagramKey } from './words.js';

const NAME = 'group_anagrams';
const LEVELS = [1, 2, 3, 4, 5] as const;

/** Level → (groups, max words taken per group, max word length). */
const CONFIG: Record<number, { groups: number; perGroup: number; maxLen: number }> = {
  1: { groups: 2, perGroup: 2, maxLen: 3 },
  2: { groups: 3, perGroup: 2, maxLen: 4 },
  3: { groups: 4, perGroup: 3, maxLen: 5 },
  4: { groups: 6, perGroup: 4, maxLen: 6 },
  5: { groups: 10, perGroup: 5, maxLen: 6 },
};

export interface GroupAnagramsMeta {
  words: string[];
}

/** Canonical partition: each group sorted, groups sorted by their first word. */
export function canonicalGroups(groups: readonly (readonly string[])[]): string[][] {
  return groups.map((g) => [...g].sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
}

export function groupAnagrams(words: readonly string[]): string[][] {
  const byKey = new Map<string, string[]>();
  for (const w of words) {
    const k = anagramKey(w);
    const g = byKey.get(k);
    if (g) g.push(w);
    else byKey.set(k, [w]);
  }
  return canonicalGroups([...byKey.values()]);
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const cfg = CONFIG[level]!;
  const pool = rng.shuffle(ANAGRAM_GROUPS.filter((g) => g[0]!.length <= cfg.maxLen).map((g) => [...g]));
  const words: string[] = [];
  for (const g of pool.slice(0, cfg.groups)) {
    const take = intIn(rng, 1, Math.min(cfg.perGroup, g.length));
    words.push(...rng.shuffle(g).slice(0, take));
  }
  rng.shuffle(words);
  const oracle = JSON.stringify(groupAnagrams(words));
  const list = JSON.stringify(words);
  const prompt =
    level === 1 ? `Group the anagrams: ${list}. Answer a JSON list of lists in <answer></answer>.` : `Group these words into anagrams (any order): ${list}. Answer a JSON list of lists in <answer></answer>.`;
  return makeItem(NAME, 'algorithmic', level, seed, prompt, oracle, { words });
}

function solve(item: TaskItem): string {
  const words = metaStrings(item.meta, 'words');
  return [...words.map((w) => `${w}:${anagramKey(w)}`), answerBlock(item.oracle)].join('\n');
}

/** Parses a JSON (or single-quoted, Python-style) list of lists of strings; null when malformed. */
export function parseGroups(text: string): string[][] | null {
  const tryParse = (s: string): unknown => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      return undefined;
    }
  };
  let v = tryParse(text);
  if (v === undefined && text.includes("'")) v = tryParse(text.replace(/'/g, '"'));
  if (!Array.isArray(v)) return null;
  const out: string[][] = [];
  for (const g of v) {
    if (!Array.isArray(g) || !g.every((w) => typeof w === 'string')) return null;
    out.push(g as string[]);
  }
  return out;
}

function verdict(item: TaskItem, answer: string): Verdict {
  const words = metaStrings(item.meta, 'words');
  const groups = parseGroups(answer.trim());
  if (groups === null) return { score: 0, reason: 'unparseable' };
  const expected = JSON.stringify(groupAnagrams(words));
  if (groups.some((g) => g.length === 0)) return { score: 0.01, reason: 'empty_group' };
  return JSON.stringify(canonicalGroups(groups)) === expected ? { score: 1, reason: 'exact' } : { score: 0.01, reason: 'wrong_partition' };
}

export const groupAnagramsFamily: TaskFamily = {
  name: NAME,
  domain: 'algorithmic',
  levels: LEVELS,
  description: 'Group a list of words into anagram groups, answered as a JSON list of lists; more groups per level.',
  scoringRules:
    "Reasoning Gym's rule, verified as a partition: the answer must parse as a JSON list of lists of strings (single quotes tolerated). " +
    '1 if, ignoring the order of groups and of words inside groups, it is exactly the anagram partition of the given words ' +
    '(every word once); 0.01 if it parses but is a different partition; 0 if it does not parse or there is no answer block.',
  generate,
  solve,
  score: (item, completion) => scoreWith(completion, (a) => verdict(item, a)),
};
