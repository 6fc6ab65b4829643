/**
 * basic_arithmetic (Reasoning Gym): evaluate an integer expression of + − × with the usual precedence
 * (× first, then left to right). Exact in BigInt at every level, so level 5 (six 4-digit terms) never
 * loses precision.
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { ASK, checkLevel, INT_ANSWER_RULES, makeItem, randDigits, scoreIntAnswer } from '../common/index.js';

const NAME = 'basic_arithmetic';
const LEVELS = [1, 2, 3, 4, 5] as const;

type Op = '+' | '-' | '*';

/** Level → (terms, digits per term, operators). */
const CONFIG: Record<number, { terms: number; digits: number; ops: readonly Op[] }> = {
  1: { terms: 2, digits: 1, ops: ['+', '-'] },
  2: { terms: 3, digits: 1, ops: ['+', '-', '*'] },
  3: { terms: 3, digits: 2, ops: ['+', '-', '*'] },
  4: { terms: 4, digits: 3, ops: ['+', '-', '*'] },
  5: { terms: 6, digits: 4, ops: ['+', '-', '*'] },
};

export interface ArithmeticMeta {
  /** The operands, in order (decimal strings). */
  terms: string[];
  /** ops[i] joins terms[i] and terms[i + 1]. */
  ops: Op[];
  expression: string;
}

export function formatExpression(terms: readonly string[], ops: readonly string[]): string {
  let s = terms[0] ?? '';
  for (let i = 0; i < ops.length; i++) s += `${ops[i]}${terms[i + 1]}`;
  return s;
}

/**
 * Evaluates with precedence, returning the worked steps: each maximal product run (`4*5=20`), then the
 * additive chain left to right (`3+20=23`).
 */
export function evaluateWithSteps(terms: readonly string[], ops: readonly Op[]): { value: bigint; steps: string[] } {
  const steps: string[] = [];
  // Collapse product runs into single values.
  const values: bigint[] = [];
  const addOps: ('+' | '-')[] = [];
  let run: bigint[] = [BigInt(terms[0]!)];
  const flush = (): void => {
    let acc = run[0]!;
    for (let k = 1; k < run.length; k++) {
      const next = acc * run[k]!;
      steps.push(`${acc}*${run[k]}=${next}`);
      acc = next;
    }
    values.push(acc);
  };
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    const t = BigInt(terms[i + 1]!);
    if (op === '*') run.push(t);
    else {
      flush();
      addOps.push(op);
      run = [t];
    }
  }
  flush();
  let acc = values[0]!;
  for (let i = 0; i < addOps.length; i++) {
    const v = values[i + 1]!;
    const next = addOps[i] === '+' ? acc + v : acc - v;
    steps.push(`${acc}${addOps[i]}${v}=${next}`);
    acc = next;
  }
  return { value: acc, steps };
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const cfg = CONFIG[level]!;
  const terms = Array.from({ length: cfg.terms }, () => String(randDigits(rng, cfg.digits)));
  const ops = Array.from({ length: cfg.terms - 1 }, () => rng.pick(cfg.ops));
  const expression = formatExpression(terms, ops);
  const { value } = evaluateWithSteps(terms, ops);
  const meta: ArithmeticMeta = { terms, ops, expression };
  // Three phrasings of the same question: more distinct prompts at the small levels.
  const prompt = rng.pick([`Compute ${expression}.`, `What is ${expression}?`, `Evaluate ${expression}.`]) + ` ${ASK}`;
  return makeItem(NAME, 'math', level, seed, prompt, value.toString(), { ...meta });
}

function solve(item: TaskItem): string {
  const m = item.meta as unknown as ArithmeticMeta;
  const { steps } = evaluateWithSteps(m.terms, m.ops);
  return [...steps, answerBlock(item.oracle)].join('\n');
}

export const basicArithmetic: TaskFamily = {
  name: NAME,
  domain: 'math',
  levels: LEVELS,
  description: 'Evaluate an integer expression with + - * (multiplication first); more and longer terms per level.',
  scoringRules: INT_ANSWER_RULES,
  generate,
  solve,
  score: scoreIntAnswer,
};
