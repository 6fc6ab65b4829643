/**
 * Number helpers shared by the families: seeded integer draws, bounded integer / number parsing,
 * rounding for printed oracles, unit stripping and small number theory. Every parser caps its input
 * before doing any work, so a verifier stays cheap on megabytes of garbage.
 */
import { parseNumber } from '../../scoring.js';

/** Longest answer text handed to a number parser (numbers never need more). */
const MAX_NUMBER_CHARS = 200;

/** Integer in [lo, hi] drawn from the rng (any `{ int(n) }`, normally the `Rng` of `@prorl/rl-core`). */
export function intIn(rng: { int(n: number): number }, lo: number, hi: number): number {
  return lo + rng.int(hi - lo + 1);
}

/** Uniform integer with exactly `digits` decimal digits (1 digit → 0..9). */
export function randDigits(rng: { int(n: number): number }, digits: number): number {
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
