/**
 * Helpers shared by the math, algorithmic and STEM families: item construction, level checks, a total
 * scoring wrapper (bounded extraction + exception guard + clamping), integer / relative-tolerance
 * numeric scoring and small number theory. Every parser here caps its input before doing any work, so
 * a verifier stays cheap on megabytes of garbage.
 */
import { InvalidParamError } from '@prorl/rl-core';
import type { Rng } from '@prorl/rl-core';
import { extractAnswer } from '../../extract.js';
import { defaultScore, parseNumber } from '../../scoring.js';
import type { Domain, ScoreResult, TaskItem } from '../../types.js';

/** The short answer-format instruction appended to every prompt. */
export const ASK = 'Answer in <answer></answer>.';

/** Longest `<answer>` content a verifier in these domains looks at; longer answers score 0 ('too_long'). */
export const MAX_ANSWER_CHARS = 20_000;

/** Longest answer text handed to a number parser (numbers never need more). */
const MAX_NUMBER_CHARS = 200;

/** Throws an actionable error when `level` is not one of the family's levels. */
export function checkLevel(family: string, level: number, levels: readonly number[]): void {
  if (!levels.includes(level)) {
    throw new InvalidParamError(`${family}.generate(level)`, `level ${level} is not one of [${levels.join(', ')}]`, "pass one of the family's levels");
  }
}

/** Builds a TaskItem with the suite's id convention `${family}/L${level}/${seed}`. */
export function makeItem(
  family: string,
  domain: Domain,
  level: number,
  seed: number,
  prompt: string,
  oracle: string,
  meta: Record<string, unknown>,
): TaskItem {
  return { id: `${family}/L${level}/${seed}`, family, domain, level, seed, prompt, oracle, meta };
}

/** A verifier's verdict on the extracted answer. */
export interface Verdict {
  score: number;
  reason: string;
}

/**
 * Extracts the last `<answer>` block and runs `fn` on it. No block → 0 ('no_answer'); an answer longer
 * than MAX_ANSWER_CHARS → 0 ('too_long'); an exception in `fn` → 0 ('verifier_error'); the score is
 * clamped to [0, 1] (NaN → 0). Never throws.
 */
export function scoreWith(completion: unknown, fn: (answer: string) => Verdict): ScoreResult {
  let answer: string | null = null;
  try {
    answer = typeof completion === 'string' ? extractAnswer(completion) : null;
  } catch {
    answer = null;
  }
  if (answer === null) return { score: 0, extracted: null, reason: 'no_answer' };
  if (answer.length > MAX_ANSWER_CHARS) return { score: 0, extracted: answer.slice(0, 200), reason: 'too_long' };
  try {
    const v = fn(answer);
    const score = Number.isFinite(v.score) ? Math.min(1, Math.max(0, v.score)) : 0;
    return { score, extracted: answer, reason: v.reason };
  } catch {
    return { score: 0, extracted: answer, reason: 'verifier_error' };
  }
}

/** Reasoning Gym's default rule as a verdict: exact 1, oracle substring len(oracle)/len(answer), else 0. */
export function defaultVerdict(answer: string, oracle: string): Verdict {
  const s = defaultScore(answer, oracle);
  return { score: s, reason: s === 1 ? 'exact' : s > 0 ? 'partial:substring' : 'wrong' };
}

/** Integer in [lo, hi] drawn from the rng. */
export function intIn(rng: Rng, lo: number, hi: number): number {
  return lo + rng.int(hi - lo + 1);
}

/** Uniform integer with exactly `digits` decimal digits (1 digit → 0..9). */
export function randDigits(rng: Rng, digits: number): number {
  if (digits <= 1) return rng.int(10);
  return intIn(rng, 10 ** (digits - 1), 10 ** digits - 1);
}

/**
 * Canonical form of an integer written with optional sign, thousands separators (`,` `_` thin or plain
 * spaces) and leading zeros: `"+1,000"` → `"1000"`, `"-007"` → `"-7"`, `"-0"` → `"0"`; null when the
 * text is not an integer. Arbitrary length (up to 200 chars), no precision loss.
 */
export function canonicalInt(text: string): string | null {
  if (text.length > MAX_NUMBER_CHARS) return null;
  const s = text.trim().replace(/[,_\u2009\u202f ]/g, '');
  const m = /^([-+]?)(\d+)$/.exec(s);
  if (m === null) return null;
  const digits = m[2]!.replace(/^0+(?=\d)/, '');
  if (digits === '0') return '0';
  return (m[1] === '-' ? '-' : '') + digits;
}

/** A number parsed only when the text is short (guards the shared regex parser). */
export function parseNum(text: string): number | null {
  if (text.length > MAX_NUMBER_CHARS) return null;
  return parseNumber(text);
}

/**
 * Integer answers: equal canonical integers (separators, sign, leading zeros ignored) → 1; an equal
 * numeric value written otherwise (`12.0`, `1.2e1`) → 1 when the oracle is a safe integer; any other
 * bare number → 0; other text → the default substring rule (verbose answers get partial credit).
 */
export function intVerdict(answer: string, oracle: string): Verdict {
  const a = canonicalInt(answer);
  if (a !== null && a === canonicalInt(oracle)) return { score: 1, reason: 'exact' };
  const o = Number(oracle);
  const v = parseNum(answer);
  if (Number.isSafeInteger(o) && v !== null && v === o) return { score: 1, reason: 'numeric' };
  // A bare number that differs is wrong (no substring credit for `-14` against `14`).
  if (a !== null || v !== null) return { score: 0, reason: 'wrong' };
  return defaultVerdict(answer, oracle);
}

/**
 * Decimal answers: |a − target| ≤ max(relTol·|target|, absTol) → 1; any other bare number → 0; other
 * text → the default substring rule against the oracle string.
 */
export function relVerdict(answer: string, target: number, oracle: string, relTol: number, absTol = 0): Verdict {
  const v = parseNum(answer);
  if (v !== null && Math.abs(v - target) <= Math.max(relTol * Math.abs(target), absTol)) {
    return { score: 1, reason: answer.trim() === oracle ? 'exact' : 'numeric' };
  }
  if (v !== null) return { score: 0, reason: 'wrong' };
  return defaultVerdict(answer, oracle);
}

/**
 * Removes one trailing unit word from a numeric answer (`"12.5 m/s"` → `"12.5"`) when it is one of
 * `units` (case-sensitive, as written in the prompt); otherwise returns the text trimmed.
 */
export function stripUnit(answer: string, units: readonly string[]): string {
  const t = answer.trim();
  for (const u of units) {
    if (u.length > 0 && t.endsWith(u)) {
      const head = t.slice(0, t.length - u.length).trim();
      if (head.length > 0) return head;
    }
  }
  return t;
}

/**
 * `x` rounded to `sig` significant figures, written without exponent when 1e-6 ≤ |x| < 1e21 and
 * without trailing zeros (`150.0625`, 4 → `"150.1"`; `0.000351234`, 4 → `"0.0003512"`).
 */
export function roundSig(x: number, sig: number): string {
  if (x === 0 || !Number.isFinite(x)) return '0';
  return String(Number(x.toPrecision(sig)));
}

/** `x` rounded to exactly `dp` decimals, never a negative zero (`2.5`, 2 → `"2.50"`; `-0.001`, 2 → `"0.00"`). */
export function roundDp(x: number, dp: number): string {
  const s = x.toFixed(dp);
  return Number(s) === 0 ? (0).toFixed(dp) : s;
}

export function gcdBig(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function gcdNum(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Trial-division primality for non-negative bigints up to ~1e14 (enough for every level here). */
export function isPrimeBig(n: bigint): boolean {
  if (n < 2n) return false;
  if (n < 4n) return true;
  if (n % 2n === 0n || n % 3n === 0n) return false;
  for (let d = 5n; d * d <= n; d += 6n) {
    if (n % d === 0n || n % (d + 2n) === 0n) return false;
  }
  return true;
}

/** Prime factors of n ≥ 2 in ascending order with multiplicity (trial division). */
export function primeFactors(n: number): number[] {
  const out: number[] = [];
  let m = n;
  for (let d = 2; d * d <= m; d++) {
    while (m % d === 0) {
      out.push(d);
      m /= d;
    }
  }
  if (m > 1) out.push(m);
  return out;
}

/** Primes ≤ n (sieve), ascending. */
export function primesUpTo(n: number): number[] {
  const sieve = new Uint8Array(n + 1);
  const out: number[] = [];
  for (let i = 2; i <= n; i++) {
    if (sieve[i] === 0) {
      out.push(i);
      for (let j = i * i; j <= n; j += i) sieve[j] = 1;
    }
  }
  return out;
}

/** Meta field accessors that tolerate a malformed (e.g. JSON-round-tripped, hand-edited) item. */
export function metaNumber(meta: Record<string, unknown>, key: string): number {
  const v = meta[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`meta.${key} is not a number`);
  return v;
}

export function metaString(meta: Record<string, unknown>, key: string): string {
  const v = meta[key];
  if (typeof v !== 'string') throw new TypeError(`meta.${key} is not a string`);
  return v;
}

export function metaStrings(meta: Record<string, unknown>, key: string): string[] {
  const v = meta[key];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new TypeError(`meta.${key} is not a string[]`);
  return v as string[];
}

export function metaNumbers(meta: Record<string, unknown>, key: string): number[] {
  const v = meta[key];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) throw new TypeError(`meta.${key} is not a number[]`);
  return v as number[];
}
