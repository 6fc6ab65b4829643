/**
 * gcd (Reasoning Gym): greatest common divisor of 2–4 positive integers. Numbers share a planted
 * common factor so the answer is not almost always 1. The worked solution is Euclid's algorithm.
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { ASK, checkLevel, gcdNum, intIn, makeItem, NUMERIC_FALLBACK_RULES, scoreIntAnswer } from '../common/index.js';

const NAME = 'gcd';
const LEVELS = [1, 2, 3, 4, 5] as const;

/** Level → (how many numbers, max value, max planted factor). */
const CONFIG: Record<number, { count: number; max: number; maxFactor: number }> = {
  1: { count: 2, max: 30, maxFactor: 6 },
  2: { count: 2, max: 100, maxFactor: 20 },
  3: { count: 2, max: 1000, maxFactor: 60 },
  4: { count: 3, max: 10_000, maxFactor: 200 },
  5: { count: 4, max: 1_000_000, maxFactor: 2000 },
};

export interface GcdMeta {
  numbers: number[];
}

/** Euclid's steps for one pair: `a%b=r` lines, then `gcd(a,b)=g`. */
export function euclidSteps(a: number, b: number): { g: number; steps: string[] } {
  const steps: string[] = [];
  let x = Math.max(a, b);
  let y = Math.min(a, b);
  while (y !== 0) {
    const r = x % y;
    steps.push(`${x}%${y}=${r}`);
    x = y;
    y = r;
  }
  steps.push(`gcd(${a},${b})=${x}`);
  return { g: x, steps };
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const cfg = CONFIG[level]!;
  const factor = intIn(rng, 1, cfg.maxFactor);
  const numbers: number[] = [];
  for (let tries = 0; numbers.length < cfg.count; tries++) {
    // Distinct multiples of the planted factor; after 100 tries any distinct number (always terminates).
    const n = tries < 100 ? factor * intIn(rng, 1, Math.floor(cfg.max / factor)) : intIn(rng, 1, cfg.max);
    if (!numbers.includes(n)) numbers.push(n);
  }
  const g = numbers.reduce((acc, n) => gcdNum(acc, n));
  const list = numbers.join(', ');
  // Three phrasings of the same question: more distinct prompts at the small levels.
  const prompt = rng.pick([`Find the GCD of ${list}.`, `What is the greatest common divisor of ${list}?`, `Compute gcd(${list}).`]) + ` ${ASK}`;
  return makeItem(NAME, 'math', level, seed, prompt, String(g), { numbers });
}

function solve(item: TaskItem): string {
  const { numbers } = item.meta as unknown as GcdMeta;
  const lines: string[] = [];
  let acc = numbers[0]!;
  for (let i = 1; i < numbers.length; i++) {
    const { g, steps } = euclidSteps(acc, numbers[i]!);
    lines.push(...steps);
    acc = g;
  }
  lines.push(answerBlock(item.oracle));
  return lines.join('\n');
}

export const gcd: TaskFamily = {
  name: NAME,
  domain: 'math',
  levels: LEVELS,
  description: 'Greatest common divisor of 2-4 positive integers; larger numbers and more of them per level.',
  scoringRules:
    'Integer answer: 1 if equal to the GCD (separators/sign/leading zeros ignored). ' +
    NUMERIC_FALLBACK_RULES,
  generate,
  solve,
  score: scoreIntAnswer,
};
