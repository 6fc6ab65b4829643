/**
 * word_sorting (Reasoning Gym): sort words ascending or descending by ASCII order (upper case before
 * lower case) and answer them comma-separated.
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { ASK, checkLevel, makeItem, metaString, metaStrings, scoreWith, type Verdict } from '../common/index.js';
import { WORDS, wordsUpTo } from './words.js';

const NAME = 'word_sorting';
const LEVELS = [1, 2, 3, 4, 5] as const;

type Direction = 'ascending' | 'descending';
type Casing = 'lower' | 'capitalized' | 'random';

/** Level → (count, max word length, casing, whether descending may be asked). */
const CONFIG: Record<number, { count: number; maxLen: number; casing: Casing; both: boolean }> = {
  1: { count: 3, maxLen: 4, casing: 'lower', both: false },
  2: { count: 4, maxLen: 6, casing: 'lower', both: true },
  3: { count: 6, maxLen: 9, casing: 'capitalized', both: true },
  4: { count: 10, maxLen: 9, casing: 'random', both: true },
  5: { count: 16, maxLen: 9, casing: 'random', both: true },
};

export interface WordSortingMeta {
  words: string[];
  direction: Direction;
  sorted: string[];
}

/** ASCII / UTF-16 code-unit order (what Python's sorted() does on ASCII words). */
export function asciiSort(words: readonly string[], direction: Direction): string[] {
  const s = [...words].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return direction === 'ascending' ? s : s.reverse();
}

function applyCase(w: string, casing: Casing, rng: Rng): string {
  switch (casing) {
    case 'lower':
      return w;
    case 'capitalized':
      return rng.next() < 0.4 ? w[0]!.toUpperCase() + w.slice(1) : w;
    case 'random':
      return Array.from(w, (c) => (rng.next() < 0.3 ? c.toUpperCase() : c)).join('');
    default: {
      const never: never = casing;
      return never;
    }
  }
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const cfg = CONFIG[level]!;
  const pool = rng.shuffle(cfg.maxLen >= 9 ? [...WORDS] : wordsUpTo(cfg.maxLen));
  const words = pool.slice(0, cfg.count).map((w) => applyCase(w, cfg.casing, rng));
  const direction: Direction = cfg.both && rng.next() < 0.5 ? 'descending' : 'ascending';
  const sorted = asciiSort(words, direction);
  const prompt =
    level === 1
      ? `Sort ascending: ${words.join(', ')}. ${ASK}`
      : `Sort these words in ${direction} ASCII order (uppercase before lowercase), comma-separated: ${words.join(', ')}. ${ASK}`;
  const meta: WordSortingMeta = { words, direction, sorted };
  return makeItem(NAME, 'algorithmic', level, seed, prompt, sorted.join(', '), { ...meta });
}

function solve(item: TaskItem): string {
  const sorted = metaStrings(item.meta, 'sorted');
  const direction = metaString(item.meta, 'direction');
  const rel = direction === 'ascending' ? '<' : '>';
  return [`first letters (${rel}): ${sorted.map((w) => w[0]).join(' ')}`, answerBlock(item.oracle)].join('\n');
}

function verdict(item: TaskItem, answer: string): Verdict {
  const norm = (s: string): string => s.replace(/\s+/g, '');
  return norm(answer) === norm(item.oracle) ? { score: 1, reason: 'exact' } : { score: 0.01, reason: 'wrong' };
}

export const wordSorting: TaskFamily = {
  name: NAME,
  domain: 'algorithmic',
  levels: LEVELS,
  description: 'Sort words ascending or descending in ASCII order, comma-separated; more words and mixed case per level.',
  scoringRules:
    "Reasoning Gym's rule: whitespace is removed from answer and oracle; 1 if they are then equal (same words, same order, same case), " +
    '0.01 for any other answer in an answer block (including empty); 0 if there is no answer block.',
  generate,
  solve,
  score: (item, completion) => scoreWith(completion, (a) => verdict(item, a)),
};
