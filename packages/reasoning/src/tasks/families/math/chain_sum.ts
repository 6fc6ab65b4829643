/**
 * chain_sum (Reasoning Gym): a chain of additions and subtractions of integers, evaluated left to
 * right; more terms and digits per level. The worked solution is the running partial sums.
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { evaluateWithSteps, formatExpression } from './basic_arithmetic.js';
import { ASK, checkLevel, INT_ANSWER_RULES, makeItem, randDigits, scoreIntAnswer } from '../common/index.js';

const NAME = 'chain_sum';
const LEVELS = [1, 2, 3, 4, 5] as const;

/** Level → (terms, max digits per term). */
const CONFIG: Record<number, { terms: number; digits: number }> = {
  1: { terms: 3, digits: 1 },
  2: { terms: 4, digits: 1 },
  3: { terms: 5, digits: 2 },
  4: { terms: 7, digits: 3 },
  5: { terms: 10, digits: 5 },
};

export interface ChainSumMeta {
  terms: number[];
  ops: ('+' | '-')[];
  expression: string;
}

/** The running partial sums (`3+4=7`, `7-2=5`): the additive chain of basic_arithmetic's evaluator. */
function partialSums(terms: readonly number[], ops: readonly ('+' | '-')[]): { value: bigint; steps: string[] } {
  return evaluateWithSteps(terms.map(String), ops);
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const cfg = CONFIG[level]!;
  // Digits vary per term between 1 and cfg.digits (at least one term has the full width).
  const terms = Array.from({ length: cfg.terms }, (_, i) => randDigits(rng, i === 0 ? cfg.digits : 1 + rng.int(cfg.digits)));
  const ops = Array.from({ length: cfg.terms - 1 }, () => rng.pick(['+', '-'] as const));
  const expression = formatExpression(terms.map(String), ops);
  const meta: ChainSumMeta = { terms, ops, expression };
  return makeItem(NAME, 'math', level, seed, `Compute ${expression}. ${ASK}`, String(partialSums(terms, ops).value), { ...meta });
}

function solve(item: TaskItem): string {
  const m = item.meta as unknown as ChainSumMeta;
  return [...partialSums(m.terms, m.ops).steps, answerBlock(item.oracle)].join('\n');
}

export const chainSum: TaskFamily = {
  name: NAME,
  domain: 'math',
  levels: LEVELS,
  description: 'Add and subtract a chain of integers left to right; more terms and digits per level.',
  scoringRules: INT_ANSWER_RULES,
  generate,
  solve,
  score: scoreIntAnswer,
};
