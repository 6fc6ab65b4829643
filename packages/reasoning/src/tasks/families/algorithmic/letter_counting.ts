/**
 * letter_counting (Reasoning Gym): how many times a letter occurs in a phrase (case-insensitive).
 * Level 1 is one word; level 5 is a 20-word phrase with random capitals.
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { ASK, checkLevel, intIn, makeItem, metaString, scoreIntAnswer } from '../common/index.js';
import { WORDS, wordsUpTo } from './words.js';

const NAME = 'letter_counting';
const LEVELS = [1, 2, 3, 4, 5] as const;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

/** Level → (min words, max words, max word length, random capitals). */
const CONFIG: Record<number, { min: number; max: number; maxLen: number; caps: boolean }> = {
  1: { min: 1, max: 1, maxLen: 6, caps: false },
  2: { min: 2, max: 3, maxLen: 7, caps: false },
  3: { min: 4, max: 6, maxLen: 9, caps: false },
  4: { min: 8, max: 12, maxLen: 9, caps: true },
  5: { min: 15, max: 25, maxLen: 9, caps: true },
};

export interface LetterCountingMeta {
  text: string;
  letter: string;
}

export function countLetter(text: string, letter: string): number {
  let n = 0;
  const l = letter.toLowerCase();
  for (const c of text.toLowerCase()) if (c === l) n++;
  return n;
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const cfg = CONFIG[level]!;
  const pool = cfg.maxLen >= 9 ? WORDS : wordsUpTo(cfg.maxLen);
  const n = intIn(rng, cfg.min, cfg.max);
  const words = Array.from({ length: n }, () => {
    const w = rng.pick(pool);
    return cfg.caps && rng.next() < 0.3 ? w[0]!.toUpperCase() + w.slice(1) : w;
  });
  const text = words.join(' ');
  // Mostly a letter that occurs; sometimes any letter (the count may be 0).
  const letters = text.toLowerCase().replace(/ /g, '');
  const letter = rng.next() < 0.85 ? letters[rng.int(letters.length)]! : ALPHABET[rng.int(26)]!;
  const prompt =
    level === 1
      ? `How many times does "${letter}" occur in "${text}"? ${ASK}`
      : `How many times does the letter "${letter}" occur in "${text}" (ignoring case)? ${ASK}`;
  const meta: LetterCountingMeta = { text, letter };
  return makeItem(NAME, 'algorithmic', level, seed, prompt, String(countLetter(text, letter)), { ...meta });
}

function solve(item: TaskItem): string {
  const text = metaString(item.meta, 'text');
  const letter = metaString(item.meta, 'letter');
  const lines: string[] = [];
  for (const w of text.split(' ')) {
    const k = countLetter(w, letter);
    if (k > 0) lines.push(`${w}:${k}`);
  }
  lines.push(`total=${item.oracle}`);
  lines.push(answerBlock(item.oracle));
  return lines.join('\n');
}

export const letterCounting: TaskFamily = {
  name: NAME,
  domain: 'algorithmic',
  levels: LEVELS,
  description: 'Count how often a letter occurs in a word or phrase (case-insensitive); longer phrases per level.',
  scoringRules:
    'Integer answer: 1 if equal to the count (separators/leading zeros ignored). Any other bare number: 0. Other text: ' +
    'Reasoning Gym default, len(oracle)/len(answer) if the oracle appears inside it (verbose answers), else 0. No answer block: 0.',
  generate,
  solve,
  score: scoreIntAnswer,
};
