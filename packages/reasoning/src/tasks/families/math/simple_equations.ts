/**
 * simple_equations (Reasoning Gym): solve a linear equation in one variable with an integer solution.
 * Items are planted: draw the solution and the coefficients, then compute the constants. Level 1 is
 * `x+a=b`; level 5 has a bracket and the variable on both sides.
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { ASK, checkLevel, intIn, intVerdict, makeItem, NUMERIC_FALLBACK_RULES, scoreWith, type Verdict } from '../common/index.js';

const NAME = 'simple_equations';
const LEVELS = [1, 2, 3, 4, 5] as const;
const VARIABLES = ['x', 'y', 'z', 'a', 'b', 'n', 'm', 'k', 't', 'p', 'q', 'u', 'v', 'w'] as const;

/**
 * The equation a·(v + b) + c = d·v + e in normalised numbers (level shapes set some to 0/1).
 * Solution: (a − d)·v = e − c − a·b.
 */
export interface EquationMeta {
  variable: string;
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  equation: string;
}

/** `k*v` with 1/−1 folded (`x`, `-x`, `3*x`). */
function term(k: number, v: string): string {
  return k === 1 ? v : k === -1 ? `-${v}` : `${k}*${v}`;
}

/** Appends `+n` / `-n`, or nothing for 0. */
function plus(n: number): string {
  return n === 0 ? '' : n > 0 ? `+${n}` : `${n}`;
}

function formatEquation(m: Omit<EquationMeta, 'equation'>): string {
  const { variable: v, a, b, c, d, e } = m;
  const left = b !== 0 ? `${a === 1 ? '' : a === -1 ? '-' : `${a}*`}(${v}${plus(b)})${plus(c)}` : `${term(a, v)}${plus(c)}`;
  const right = d !== 0 ? `${term(d, v)}${plus(e)}` : `${e}`;
  return `${left}=${right}`;
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const v = level <= 2 ? 'x' : rng.pick(VARIABLES);
  const nonZero = (lo: number, hi: number): number => {
    for (;;) {
      const k = intIn(rng, lo, hi);
      if (k !== 0) return k;
    }
  };
  let a = 1;
  let b = 0;
  let c = 0;
  let d = 0;
  let x = 0;
  switch (level) {
    case 1:
      x = intIn(rng, 0, 20);
      c = rng.next() < 0.5 ? intIn(rng, 1, 9) : -intIn(rng, 1, Math.max(1, x));
      break;
    case 2:
      x = intIn(rng, 1, 20);
      a = intIn(rng, 2, 5);
      c = rng.next() < 0.5 ? 0 : intIn(rng, 1, 9);
      break;
    case 3:
      x = intIn(rng, -20, 20);
      a = nonZero(-12, 12);
      c = intIn(rng, -50, 50);
      break;
    case 4:
      x = intIn(rng, -30, 30);
      a = nonZero(-15, 15);
      c = intIn(rng, -99, 99);
      do d = nonZero(-15, 15);
      while (d === a);
      break;
    default:
      x = intIn(rng, -100, 100);
      a = nonZero(-30, 30);
      b = nonZero(-50, 50);
      c = intIn(rng, -500, 500);
      do d = nonZero(-30, 30);
      while (d === a);
  }
  const e = a * (x + b) + c - d * x;
  const base = { variable: v, a, b, c, d, e };
  const equation = formatEquation(base);
  const meta: EquationMeta = { ...base, equation };
  const prompt = `Solve ${equation} for ${v}. ${ASK}`;
  return makeItem(NAME, 'math', level, seed, prompt, String(x), { ...meta });
}

function solve(item: TaskItem): string {
  const m = item.meta as unknown as EquationMeta;
  const { variable: v, a, b, c, d, e } = m;
  const lines: string[] = [];
  if (b !== 0) lines.push(`${term(a, v)}${plus(a * b + c)}=${d !== 0 ? term(d, v) : ''}${d !== 0 ? plus(e) : e}`);
  const k = a - d;
  const C = c + a * b;
  const r = e - C;
  lines.push(C !== 0 ? `${term(k, v)}=${e}${plus(-C)}=${r}` : `${term(k, v)}=${r}`);
  if (k !== 1) lines.push(`${v}=${r}/${k}=${r / k}`);
  lines.push(answerBlock(item.oracle));
  return lines.join('\n');
}

/** Accepts a bare number or `v=number` / `v = number` for the item's variable. */
function verdict(item: TaskItem, answer: string): Verdict {
  const v = typeof item.meta['variable'] === 'string' ? item.meta['variable'] : 'x';
  const t = answer.trim();
  const m = /^([A-Za-z])\s*=\s*(.*)$/s.exec(t);
  if (m !== null && m[1] === v) {
    const r = intVerdict(m[2]!, item.oracle);
    if (r.score === 1) return { score: 1, reason: 'exact:assignment' };
  }
  return intVerdict(t, item.oracle);
}

export const simpleEquations: TaskFamily = {
  name: NAME,
  domain: 'math',
  levels: LEVELS,
  description: 'Solve a linear equation in one variable (integer solution); brackets and variables on both sides at higher levels.',
  scoringRules:
    'Integer answer, bare or as `x=5` with the asked variable: 1 if equal to the solution (separators/sign/leading zeros ignored). ' +
    NUMERIC_FALLBACK_RULES,
  generate,
  solve,
  score: (item, completion) => scoreWith(completion, (a) => verdict(item, a)),
};
