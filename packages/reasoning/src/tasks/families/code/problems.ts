/**
 * The problem bank of `code_function`: small JavaScript functions at five levels. Each problem has
 * seed-drawn constants (part of the spec), a readable TypeScript reference that computes the expected
 * values of the tests, the same algorithm as JavaScript source (the oracle answer; the family's tests
 * check that both agree through the sandbox), and an input generator.
 *
 * Levels: 1 one-line arithmetic, 2 single loops over arrays/strings, 3 classic small algorithms,
 * 4 multi-step array/string manipulation, 5 dynamic programming and stacks.
 */
import type { Rng } from '@prorl/rl-core';

export type Args = unknown[];
export type Params = Record<string, number>;

export interface CodeProblem {
  key: string;
  level: number;
  /** Parameter names of `solve`. */
  args: readonly string[];
  /** Draws the item's constants. */
  params(rng: Rng): Params;
  /** What `solve` must return, one or two sentences. */
  spec(p: Params): string;
  /** Readable reference: expected output for given arguments. */
  ref(p: Params, ...args: Args): unknown;
  /** The same algorithm as JavaScript source defining `solve` (constants inlined). */
  source(p: Params): string;
  /** One random argument list. */
  input(rng: Rng, p: Params): Args;
}

const int = (rng: Rng, lo: number, hi: number): number => lo + rng.int(hi - lo + 1);
const intArray = (rng: Rng, len: number, lo: number, hi: number): number[] => Array.from({ length: len }, () => int(rng, lo, hi));
const word = (rng: Rng, len: number, alphabet: string): string => Array.from({ length: len }, () => alphabet[rng.int(alphabet.length)]!).join('');
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

export const CODE_PROBLEMS: readonly CodeProblem[] = [
  // ---------------------------------------------------------------- level 1
  {
    key: 'add_offset',
    level: 1,
    args: ['a', 'b'],
    params: (rng) => ({ k: int(rng, 0, 9) }),
    spec: (p) => (p.k === 0 ? 'Return a + b.' : `Return a + b + ${p.k}.`),
    ref: (p, a, b) => (a as number) + (b as number) + p.k!,
    source: (p) => `function solve(a, b) {\n  return a + b${p.k === 0 ? '' : ` + ${p.k}`};\n}`,
    input: (rng) => [int(rng, -50, 50), int(rng, -50, 50)],
  },
  {
    key: 'multiply',
    level: 1,
    args: ['a', 'b'],
    params: () => ({}),
    spec: () => 'Return a * b.',
    ref: (_p, a, b) => (a as number) * (b as number),
    source: () => 'function solve(a, b) {\n  return a * b;\n}',
    input: (rng) => [int(rng, -20, 20), int(rng, -20, 20)],
  },
  {
    key: 'max_of_two',
    level: 1,
    args: ['a', 'b'],
    params: () => ({}),
    spec: () => 'Return the larger of the numbers a and b.',
    ref: (_p, a, b) => Math.max(a as number, b as number),
    source: () => 'function solve(a, b) {\n  return a > b ? a : b;\n}',
    input: (rng) => [int(rng, -99, 99), int(rng, -99, 99)],
  },
  {
    key: 'is_multiple',
    level: 1,
    args: ['n'],
    params: (rng) => ({ k: int(rng, 2, 9) }),
    spec: (p) => `Return true if the integer n is divisible by ${p.k}, else false.`,
    ref: (p, n) => (n as number) % p.k! === 0,
    source: (p) => `function solve(n) {\n  return n % ${p.k} === 0;\n}`,
    input: (rng, p) => [rng.next() < 0.5 ? p.k! * int(rng, -10, 10) : int(rng, -100, 100)],
  },
  // ---------------------------------------------------------------- level 2
  {
    key: 'sum_array',
    level: 2,
    args: ['xs'],
    params: () => ({}),
    spec: () => 'Return the sum of the numbers in the array xs (0 for an empty array).',
    ref: (_p, xs) => (xs as number[]).reduce((s, x) => s + x, 0),
    source: () => 'function solve(xs) {\n  let s = 0;\n  for (const x of xs) s += x;\n  return s;\n}',
    input: (rng) => [intArray(rng, int(rng, 0, 8), -30, 30)],
  },
  {
    key: 'count_greater',
    level: 2,
    args: ['xs'],
    params: (rng) => ({ k: int(rng, -5, 10) }),
    spec: (p) => `Return how many numbers in the array xs are strictly greater than ${p.k}.`,
    ref: (p, xs) => (xs as number[]).filter((x) => x > p.k!).length,
    source: (p) => `function solve(xs) {\n  let c = 0;\n  for (const x of xs) if (x > ${p.k}) c++;\n  return c;\n}`,
    input: (rng) => [intArray(rng, int(rng, 0, 9), -10, 20)],
  },
  {
    key: 'reverse_string',
    level: 2,
    args: ['s'],
    params: () => ({}),
    spec: () => 'Return the string s reversed.',
    ref: (_p, s) => [...(s as string)].reverse().join(''),
    source: () => "function solve(s) {\n  let r = '';\n  for (let i = s.length - 1; i >= 0; i--) r += s[i];\n  return r;\n}",
    input: (rng) => [word(rng, int(rng, 0, 10), LETTERS)],
  },
  {
    key: 'count_char',
    level: 2,
    args: ['s'],
    params: (rng) => ({ c: rng.int(4) }),
    spec: (p) => `Return how many times the letter '${'abcd'[p.c!]}' occurs in the string s.`,
    ref: (p, s) => [...(s as string)].filter((ch) => ch === 'abcd'[p.c!]).length,
    source: (p) => `function solve(s) {\n  let c = 0;\n  for (const ch of s) if (ch === '${'abcd'[p.c!]}') c++;\n  return c;\n}`,
    input: (rng) => [word(rng, int(rng, 0, 12), 'abcde')],
  },
  {
    key: 'factorial',
    level: 2,
    args: ['n'],
    params: () => ({}),
    spec: () => 'Return n! (the factorial of the integer n, 0 <= n <= 15; 0! = 1).',
    ref: (_p, n) => {
      let f = 1;
      for (let i = 2; i <= (n as number); i++) f *= i;
      return f;
    },
    source: () => 'function solve(n) {\n  let f = 1;\n  for (let i = 2; i <= n; i++) f *= i;\n  return f;\n}',
    input: (rng) => [int(rng, 0, 15)],
  },
  // ---------------------------------------------------------------- level 3
  {
    key: 'fibonacci',
    level: 3,
    args: ['n'],
    params: () => ({}),
    spec: () => 'Return the n-th Fibonacci number, with F(0) = 0, F(1) = 1 and 0 <= n <= 70.',
    ref: (_p, n) => {
      let a = 0;
      let b = 1;
      for (let i = 0; i < (n as number); i++) [a, b] = [b, a + b];
      return a;
    },
    source: () => 'function solve(n) {\n  let a = 0, b = 1;\n  for (let i = 0; i < n; i++) {\n    const t = a + b;\n    a = b;\n    b = t;\n  }\n  return a;\n}',
    input: (rng) => [int(rng, 0, 70)],
  },
  {
    key: 'is_palindrome',
    level: 3,
    args: ['s'],
    params: () => ({}),
    spec: () => 'Return true if the string s reads the same forwards and backwards after lower-casing it and dropping every character that is not a letter or digit, else false.',
    ref: (_p, s) => {
      const t = (s as string).toLowerCase().replace(/[^a-z0-9]/g, '');
      return t === [...t].reverse().join('');
    },
    source: () => "function solve(s) {\n  const t = s.toLowerCase().replace(/[^a-z0-9]/g, '');\n  return t === t.split('').reverse().join('');\n}",
    input: (rng) => {
      const half = word(rng, int(rng, 0, 5), 'abAB1 ,');
      const mid = rng.next() < 0.5 ? word(rng, 1, 'xyz') : '';
      if (rng.next() < 0.5) return [half + mid + [...half].reverse().join('')];
      return [word(rng, int(rng, 1, 9), 'abAB1 ,')];
    },
  },
  {
    key: 'gcd',
    level: 3,
    args: ['a', 'b'],
    params: () => ({}),
    spec: () => 'Return the greatest common divisor of the non-negative integers a and b (gcd(0, 0) = 0).',
    ref: (_p, a, b) => {
      let x = a as number;
      let y = b as number;
      while (y !== 0) [x, y] = [y, x % y];
      return x;
    },
    source: () => 'function solve(a, b) {\n  while (b !== 0) {\n    const t = a % b;\n    a = b;\n    b = t;\n  }\n  return a;\n}',
    input: (rng) => {
      const g = int(rng, 1, 12);
      return [g * int(rng, 0, 30), g * int(rng, 0, 30)];
    },
  },
  {
    key: 'dedupe',
    level: 3,
    args: ['xs'],
    params: () => ({}),
    spec: () => 'Return a new array with the duplicates of xs removed, keeping the first occurrence of each value in order.',
    ref: (_p, xs) => [...new Set(xs as number[])],
    source: () => 'function solve(xs) {\n  const seen = new Set();\n  const out = [];\n  for (const x of xs) {\n    if (!seen.has(x)) {\n      seen.add(x);\n      out.push(x);\n    }\n  }\n  return out;\n}',
    input: (rng) => [intArray(rng, int(rng, 0, 12), 0, 6)],
  },
  {
    key: 'digit_sum_base',
    level: 3,
    args: ['n'],
    params: (rng) => ({ base: int(rng, 2, 10) }),
    spec: (p) => `Return the sum of the digits of the non-negative integer n written in base ${p.base}.`,
    ref: (p, n) => [...(n as number).toString(p.base)].reduce((s, d) => s + parseInt(d, p.base), 0),
    source: (p) => `function solve(n) {\n  let s = 0;\n  while (n > 0) {\n    s += n % ${p.base};\n    n = Math.floor(n / ${p.base});\n  }\n  return s;\n}`,
    input: (rng) => [int(rng, 0, 5000)],
  },
  // ---------------------------------------------------------------- level 4
  {
    key: 'two_sum',
    level: 4,
    args: ['xs', 'target'],
    params: () => ({}),
    spec: () => 'Return [i, j] with i < j such that xs[i] + xs[j] === target, choosing the smallest j and then the smallest i; return [] if there is no such pair.',
    ref: (_p, xs, target) => {
      const a = xs as number[];
      for (let j = 0; j < a.length; j++) for (let i = 0; i < j; i++) if (a[i]! + a[j]! === target) return [i, j];
      return [];
    },
    source: () => 'function solve(xs, target) {\n  const first = new Map();\n  for (let j = 0; j < xs.length; j++) {\n    const need = target - xs[j];\n    if (first.has(need)) return [first.get(need), j];\n    if (!first.has(xs[j])) first.set(xs[j], j);\n  }\n  return [];\n}',
    input: (rng) => {
      const xs = intArray(rng, int(rng, 0, 8), -10, 10);
      const target = xs.length >= 2 && rng.next() < 0.7 ? xs[rng.int(xs.length)]! + xs[rng.int(xs.length)]! : int(rng, -20, 20);
      return [xs, target];
    },
  },
  {
    key: 'run_length',
    level: 4,
    args: ['s'],
    params: () => ({}),
    spec: () => "Return the run-length encoding of s: each maximal run of one character becomes the character followed by the run's length, e.g. 'aaabcc' -> 'a3b1c2' ('' -> '').",
    ref: (_p, s) => {
      const str = s as string;
      let out = '';
      for (let i = 0; i < str.length; ) {
        let j = i;
        while (j < str.length && str[j] === str[i]) j++;
        out += `${str[i]}${j - i}`;
        i = j;
      }
      return out;
    },
    source: () => "function solve(s) {\n  let out = '';\n  let i = 0;\n  while (i < s.length) {\n    let j = i;\n    while (j < s.length && s[j] === s[i]) j++;\n    out += s[i] + (j - i);\n    i = j;\n  }\n  return out;\n}",
    input: (rng) => {
      let s = '';
      const runs = int(rng, 0, 5);
      for (let r = 0; r < runs; r++) s += word(rng, 1, 'abc').repeat(int(rng, 1, 12));
      return [s];
    },
  },
  {
    key: 'char_frequency',
    level: 4,
    args: ['s'],
    params: () => ({}),
    spec: () => 'Return an object mapping each character of s to the number of times it occurs.',
    ref: (_p, s) => {
      const out: Record<string, number> = {};
      for (const ch of s as string) out[ch] = (out[ch] ?? 0) + 1;
      return out;
    },
    source: () => 'function solve(s) {\n  const out = {};\n  for (const ch of s) out[ch] = (out[ch] || 0) + 1;\n  return out;\n}',
    input: (rng) => [word(rng, int(rng, 0, 14), 'abcdxyz')],
  },
  {
    key: 'rotate_right',
    level: 4,
    args: ['xs'],
    params: (rng) => ({ k: int(rng, 1, 9) }),
    spec: (p) => `Return a new array: xs rotated right by ${p.k} positions (the last element moves to the front, ${p.k} times; the empty array stays empty).`,
    ref: (p, xs) => {
      const a = xs as number[];
      if (a.length === 0) return [];
      const k = p.k! % a.length;
      return [...a.slice(a.length - k), ...a.slice(0, a.length - k)];
    },
    source: (p) => `function solve(xs) {\n  const n = xs.length;\n  const out = new Array(n);\n  for (let i = 0; i < n; i++) out[(i + ${p.k}) % n] = xs[i];\n  return out;\n}`,
    input: (rng) => [intArray(rng, int(rng, 0, 8), 0, 50)],
  },
  {
    key: 'primes_below',
    level: 4,
    args: ['n'],
    params: () => ({}),
    spec: () => 'Return the array of all primes p < n in increasing order.',
    ref: (_p, n) => {
      const out: number[] = [];
      for (let k = 2; k < (n as number); k++) {
        let prime = true;
        for (let d = 2; d * d <= k; d++) if (k % d === 0) prime = false;
        if (prime) out.push(k);
      }
      return out;
    },
    source: () => 'function solve(n) {\n  const sieve = new Array(Math.max(n, 0)).fill(true);\n  const out = [];\n  for (let k = 2; k < n; k++) {\n    if (!sieve[k]) continue;\n    out.push(k);\n    for (let m = k * k; m < n; m += k) sieve[m] = false;\n  }\n  return out;\n}',
    input: (rng) => [int(rng, 0, 120)],
  },
  // ---------------------------------------------------------------- level 5
  {
    key: 'lis_length',
    level: 5,
    args: ['xs'],
    params: () => ({}),
    spec: () => 'Return the length of the longest strictly increasing subsequence of the array xs.',
    ref: (_p, xs) => {
      const a = xs as number[];
      const best = a.map(() => 1);
      for (let i = 0; i < a.length; i++) for (let j = 0; j < i; j++) if (a[j]! < a[i]!) best[i] = Math.max(best[i]!, best[j]! + 1);
      return best.reduce((m, x) => Math.max(m, x), 0);
    },
    source: () => 'function solve(xs) {\n  const tails = [];\n  for (const x of xs) {\n    let lo = 0, hi = tails.length;\n    while (lo < hi) {\n      const mid = (lo + hi) >> 1;\n      if (tails[mid] < x) lo = mid + 1; else hi = mid;\n    }\n    tails[lo] = x;\n  }\n  return tails.length;\n}',
    input: (rng) => [intArray(rng, int(rng, 0, 14), 0, 20)],
  },
  {
    key: 'balanced_brackets',
    level: 5,
    args: ['s'],
    params: () => ({}),
    spec: () => "Return true if every bracket in s ('()', '[]', '{}') is closed by the matching bracket in the right order, else false. s contains only bracket characters.",
    ref: (_p, s) => {
      let t = s as string;
      for (;;) {
        const u = t.replace(/\(\)|\[\]|\{\}/g, '');
        if (u === t) return t.length === 0;
        t = u;
      }
    },
    source: () => "function solve(s) {\n  const open = { ')': '(', ']': '[', '}': '{' };\n  const stack = [];\n  for (const ch of s) {\n    if (ch in open) {\n      if (stack.pop() !== open[ch]) return false;\n    } else stack.push(ch);\n  }\n  return stack.length === 0;\n}",
    input: (rng) => {
      if (rng.next() < 0.5) return [word(rng, 2 * int(rng, 0, 5), '()[]{}')];
      // Build a balanced string, maybe corrupt one character.
      const build = (depth: number): string => {
        let out = '';
        const parts = int(rng, 1, 2);
        for (let i = 0; i < parts; i++) {
          const k = rng.int(3);
          const inner = depth > 0 && rng.next() < 0.6 ? build(depth - 1) : '';
          out += '([{'[k]! + inner + ')]}'[k]!;
        }
        return out;
      };
      const b = build(3);
      if (rng.next() < 0.3) {
        const i = rng.int(b.length);
        return [b.slice(0, i) + '([{)]}'[rng.int(6)]! + b.slice(i + 1)];
      }
      return [b];
    },
  },
  {
    key: 'edit_distance',
    level: 5,
    args: ['a', 'b'],
    params: () => ({}),
    spec: () => 'Return the edit (Levenshtein) distance between the strings a and b: the fewest single-character insertions, deletions and substitutions turning a into b.',
    ref: (_p, a, b) => {
      const s = a as string;
      const t = b as string;
      const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= s.length; i++)
        for (let j = 1; j <= t.length; j++)
          d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
      return d[s.length]![t.length]!;
    },
    source: () => 'function solve(a, b) {\n  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);\n  for (let i = 1; i <= a.length; i++) {\n    const cur = [i];\n    for (let j = 1; j <= b.length; j++) {\n      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));\n    }\n    prev = cur;\n  }\n  return prev[b.length];\n}',
    input: (rng) => [word(rng, int(rng, 0, 8), 'abcd'), word(rng, int(rng, 0, 8), 'abcd')],
  },
  {
    key: 'merge_intervals',
    level: 5,
    args: ['intervals'],
    params: () => ({}),
    spec: () => 'intervals is an array of [start, end] pairs (start <= end). Return the union as an array of disjoint [start, end] pairs sorted by start; intervals that touch (end === next start) merge.',
    ref: (_p, intervals) => {
      const iv = (intervals as number[][]).map((x) => [x[0]!, x[1]!] as [number, number]).sort((x, y) => x[0] - y[0]);
      const out: [number, number][] = [];
      for (const [s, e] of iv) {
        const last = out[out.length - 1];
        if (last && s <= last[1]) last[1] = Math.max(last[1], e);
        else out.push([s, e]);
      }
      return out;
    },
    source: () => 'function solve(intervals) {\n  const iv = intervals.map((x) => [x[0], x[1]]).sort((x, y) => x[0] - y[0]);\n  const out = [];\n  for (const [s, e] of iv) {\n    const last = out[out.length - 1];\n    if (last && s <= last[1]) last[1] = Math.max(last[1], e);\n    else out.push([s, e]);\n  }\n  return out;\n}',
    input: (rng) =>
      [
        Array.from({ length: int(rng, 0, 6) }, () => {
          const s = int(rng, 0, 30);
          return [s, s + int(rng, 0, 8)];
        }),
      ],
  },
  {
    key: 'coin_change',
    level: 5,
    args: ['coins', 'amount'],
    params: () => ({}),
    spec: () => 'Return the fewest coins (unlimited supply of each value in the array coins) that sum exactly to amount, or -1 if impossible (amount 0 needs 0 coins).',
    ref: (_p, coins, amount) => {
      const c = coins as number[];
      const n = amount as number;
      const best = [0];
      for (let a = 1; a <= n; a++) {
        let m = Infinity;
        for (const x of c) if (x <= a && best[a - x]! + 1 < m) m = best[a - x]! + 1;
        best.push(m);
      }
      return Number.isFinite(best[n]!) ? best[n]! : -1;
    },
    source: () => 'function solve(coins, amount) {\n  const best = new Array(amount + 1).fill(Infinity);\n  best[0] = 0;\n  for (let a = 1; a <= amount; a++) {\n    for (const c of coins) {\n      if (c <= a && best[a - c] + 1 < best[a]) best[a] = best[a - c] + 1;\n    }\n  }\n  return best[amount] === Infinity ? -1 : best[amount];\n}',
    input: (rng) => {
      const coins = [...new Set(intArray(rng, int(rng, 1, 3), 2, 12))].sort((a, b) => a - b);
      return [coins, int(rng, 0, 60)];
    },
  },
];
