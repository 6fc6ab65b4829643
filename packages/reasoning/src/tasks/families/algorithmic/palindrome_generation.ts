/**
 * palindrome_generation (Reasoning Gym's `palindrome`): rearrange given letters into a palindrome.
 * Many answers are valid; the verifier checks the constraints (a palindrome, using exactly the given
 * letters), never the oracle string.
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { ASK, checkLevel, intIn, makeItem, metaStrings, scoreWith, type Verdict } from '../common/index.js';

const NAME = 'palindrome_generation';
const LEVELS = [1, 2, 3, 4, 5] as const;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

/** Level → palindrome length range. */
const CONFIG: Record<number, { min: number; max: number }> = {
  1: { min: 3, max: 3 },
  2: { min: 4, max: 5 },
  3: { min: 6, max: 7 },
  4: { min: 8, max: 10 },
  5: { min: 12, max: 16 },
};

export interface PalindromeMeta {
  /** The letters in the (scrambled) order shown. */
  letters: string[];
}

/** The canonical palindrome of a letter multiset: sorted half, middle letter, mirrored half. */
export function assemblePalindrome(letters: readonly string[]): { half: string; middle: string; palindrome: string } {
  const counts = new Map<string, number>();
  for (const l of letters) counts.set(l, (counts.get(l) ?? 0) + 1);
  let half = '';
  let middle = '';
  for (const l of [...counts.keys()].sort()) {
    const c = counts.get(l)!;
    half += l.repeat(Math.floor(c / 2));
    if (c % 2 === 1) middle = l;
  }
  return { half, middle, palindrome: half + middle + half.split('').reverse().join('') };
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const cfg = CONFIG[level]!;
  const length = intIn(rng, cfg.min, cfg.max);
  const half = Array.from({ length: Math.floor(length / 2) }, () => ALPHABET[rng.int(26)]!);
  const letters = [...half, ...half];
  if (length % 2 === 1) letters.push(ALPHABET[rng.int(26)]!);
  rng.shuffle(letters);
  const prompt =
    level === 1
      ? `Make a palindrome from the letters ${letters.join(', ')}. ${ASK}`
      : `Rearrange all of these letters into a palindrome (reads the same both ways): ${letters.join(', ')}. ${ASK}`;
  return makeItem(NAME, 'algorithmic', level, seed, prompt, assemblePalindrome(letters).palindrome, { letters });
}

function solve(item: TaskItem): string {
  const { half, middle } = assemblePalindrome(metaStrings(item.meta, 'letters'));
  return [`half:${half}`, `middle:${middle === '' ? '-' : middle}`, answerBlock(item.oracle)].join('\n');
}

function verdict(item: TaskItem, answer: string): Verdict {
  const letters = metaStrings(item.meta, 'letters');
  // Lower-case, and ignore whitespace and commas between letters.
  const a = answer.toLowerCase().replace(/[\s,]/g, '');
  if (a === '') return { score: 0.01, reason: 'empty' };
  const chars = Array.from(a);
  if (chars.join('') !== [...chars].reverse().join('')) return { score: 0.02, reason: 'not_palindrome' };
  const want = [...letters].map((l) => l.toLowerCase()).sort().join('');
  if ([...chars].sort().join('') !== want) return { score: 0.05, reason: 'wrong_letters' };
  return { score: 1, reason: 'valid' };
}

export const palindromeGeneration: TaskFamily = {
  name: NAME,
  domain: 'algorithmic',
  levels: LEVELS,
  description: 'Rearrange the given letters into a palindrome; more letters per level.',
  scoringRules:
    "Reasoning Gym's rule, checked by constraint (any valid palindrome scores 1, not only the oracle): case, whitespace and commas are ignored; " +
    '1 if it is a palindrome using exactly the given letters; 0.05 if a palindrome with other letters; 0.02 if not a palindrome; ' +
    '0.01 if the answer block is empty; 0 if there is no answer block.',
  generate,
  solve,
  score: (item, completion) => scoreWith(completion, (a) => verdict(item, a)),
};
