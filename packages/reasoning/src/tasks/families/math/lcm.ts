/**
 * lcm (Reasoning Gym): least common multiple of 2–4 positive integers, via lcm(a,b) = a·b/gcd(a,b)
 * folded left to right. Values stay below 2^53 at every level (4 numbers ≤ 1000 → ≤ 1e12).
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { ASK, checkLevel, gcdNum, intIn, makeItem, NUMERIC_FALLBACK_RULES, scoreIntAnswer } from '../common/index.js';

const NAME = 'lcm';
const LEVELS = [1, 2, 3, 4, 5] as const;

/** Level → (how many numbers, min value, max value). */
const CONFIG: Record<number, { count: number; min: number; max: number }> = {
  1: { count: 2, min: 2, max: 12 },
  2: { count: 2, min: 2, max: 20 },
  3: { count: 2, min: 5, max: 100 },
  4: { count: 3, min: 5, max: 100 },
  5: { count: 4, min: 10, max: 1000 },
};

export interface LcmMeta {
  numbers: number[];
}

function lcmSteps(numbers: readonly number[]): { value: number; steps: string[] } {
  let acc = numbers[0]!;
  const steps: string[] = [];
  for (let i = 1; i < numbers.length; i++) {
    const b = numbers[i]!;
    const g = gcdNum(acc, b);
    const l = (acc / g) * b;
    steps.push(`gcd(${acc},${b})=${g}`);
    steps.push(`lcm(${acc},${b})=${acc}*${b}/${g}=${l}`);
    acc = l;
  }
  return { value: acc, steps };
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const cfg = CONFIG[level]!;
  const numbers: number[] = [];
  while (numbers.length < cfg.count) {
    const n = intIn(rng, cfg.min, cfg.max);
    if (!numbers.includes(n)) numbers.push(n);
  }
  const list = numbers.join(', ');
  // Three phrasings of the same question: more distinct prompts at the small levels.
  const prompt = rng.pick([`Find the LCM of ${list}.`, `What is the least common multiple of ${list}?`, `Compute lcm(${list}).`]) + ` ${ASK}`;
  return makeItem(NAME, 'math', level, seed, prompt, String(lcmSteps(numbers).value), { numbers });
}

function solve(item: TaskItem): string {
  const { numbers } = item.meta as unknown as LcmMeta;
  return [...lcmSteps(numbers).steps, answerBlock(item.oracle)].join('\n');
}

export const lcm: TaskFamily = {
  name: NAME,
  domain: 'math',
  levels: LEVELS,
  description: 'Least common multiple of 2-4 positive integers; larger numbers and more of them per level.',
  scoringRules:
    'Integer answer: 1 if equal to the LCM (separators/sign/leading zeros ignored). ' +
    NUMERIC_FALLBACK_RULES,
  generate,
  solve,
  score: scoreIntAnswer,
};
