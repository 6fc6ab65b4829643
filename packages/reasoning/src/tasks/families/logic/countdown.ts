/**
 * countdown (Reasoning Gym): reach a target with the given numbers, each used exactly once, and
 * + − × ÷ with parentheses. Items are planted: a random expression tree over the numbers with integer
 * intermediate results gives the target. The verifier parses the answer with its own recursive-descent
 * parser (no eval), checks the multiset of numbers and evaluates in exact rational arithmetic.
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { checkLevel, intIn, makeItem, scoreWith } from '../common/index.js';

const NAME = 'countdown';
const LEVELS = [1, 2, 3, 4, 5] as const;

/** Level → (how many numbers, max number, max target). */
const CONFIG: Record<number, { count: number; maxNum: number; maxTarget: number }> = {
  1: { count: 2, maxNum: 12, maxTarget: 144 },
  2: { count: 3, maxNum: 9, maxTarget: 200 },
  3: { count: 4, maxNum: 20, maxTarget: 500 },
  4: { count: 5, maxNum: 50, maxTarget: 1000 },
  5: { count: 6, maxNum: 100, maxTarget: 1000 },
};

export interface CountdownMeta {
  numbers: number[];
  target: number;
  /** The planted derivation, one `a op b = c` per step (for the worked solution). */
  steps: string[];
}

type Op = '+' | '-' | '*' | '/';
interface Node {
  value: number;
  text: string;
  /** 3 atom, 2 multiplicative, 1 additive. */
  prec: number;
}

function combine(a: Node, b: Node, op: Op): Node {
  const prec = op === '+' || op === '-' ? 1 : 2;
  const l = a.prec < prec ? `(${a.text})` : a.text;
  const r = b.prec < prec || (b.prec === prec && (op === '-' || op === '/')) ? `(${b.text})` : b.text;
  const value = op === '+' ? a.value + b.value : op === '-' ? a.value - b.value : op === '*' ? a.value * b.value : a.value / b.value;
  return { value, text: `${l}${op}${r}`, prec };
}

function plant(rng: Rng, numbers: number[], maxTarget: number): { expr: string; target: number; steps: string[] } | null {
  const pool: Node[] = numbers.map((n) => ({ value: n, text: String(n), prec: 3 }));
  const steps: string[] = [];
  while (pool.length > 1) {
    const i = rng.int(pool.length);
    let a = pool.splice(i, 1)[0]!;
    const j = rng.int(pool.length);
    let b = pool.splice(j, 1)[0]!;
    const ops: Op[] = ['+', '*', '-'];
    if (b.value > 1 && a.value % b.value === 0) ops.push('/', '/');
    if (a.value > 1 && b.value % a.value === 0) ops.push('/', '/');
    const op = rng.pick(ops);
    if ((op === '-' && a.value < b.value) || (op === '/' && !(b.value > 1 && a.value % b.value === 0))) [a, b] = [b, a];
    if (op === '-' && a.value === b.value) return null;
    const node = combine(a, b, op);
    steps.push(`${a.value}${op}${b.value}=${node.value}`);
    pool.push(node);
  }
  const root = pool[0]!;
  if (root.value <= 0 || root.value > maxTarget || !Number.isInteger(root.value)) return null;
  return { expr: root.text, target: root.value, steps };
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const cfg = CONFIG[level]!;
  for (let attempt = 0; ; attempt++) {
    const numbers = Array.from({ length: cfg.count }, () => intIn(rng, 1, cfg.maxNum));
    const planted = attempt < 200 ? plant(rng, numbers, cfg.maxTarget) : null;
    const p = planted ?? (attempt >= 200 ? sumPlant(numbers) : null);
    if (p === null) continue;
    const prompt =
      level === 1
        ? `Use ${numbers.join(' and ')} once each with + - * / to make ${p.target}. Answer in <answer></answer>.`
        : `Using each of the numbers ${numbers.join(', ')} exactly once, with + - * / and parentheses, make ${p.target}. Give the expression only, inside <answer></answer>.`;
    const meta: CountdownMeta = { numbers, target: p.target, steps: p.steps };
    return makeItem(NAME, 'logic', level, seed, prompt, p.expr, meta as unknown as Record<string, unknown>);
  }
}

function sumPlant(numbers: number[]): { expr: string; target: number; steps: string[] } {
  let acc = numbers[0]!;
  const steps: string[] = [];
  for (const n of numbers.slice(1)) {
    steps.push(`${acc}+${n}=${acc + n}`);
    acc += n;
  }
  return { expr: numbers.join('+'), target: acc, steps };
}

// ---------------------------------------------------------------- exact evaluation

/** A rational p/q in lowest terms, q > 0. */
interface Rat {
  p: bigint;
  q: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function rat(p: bigint, q: bigint): Rat {
  if (q < 0n) [p, q] = [-p, -q];
  const g = gcd(p, q) || 1n;
  return { p: p / g, q: q / g };
}

export type ParseResult = { ok: true; value: Rat | null; numbers: number[] } | { ok: false };

const MAX_EXPR_CHARS = 400;
const MAX_DEPTH = 64;
/** Above this many bits a value is treated as overflow (the verifier stays cheap). */
const MAX_BITS = 4096n;

/**
 * Parses and evaluates an arithmetic expression over non-negative integer literals with + - * / (also
 * × ÷ and unicode minus), unary minus and parentheses. `value` is null on division by zero. Never throws.
 */
export function parseCountdownExpr(text: string): ParseResult {
  if (text.length > MAX_EXPR_CHARS) return { ok: false };
  const src = text.replace(/[×·]/g, '*').replace(/÷/g, '/').replace(/[−–]/g, '-');
  let pos = 0;
  const numbers: number[] = [];
  let divZero = false;
  let tooBig = false;

  const skip = (): void => {
    while (pos < src.length && (src[pos] === ' ' || src[pos] === '\t' || src[pos] === '\n')) pos++;
  };
  const big = (r: Rat): boolean => {
    const lim = 1n << MAX_BITS;
    return r.p > lim || -r.p > lim || r.q > lim;
  };
  const apply = (a: Rat, op: string, b: Rat): Rat => {
    let r: Rat;
    if (op === '+') r = rat(a.p * b.q + b.p * a.q, a.q * b.q);
    else if (op === '-') r = rat(a.p * b.q - b.p * a.q, a.q * b.q);
    else if (op === '*') r = rat(a.p * b.p, a.q * b.q);
    else {
      if (b.p === 0n) {
        divZero = true;
        return { p: 0n, q: 1n };
      }
      r = rat(a.p * b.q, a.q * b.p);
    }
    if (big(r)) {
      tooBig = true;
      return { p: 0n, q: 1n };
    }
    return r;
  };

  function expr(depth: number): Rat | null {
    let left = term(depth);
    if (left === null) return null;
    for (;;) {
      skip();
      const c = src[pos];
      if (c !== '+' && c !== '-') return left;
      pos++;
      const right = term(depth);
      if (right === null) return null;
      left = apply(left, c, right);
    }
  }
  function term(depth: number): Rat | null {
    let left = factor(depth);
    if (left === null) return null;
    for (;;) {
      skip();
      const c = src[pos];
      if (c !== '*' && c !== '/') return left;
      pos++;
      const right = factor(depth);
      if (right === null) return null;
      left = apply(left, c, right);
    }
  }
  function factor(depth: number): Rat | null {
    if (depth > MAX_DEPTH) return null;
    skip();
    const c = src[pos];
    if (c === '-' || c === '+') {
      pos++;
      const f = factor(depth + 1);
      if (f === null) return null;
      return c === '-' ? { p: -f.p, q: f.q } : f;
    }
    if (c === '(') {
      pos++;
      const e = expr(depth + 1);
      skip();
      if (e === null || src[pos] !== ')') return null;
      pos++;
      return e;
    }
    const start = pos;
    while (pos < src.length && src.charCodeAt(pos) >= 48 && src.charCodeAt(pos) <= 57) pos++;
    if (pos === start || pos - start > 12) return null;
    const lit = src.slice(start, pos);
    numbers.push(Number(lit));
    return { p: BigInt(lit), q: 1n };
  }

  const v = expr(0);
  skip();
  if (v === null || pos !== src.length || tooBig) return { ok: false };
  return { ok: true, value: divZero ? null : v, numbers };
}

function sameMultiset(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false;
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  return x.every((v, i) => v === y[i]);
}

function score(item: TaskItem, completion: string) {
  const meta = item.meta as unknown as CountdownMeta;
  return scoreWith(completion, (answer) => {
    if (answer.length === 0) return { score: 0.01, reason: 'empty' };
    const parsed = parseCountdownExpr(answer);
    if (!parsed.ok) return { score: 0.01, reason: 'unparseable' };
    if (!sameMultiset(parsed.numbers, meta.numbers)) return { score: 0.05, reason: 'wrong_numbers' };
    if (parsed.value === null) return { score: 0.01, reason: 'division_by_zero' };
    const ok = parsed.value.q === 1n && parsed.value.p === BigInt(meta.target);
    return ok ? { score: 1, reason: 'exact' } : { score: 0.05, reason: 'wrong_value' };
  });
}

function solve(item: TaskItem): string {
  const meta = item.meta as unknown as CountdownMeta;
  return `${meta.steps.join(', ')}.\n${answerBlock(item.oracle)}`;
}

export const countdown: TaskFamily = {
  name: NAME,
  domain: 'logic',
  levels: LEVELS,
  description: 'Combine the given numbers (each exactly once) with + - * / and parentheses to reach the target.',
  scoringRules:
    'No <answer> block: 0. Empty or unparseable expression (or division by zero): 0.01. Parses but the numbers used are not exactly the given multiset, or the value differs from the target: 0.05. Exact value with the right numbers: 1.0 (any such expression, checked by an own parser in exact rational arithmetic, no eval).',
  generate,
  solve,
  score,
};
