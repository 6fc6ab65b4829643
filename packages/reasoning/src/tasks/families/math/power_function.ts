/**
 * power_function (Reasoning Gym): compute b^e. Levels 1–2 are integer powers; from level 3 exponents
 * may be negative and bases decimal, and non-integer results are asked to 4 significant figures. The
 * value is computed exactly as a BigInt fraction, so "is it an integer" is decided without rounding.
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { ASK, checkLevel, intIn, intVerdict, makeItem, NUMERIC_FALLBACK_RULES, relVerdict, roundSig, scoreWith, type Verdict } from '../common/index.js';

const NAME = 'power_function';
const LEVELS = [1, 2, 3, 4, 5] as const;

/** Significant figures asked for non-integer results. */
export const POWER_SIG_FIGS = 4;
/** Relative tolerance for non-integer results (4 s.f. rounding is at most 5e-4 relative). */
export const POWER_REL_TOL = 1e-3;

export interface PowerMeta {
  /** The base as written, e.g. "3", "-2", "3.5". */
  base: string;
  exponent: number;
  /** True when b^e is an integer (then the answer must be exact). */
  integer: boolean;
  /** b^e as a double (the decimal target). */
  value: number;
}

/** Exact b^e for a decimal-string base: numerator / denominator as BigInts (denominator > 0). */
export function exactPower(base: string, exponent: number): { num: bigint; den: bigint } {
  const neg = base.startsWith('-');
  const digits = base.replace('-', '');
  const dot = digits.indexOf('.');
  const decimals = dot < 0 ? 0 : digits.length - dot - 1;
  let m = BigInt(digits.replace('.', ''));
  if (neg) m = -m;
  const scale = 10n ** BigInt(decimals);
  const k = BigInt(Math.abs(exponent));
  let num = m ** k;
  let den = scale ** k;
  if (exponent < 0) [num, den] = [den, num];
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  return { num, den };
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  let base: string;
  let exponent: number;
  switch (level) {
    case 1:
      base = String(intIn(rng, 1, 30));
      exponent = intIn(rng, 0, 3);
      break;
    case 2: {
      const b = intIn(rng, 2, 15);
      base = String(rng.next() < 0.3 ? -b : b);
      exponent = intIn(rng, 0, 4);
      break;
    }
    case 3:
      base = String(intIn(rng, 2, 30));
      do exponent = intIn(rng, -3, 6);
      while (exponent === 0);
      break;
    case 4:
      base = (intIn(rng, 1, 99) / 10).toFixed(1);
      exponent = intIn(rng, 2, 5);
      break;
    default: {
      const b = String(intIn(rng, 1, 999) / 100);
      base = rng.next() < 0.3 ? `-${b}` : b;
      do exponent = intIn(rng, -6, 10);
      while (exponent === 0 || exponent === 1);
    }
  }
  const { num, den } = exactPower(base, exponent);
  const integer = num % den === 0n;
  const value = Number(num) / Number(den);
  const oracle = integer ? (num / den).toString() : roundSig(value, POWER_SIG_FIGS);
  const shown = base.startsWith('-') ? `(${base})` : base;
  // Three phrasings of the same question: more distinct prompts at the small levels.
  const ask = rng.pick([`Compute ${shown}^${exponent}.`, `What is ${shown} to the power ${exponent}?`, `Evaluate ${shown}^${exponent}.`]);
  const prompt = level <= 2 ? `${ask} ${ASK}` : `${ask} If not an integer, round to ${POWER_SIG_FIGS} significant figures. ${ASK}`;
  const meta: PowerMeta = { base, exponent, integer, value };
  return makeItem(NAME, 'math', level, seed, prompt, oracle, { ...meta });
}

function solve(item: TaskItem): string {
  const m = item.meta as unknown as PowerMeta;
  const shown = m.base.startsWith('-') ? `(${m.base})` : m.base;
  const k = Math.abs(m.exponent);
  const lines: string[] = [];
  if (k === 0) lines.push(`${shown}^0=1`);
  for (let i = 1; i <= k; i++) {
    const { num, den } = exactPower(m.base, i);
    const v = num % den === 0n ? (num / den).toString() : roundSig(Number(num) / Number(den), 8);
    lines.push(`${shown}^${i}=${v}`);
  }
  if (m.exponent < 0) {
    const { num, den } = exactPower(m.base, k);
    const v = num % den === 0n ? (num / den).toString() : roundSig(Number(num) / Number(den), 8);
    lines.push(`1/${v}=${item.oracle}`);
  }
  lines.push(answerBlock(item.oracle));
  return lines.join('\n');
}

function verdict(item: TaskItem, answer: string): Verdict {
  const m = item.meta as unknown as PowerMeta;
  if (m.integer === true) return intVerdict(answer, item.oracle);
  if (typeof m.value !== 'number') throw new TypeError('meta.value is not a number');
  return relVerdict(answer, m.value, item.oracle, POWER_REL_TOL);
}

export const powerFunction: TaskFamily = {
  name: NAME,
  domain: 'math',
  levels: LEVELS,
  description: 'Compute a power b^e: small integer powers at level 1, negative exponents and decimal bases (4 s.f.) later.',
  scoringRules:
    'Integer results must be exact (separators/sign/leading zeros ignored). Non-integer results: 1 if within 0.1% relative of the exact value ' +
    '(any correctly rounded 4-significant-figure answer passes; scientific notation accepted). ' +
    NUMERIC_FALLBACK_RULES,
  generate,
  solve,
  score: (item, completion) => scoreWith(completion, (a) => verdict(item, a)),
};
