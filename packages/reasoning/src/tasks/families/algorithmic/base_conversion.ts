/**
 * base_conversion (Reasoning Gym): write a number given in one base in another base (digits above 9
 * are lowercase letters). Level 1 is small decimals to binary; level 5 is 32-bit numbers between any
 * bases 2–36. The worked solution is Horner's rule into decimal, then repeated division.
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { ASK, checkLevel, defaultVerdict, intIn, makeItem, metaNumber, metaString, scoreWith, type Verdict } from '../common/index.js';

const NAME = 'base_conversion';
const LEVELS = [1, 2, 3, 4, 5] as const;
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

export interface BaseConversionMeta {
  value: number;
  from: number;
  to: number;
  /** `value` written in base `from`. */
  source: string;
}

/** Picks (value, from, to) for a level. */
function draw(level: number, rng: Rng): { value: number; from: number; to: number } {
  switch (level) {
    case 1:
      return { value: intIn(rng, 2, 511), from: 10, to: 2 };
    case 2:
      return { value: intIn(rng, 8, 255), from: 10, to: rng.pick([2, 8, 16]) };
    case 3: {
      const value = intIn(rng, 16, 4095);
      if (rng.next() < 0.5) return { value, from: rng.pick([2, 8, 16]), to: 10 };
      const to = intIn(rng, 2, 16);
      return { value, from: 10, to: to === 10 ? 16 : to };
    }
    case 4: {
      const from = intIn(rng, 2, 16);
      let to = intIn(rng, 2, 16);
      if (to === from) to = from === 16 ? 2 : from + 1;
      return { value: intIn(rng, 256, 65535), from, to };
    }
    default: {
      const from = intIn(rng, 2, 36);
      let to = intIn(rng, 2, 36);
      if (to === from) to = from === 36 ? 2 : from + 1;
      return { value: intIn(rng, 65536, 2 ** 32 - 1), from, to };
    }
  }
}

function baseName(b: number): string {
  return b === 2 ? 'binary' : b === 10 ? 'decimal' : `base ${b}`;
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const { value, from, to } = draw(level, rng);
  const source = value.toString(from);
  const prompt =
    level === 1
      ? `Convert decimal ${source} to binary. ${ASK}`
      : `Convert the ${baseName(from)} number ${source} to ${baseName(to)}${Math.max(from, to) > 10 ? ' (digits above 9 are a-z)' : ''}. ${ASK}`;
  const meta: BaseConversionMeta = { value, from, to, source };
  return makeItem(NAME, 'algorithmic', level, seed, prompt, value.toString(to), { ...meta });
}

function solve(item: TaskItem): string {
  const value = metaNumber(item.meta, 'value');
  const from = metaNumber(item.meta, 'from');
  const to = metaNumber(item.meta, 'to');
  const source = metaString(item.meta, 'source');
  const lines: string[] = [];
  if (from !== 10) {
    let acc = 0;
    for (const ch of source) {
      const d = DIGITS.indexOf(ch);
      const next = acc * from + d;
      lines.push(`${acc}*${from}+${d}=${next}`);
      acc = next;
    }
  }
  if (to !== 10) {
    let q = value;
    do {
      const r = q % to;
      const nq = Math.floor(q / to);
      lines.push(`${q}/${to}=${nq} r${DIGITS[r]}`);
      q = nq;
    } while (q > 0);
    lines.push('read remainders upward');
  }
  lines.push(answerBlock(item.oracle));
  return lines.join('\n');
}

const PREFIX: Record<number, string> = { 2: '0b', 8: '0o', 16: '0x' };

function verdict(item: TaskItem, answer: string): Verdict {
  const to = metaNumber(item.meta, 'to');
  let a = answer.trim().toLowerCase().replace(/\s+/g, '');
  const p = PREFIX[to];
  if (p !== undefined && a.startsWith(p)) a = a.slice(2);
  a = a.replace(/^0+(?=.)/, '');
  if (a === item.oracle) return { score: 1, reason: 'exact' };
  return defaultVerdict(answer.trim().toLowerCase(), item.oracle);
}

export const baseConversion: TaskFamily = {
  name: NAME,
  domain: 'algorithmic',
  levels: LEVELS,
  description: 'Convert an integer between bases 2-36 (digits above 9 are a-z); larger numbers and bases per level.',
  scoringRules:
    'Case-insensitive; whitespace, leading zeros and a 0b/0o/0x prefix matching the target base are ignored: 1 if equal to the oracle digits. ' +
    'Otherwise Reasoning Gym default on the lower-cased answer: len(oracle)/len(answer) if the oracle appears inside it, else 0. No answer block: 0.',
  generate,
  solve,
  score: (item, completion) => scoreWith(completion, (a) => verdict(item, a)),
};
