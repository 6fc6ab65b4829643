/**
 * prime_factorization (Reasoning Gym): write n as a product of primes, e.g. `2 × 2 × 3`. The verifier
 * checks the product rather than the string: factors in any order, separated by `×`, `*`, `x` or `·`,
 * with optional powers `p^k` / `p**k`; exact in BigInt.
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { ASK, checkLevel, defaultVerdict, intIn, isPrimeBig, makeItem, metaNumber, primeFactors, scoreWith, type Verdict } from '../common/index.js';

const NAME = 'prime_factorization';
const LEVELS = [1, 2, 3, 4, 5] as const;

/** Level → range of n. */
const CONFIG: Record<number, { min: number; max: number }> = {
  1: { min: 2, max: 150 },
  2: { min: 10, max: 250 },
  3: { min: 100, max: 1000 },
  4: { min: 1000, max: 100_000 },
  5: { min: 100_000, max: 100_000_000 },
};

export interface PrimeFactorizationMeta {
  n: number;
}

/**
 * Parses `2 × 2 × 3`, `2*2*3`, `2x2x3`, `2^2 × 3`, `2**2*3` into factors with multiplicity; null if
 * malformed. At most 200 factors; exponents ≤ 200; each base ≤ 40 digits.
 */
export function parseFactors(text: string): bigint[] | null {
  if (text.length > 2000) return null;
  const t = text.replace(/\*\*/g, '^').trim();
  if (t.length === 0) return null;
  const tokens = t.split(/[×*xX·⋅]/);
  if (tokens.length > 200) return null;
  const out: bigint[] = [];
  for (const raw of tokens) {
    const m = /^\s*(\d{1,40})\s*(?:\^\s*(\d{1,3}))?\s*$/.exec(raw);
    if (m === null) return null;
    const p = BigInt(m[1]!);
    const k = m[2] === undefined ? 1 : Number(m[2]);
    if (k > 200) return null;
    for (let i = 0; i < k; i++) out.push(p);
    if (out.length > 400) return null;
  }
  return out;
}

function verdict(n: number, oracle: string, answer: string): Verdict {
  const factors = parseFactors(answer);
  if (factors === null) return defaultVerdict(answer, oracle);
  const target = BigInt(n);
  let prod = 1n;
  for (const f of factors) {
    prod *= f;
    if (prod > target || f === 0n) return { score: 0, reason: 'wrong_product' };
  }
  if (prod !== target) return { score: 0, reason: 'wrong_product' };
  // Each factor ≤ n here, so primality by trial division is cheap.
  if (!factors.every(isPrimeBig)) return { score: 0.1, reason: 'partial:not_all_prime' };
  return { score: 1, reason: 'exact' };
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const cfg = CONFIG[level]!;
  let n = intIn(rng, cfg.min, cfg.max);
  // Level 1 keeps answers short: at most 5 prime factors (redraw 64, 96, 128, 144).
  while (level === 1 && primeFactors(n).length > 5) n = intIn(rng, cfg.min, cfg.max);
  const prompt =
    level === 1
      ? rng.pick([`Factor ${n} into primes, like 2 × 3.`, `Prime factorization of ${n}? Like 2 × 3.`, `Write ${n} as a product of primes, like 2 × 3.`]) + ` ${ASK}`
      : rng.pick([`Write ${n} as a product of primes in ascending order, like 2 × 2 × 3.`, `Give the prime factorization of ${n} in ascending order, like 2 × 2 × 3.`]) + ` ${ASK}`;
  return makeItem(NAME, 'math', level, seed, prompt, primeFactors(n).join(' × '), { n });
}

function solve(item: TaskItem): string {
  const n = metaNumber(item.meta, 'n');
  const lines: string[] = [];
  let m = n;
  for (const p of primeFactors(n)) {
    if (m === p) break;
    lines.push(`${m}/${p}=${m / p}`);
    m /= p;
  }
  lines.push(`${m} is prime`);
  lines.push(answerBlock(item.oracle));
  return lines.join('\n');
}

export const primeFactorization: TaskFamily = {
  name: NAME,
  domain: 'math',
  levels: LEVELS,
  description: 'Write an integer as a product of primes (e.g. 2 × 2 × 3); larger integers per level.',
  scoringRules:
    'Checked by product, order-insensitive: factors separated by ×, *, x or ·, powers p^k or p**k allowed. ' +
    '1 if every factor is prime and the product equals n; 0.1 if the product equals n but some factor is not prime (e.g. 4 × 3, or a factor 1); ' +
    '0 if the factors parse but multiply to something else. Unparseable text: Reasoning Gym default (oracle substring → len(oracle)/len(answer), else 0). No answer block: 0.',
  generate,
  solve,
  score: (item, completion) => scoreWith(completion, (a) => verdict(metaNumber(item.meta, 'n'), item.oracle, a)),
};
