/**
 * dice (Reasoning Gym): the probability that a roll of small dice satisfies a sum condition, as a
 * reduced fraction `a/b`. Counts are exact (dynamic programming over sums, BigInt-free: at most
 * 20^5 = 3.2M outcomes). Level 1 is one die (3-20 sides) and "at least / at most / exactly t".
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { ASK, checkLevel, gcdBig, gcdNum, intIn, makeItem, metaNumber, metaNumbers, metaString, parseNum, scoreWith, type Verdict } from '../common/index.js';

const NAME = 'dice';
const LEVELS = [1, 2, 3, 4, 5] as const;

export type DiceCondition = 'at_least' | 'at_most' | 'exactly';

/** Level → (dice count, max sides, conditions asked). */
const CONFIG: Record<number, { count: number; maxSides: number; conditions: readonly DiceCondition[] }> = {
  1: { count: 1, maxSides: 20, conditions: ['at_least', 'at_most', 'exactly'] },
  2: { count: 2, maxSides: 8, conditions: ['at_least', 'at_most'] },
  3: { count: 3, maxSides: 8, conditions: ['at_least', 'at_most'] },
  4: { count: 4, maxSides: 12, conditions: ['at_least', 'at_most', 'exactly'] },
  5: { count: 5, maxSides: 20, conditions: ['at_least', 'at_most', 'exactly'] },
};

export interface DiceMeta {
  /** Sides of each die, descending. */
  dice: number[];
  condition: DiceCondition;
  target: number;
  /** Outcomes satisfying the condition, and all outcomes. */
  ways: number;
  total: number;
}

/** counts[s] = number of outcomes with sum s. */
export function sumCounts(dice: readonly number[]): number[] {
  let counts = [1];
  for (const sides of dice) {
    const next = new Array<number>(counts.length + sides).fill(0);
    for (let s = 0; s < counts.length; s++) {
      const c = counts[s]!;
      if (c === 0) continue;
      for (let f = 1; f <= sides; f++) next[s + f]! += c;
    }
    counts = next;
  }
  return counts;
}

function holds(condition: DiceCondition, sum: number, target: number): boolean {
  switch (condition) {
    case 'at_least':
      return sum >= target;
    case 'at_most':
      return sum <= target;
    case 'exactly':
      return sum === target;
    default: {
      const never: never = condition;
      return never;
    }
  }
}

const SYMBOL: Record<DiceCondition, string> = { at_least: '>=', at_most: '<=', exactly: '=' };
const WORDS: Record<DiceCondition, string> = { at_least: 'or more', at_most: 'or less', exactly: 'exactly' };

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const cfg = CONFIG[level]!;
  // Levels 1-2 draw every die (more distinct items); higher levels keep one die at the maximum.
  const dice = [level <= 2 ? intIn(rng, 3, cfg.maxSides) : cfg.maxSides];
  for (let i = 1; i < cfg.count; i++) dice.push(intIn(rng, 2, cfg.maxSides));
  dice.sort((a, b) => b - a);
  const min = dice.length;
  const max = dice.reduce((a, b) => a + b, 0);
  const condition = rng.pick(cfg.conditions);
  // Keep 0 < p < 1: "at least" from min+1, "at most" up to max-1.
  const target = condition === 'at_least' ? intIn(rng, min + 1, max) : condition === 'at_most' ? intIn(rng, min, max - 1) : intIn(rng, min, max);
  const counts = sumCounts(dice);
  let ways = 0;
  for (let s = 0; s < counts.length; s++) if (holds(condition, s, target)) ways += counts[s]!;
  const total = dice.reduce((a, b) => a * b, 1);
  const g = gcdNum(ways, total);
  const diceStr = dice.map((d) => `1d${d}`).join(', ');
  const prompt =
    level === 1
      ? `Roll one ${dice[0]}-sided die. P(roll ${SYMBOL[condition]} ${target}) as a reduced fraction a/b? ${ASK}`
      : `I roll ${diceStr} (1dN = one N-sided die). What is the probability that the sum is ${condition === 'exactly' ? `exactly ${target}` : `${target} ${WORDS[condition]}`}? Give a reduced fraction a/b. ${ASK}`;
  const meta: DiceMeta = { dice, condition, target, ways, total };
  return makeItem(NAME, 'stem', level, seed, prompt, `${ways / g}/${total / g}`, { ...meta });
}

function solve(item: TaskItem): string {
  const dice = metaNumbers(item.meta, 'dice');
  const condition = metaString(item.meta, 'condition') as DiceCondition;
  const target = metaNumber(item.meta, 'target');
  const ways = metaNumber(item.meta, 'ways');
  const total = metaNumber(item.meta, 'total');
  const lines = [dice.length === 1 ? `outcomes=${total}` : `outcomes=${dice.join('*')}=${total}`, `ways(sum${SYMBOL[condition]}${target})=${ways}`];
  if (`${ways}/${total}` !== item.oracle) lines.push(`${ways}/${total}=${item.oracle}`);
  lines.push(answerBlock(item.oracle));
  return lines.join('\n');
}

/** `a/b` with optional spaces and sign → [a, b] as BigInts; null otherwise. */
function parseFraction(text: string): [bigint, bigint] | null {
  if (text.length > 100) return null;
  const m = /^\s*(-?\d{1,30})\s*\/\s*(\d{1,30})\s*$/.exec(text);
  if (m === null) return null;
  return [BigInt(m[1]!), BigInt(m[2]!)];
}

function verdict(item: TaskItem, answer: string): Verdict {
  const ways = BigInt(metaNumber(item.meta, 'ways'));
  const total = BigInt(metaNumber(item.meta, 'total'));
  const frac = parseFraction(answer);
  if (frac !== null) {
    const [a, b] = frac;
    if (b !== 0n && a * total === ways * b) {
      const reduced = gcdBig(a, b) === 1n;
      return reduced ? { score: 1, reason: 'exact' } : { score: 0.5, reason: 'partial:unreduced' };
    }
    return { score: 0.01, reason: 'wrong' };
  }
  const v = parseNum(answer);
  const p = Number(ways) / Number(total);
  if (v !== null && Math.abs(v - p) <= 5e-4 * Math.max(p, 1e-3)) return { score: 0.25, reason: 'partial:decimal' };
  return { score: 0.01, reason: 'wrong' };
}

export const dice: TaskFamily = {
  name: NAME,
  domain: 'stem',
  levels: LEVELS,
  description: 'Probability that a roll of dice meets a sum condition, as a reduced fraction; more and bigger dice per level.',
  scoringRules:
    '1 for the reduced fraction a/b (spaces allowed); 0.5 for an equivalent fraction that is not reduced (e.g. 2/4 for 1/2); ' +
    '0.25 for a decimal within 0.05% relative of the probability; 0.01 for any other answer in an answer block ' +
    "(Reasoning Gym's floor for a wrong answer); 0 if there is no answer block.",
  generate,
  solve,
  score: (item, completion) => scoreWith(completion, (a) => verdict(item, a)),
};
