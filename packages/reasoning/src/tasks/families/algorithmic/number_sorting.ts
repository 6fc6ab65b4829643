/**
 * number_sorting (Reasoning Gym): sort a list of numbers ascending or descending. Level 1 is three
 * digits ascending; level 5 is fifteen signed decimals. Answers are compared number by number, so the
 * formatting (`1.50` vs `1.5`, brackets, quotes) does not matter.
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { ASK, checkLevel, defaultVerdict, intIn, makeItem, metaStrings, parseNum, scoreWith, type Verdict } from '../common/index.js';

const NAME = 'number_sorting';
const LEVELS = [1, 2, 3, 4, 5] as const;

type Direction = 'ascending' | 'descending';

/** Level → (count, value range, max decimals, whether descending may be asked). */
const CONFIG: Record<number, { count: number; lo: number; hi: number; decimals: number; both: boolean }> = {
  1: { count: 3, lo: 0, hi: 9, decimals: 0, both: false },
  2: { count: 4, lo: 0, hi: 99, decimals: 0, both: true },
  3: { count: 6, lo: -99, hi: 99, decimals: 0, both: true },
  4: { count: 8, lo: -1000, hi: 1000, decimals: 2, both: true },
  5: { count: 15, lo: -10_000, hi: 10_000, decimals: 3, both: true },
};

export interface NumberSortingMeta {
  numbers: string[];
  direction: Direction;
  sorted: string[];
}

function sortNumbers(numbers: readonly string[], direction: Direction): string[] {
  const s = [...numbers].sort((a, b) => Number(a) - Number(b));
  return direction === 'ascending' ? s : s.reverse();
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const cfg = CONFIG[level]!;
  const numbers: string[] = [];
  for (let i = 0; i < cfg.count; i++) {
    const dp = cfg.decimals === 0 ? 0 : rng.int(cfg.decimals + 1);
    const scale = 10 ** dp;
    const v = intIn(rng, cfg.lo * scale, cfg.hi * scale) / scale;
    numbers.push(v.toFixed(dp));
  }
  const direction: Direction = cfg.both && rng.next() < 0.5 ? 'descending' : 'ascending';
  const sorted = sortNumbers(numbers, direction);
  const prompt = level === 1 ? `Sort ascending: ${numbers.join(', ')}. ${ASK}` : `Sort these numbers in ${direction} order: ${numbers.join(', ')}. Answer comma-separated. ${ASK}`;
  const meta: NumberSortingMeta = { numbers, direction, sorted };
  return makeItem(NAME, 'algorithmic', level, seed, prompt, sorted.join(', '), { ...meta });
}

function solve(item: TaskItem): string {
  const m = item.meta as unknown as NumberSortingMeta;
  const rel = m.direction === 'ascending' ? '<' : '>';
  // Ties print as `<=`/`>=` so the chain stays true.
  const chain = m.sorted.map((v, i) => (i === 0 ? v : `${Number(v) === Number(m.sorted[i - 1]) ? `${rel}=` : rel}${v}`)).join('');
  return [chain, answerBlock(item.oracle)].join('\n');
}

/** Splits `1, 2, 3`, `[1, 2, 3]`, `['1', '2']` into numbers; null when any element is not a number. */
export function parseNumberList(text: string): number[] | null {
  let t = text.trim();
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  if (t.trim() === '') return [];
  const parts = t.split(',');
  if (parts.length > 1000) return null;
  const out: number[] = [];
  for (const p of parts) {
    const q = p.trim().replace(/^(['"])(.*)\1$/s, '$2');
    const v = parseNum(q);
    if (v === null) return null;
    out.push(v);
  }
  return out;
}

function verdict(item: TaskItem, answer: string): Verdict {
  const sorted = metaStrings(item.meta, 'sorted').map(Number);
  const got = parseNumberList(answer);
  if (got === null) return defaultVerdict(answer, item.oracle);
  if (got.length !== sorted.length) return { score: 0, reason: 'wrong_length' };
  for (let i = 0; i < got.length; i++) {
    if (Math.abs(got[i]! - sorted[i]!) > 1e-9 * Math.max(1, Math.abs(sorted[i]!))) return { score: 0, reason: `wrong_at:${i}` };
  }
  return { score: 1, reason: 'exact' };
}

export const numberSorting: TaskFamily = {
  name: NAME,
  domain: 'algorithmic',
  levels: LEVELS,
  description: 'Sort a list of numbers ascending or descending; longer lists, signs and decimals per level.',
  scoringRules:
    'The answer is read as a comma-separated list (optional [ ] and quotes). 1 if it has the right length and every ' +
    'element equals the sorted list numerically (1.50 = 1.5); 0 otherwise. Text that is not a number list: Reasoning Gym ' +
    'default (oracle substring → len(oracle)/len(answer), else 0). No answer block: 0.',
  generate,
  solve,
  score: (item, completion) => scoreWith(completion, (a) => verdict(item, a)),
};
