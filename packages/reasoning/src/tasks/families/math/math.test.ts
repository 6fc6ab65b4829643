import { describe, expect, it } from 'vitest';
import type { TaskItem } from '../../types.js';
import { basicArithmetic } from './basic_arithmetic.js';
import { chainSum } from './chain_sum.js';
import { gcd } from './gcd.js';
import { MATH_FAMILIES } from './index.js';
import { lcm } from './lcm.js';
import { exactPower, powerFunction } from './power_function.js';
import { parseFactors, primeFactorization } from './prime_factorization.js';
import { simpleEquations } from './simple_equations.js';
import { describeFuzz, describeShortAnswerConformance } from '../test-utils/conformance.js';
import { gen, scoreOf, wrap } from '../test-utils/kit.js';
import { canonicalInt, roundSig } from '../common/index.js';

const meta = <T>(item: TaskItem): T => item.meta as unknown as T;

/** Independent evaluation: JS evaluates the expression in BigInt (numbers suffixed with n). */
function evalBig(expression: string): bigint {
  return new Function(`return (${expression.replace(/\d+/g, '$&n')});`)() as bigint;
}

function bruteGcd(ns: number[]): number {
  const lo = Math.min(...ns);
  for (let d = lo; d >= 1; d--) if (ns.every((n) => n % d === 0)) return d;
  return 1;
}

function isPrimeSlow(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

describeShortAnswerConformance(basicArithmetic, {
  check: (item) => expect(evalBig(meta<{ expression: string }>(item).expression).toString()).toBe(item.oracle),
});
describeShortAnswerConformance(chainSum, {
  check: (item) => expect(String(new Function(`return ${meta<{ expression: string }>(item).expression};`)())).toBe(item.oracle),
});
describeShortAnswerConformance(simpleEquations, {
  check: (item) => {
    const m = meta<{ equation: string; variable: string }>(item);
    const [l, r] = m.equation.split('=');
    const sub = (s: string): number => new Function(`return ${s.replace(new RegExp(m.variable, 'g'), `(${item.oracle})`)};`)() as number;
    expect(sub(l!)).toBe(sub(r!));
  },
});
describeShortAnswerConformance(gcd, {
  check: (item) => {
    const ns = meta<{ numbers: number[] }>(item).numbers;
    if (item.level <= 3) expect(String(bruteGcd(ns))).toBe(item.oracle);
    const g = Number(item.oracle);
    expect(ns.every((n) => n % g === 0)).toBe(true);
  },
});
describeShortAnswerConformance(lcm, {
  check: (item) => {
    const ns = meta<{ numbers: number[] }>(item).numbers;
    const l = Number(item.oracle);
    expect(ns.every((n) => l % n === 0)).toBe(true);
    // minimal: dividing by any prime factor of l breaks a multiple
    for (let p = 2; p <= 1000; p++) {
      if (isPrimeSlow(p) && l % p === 0) expect(ns.every((n) => (l / p) % n === 0)).toBe(false);
    }
  },
});
describeShortAnswerConformance(primeFactorization, {
  level1MaxPrompt: 80,
  level1MaxOracle: 20, // 32 = 2 × 2 × 2 × 2 × 2
  check: (item) => {
    const fs = item.oracle.split(' × ').map(Number);
    expect(fs.reduce((a, b) => a * b, 1)).toBe(meta<{ n: number }>(item).n);
    expect(fs.every(isPrimeSlow)).toBe(true);
    expect([...fs].sort((a, b) => a - b)).toEqual(fs);
  },
});
describeShortAnswerConformance(powerFunction, {
  check: (item) => {
    const m = meta<{ base: string; exponent: number; integer: boolean }>(item);
    const v = Number(m.base) ** m.exponent;
    expect(Math.abs(Number(item.oracle) - v)).toBeLessThanOrEqual(Math.abs(v) * 5e-4 + 1e-12);
  },
});

describeFuzz('math', MATH_FAMILIES, 2500);

describe('math families: hand-written answers', () => {
  it('exports the 7 math families with unique names', () => {
    expect(MATH_FAMILIES.map((f) => f.name)).toEqual([
      'basic_arithmetic',
      'chain_sum',
      'simple_equations',
      'gcd',
      'lcm',
      'prime_factorization',
      'power_function',
    ]);
  });

  it('canonicalInt normalises separators, signs and leading zeros', () => {
    expect(canonicalInt('+1,000')).toBe('1000');
    expect(canonicalInt('-007')).toBe('-7');
    expect(canonicalInt('-0')).toBe('0');
    expect(canonicalInt('1 000 000')).toBe('1000000');
    expect(canonicalInt('12.5')).toBeNull();
    expect(canonicalInt('1'.repeat(500))).toBeNull();
    expect(roundSig(150.0625, 4)).toBe('150.1');
    expect(roundSig(0.000351234, 4)).toBe('0.0003512');
  });

  it('integer answers: a bare wrong number (even a sign flip) scores 0, verbose text gets substring credit', () => {
    const item: TaskItem = { ...gen(chainSum, 1, 0), oracle: '14' };
    const s = (a: string): number => scoreOf(chainSum, item, wrap(a)).score;
    expect(s('14')).toBe(1);
    expect(s('+14')).toBe(1);
    expect(s('014')).toBe(1);
    expect(s('1.4e1')).toBe(1);
    expect(s('-14')).toBe(0);
    expect(s('140')).toBe(0);
    expect(s('14.5')).toBe(0);
    expect(s('= 14')).toBeCloseTo(2 / 4, 12);
    expect(s('x14y')).toBeCloseTo(2 / 4, 12);
  });

  it('basic_arithmetic: exact, separators, verbose partial, wrong', () => {
    const item = gen(basicArithmetic, 5, 1);
    const o = item.oracle;
    const withCommas = BigInt(o).toLocaleString('en-US');
    expect(scoreOf(basicArithmetic, item, wrap(withCommas)).score).toBe(1);
    expect(scoreOf(basicArithmetic, item, wrap((BigInt(o) + 1n).toString())).score).toBe(0);
    const verbose = `The answer is ${o}`;
    expect(scoreOf(basicArithmetic, item, wrap(verbose)).score).toBeCloseTo(o.length / verbose.length, 12);
    const it1 = gen(basicArithmetic, 1, 0);
    expect(scoreOf(basicArithmetic, it1, `think... <answer>${it1.oracle}.0</answer>`).score).toBe(1);
    expect(scoreOf(basicArithmetic, it1, `<answer>${it1.oracle}</answer> then <answer>oops</answer>`).score).toBe(0);
  });

  it('basic_arithmetic: multiplication binds tighter and the worked steps show it', () => {
    const item = gen(basicArithmetic, 3, 0);
    expect(evalBig(meta<{ expression: string }>(item).expression).toString()).toBe(item.oracle);
    const found = Array.from({ length: 40 }, (_, s) => gen(basicArithmetic, 2, s)).find((x) => /\d[+-]\d\*\d/.test(x.prompt));
    expect(found).toBeDefined();
    const sol = basicArithmetic.solve(found!);
    expect(sol.split('\n')[0]).toMatch(/^\d+\*\d+=\d+$/);
  });

  it('chain_sum: a wrong sum scores 0, a negative result keeps its sign', () => {
    for (let s = 0; s < 30; s++) {
      const item = gen(chainSum, 3, s);
      expect(scoreOf(chainSum, item, wrap(String(Number(item.oracle) - 1))).score).toBe(0);
      if (Number(item.oracle) < 0) expect(scoreOf(chainSum, item, wrap(item.oracle.slice(1))).score).toBe(0);
    }
  });

  it('simple_equations: bare number or `x=...` both score 1; other variable or wrong value 0', () => {
    const item = gen(simpleEquations, 1, 4);
    expect(item.prompt).toMatch(/^Solve x[+-]\d=\d+ for x\. Answer in <answer><\/answer>\.$/);
    expect(scoreOf(simpleEquations, item, wrap(`x = ${item.oracle}`)).score).toBe(1);
    expect(scoreOf(simpleEquations, item, wrap(`x=${item.oracle}`)).score).toBe(1);
    expect(scoreOf(simpleEquations, item, wrap(`q=${Number(item.oracle) + 1}`)).score).toBe(0);
    expect(scoreOf(simpleEquations, item, wrap(String(Number(item.oracle) + 1))).score).toBe(0);
    const l5 = gen(simpleEquations, 5, 2);
    expect(l5.prompt).toContain('(');
  });

  it('gcd and lcm: hand-picked numbers', () => {
    const g = gen(gcd, 1, 0);
    const ns = meta<{ numbers: number[] }>(g).numbers;
    expect(g.oracle).toBe(String(bruteGcd(ns)));
    expect(scoreOf(gcd, g, wrap(String(Math.min(...ns) + 1))).score).toBe(0);
    const l: TaskItem = { ...gen(lcm, 2, 5), meta: { numbers: [4, 6] }, oracle: '12' };
    expect(scoreOf(lcm, l, wrap('12')).score).toBe(1);
    expect(scoreOf(lcm, l, wrap('24')).score).toBe(0);
    expect(scoreOf(lcm, l, wrap('lcm is 12')).score).toBeCloseTo(2 / 9, 12);
    expect(lcm.solve(l)).toBe('gcd(4,6)=2\nlcm(4,6)=4*6/2=12\n<answer>12</answer>');
    expect(lcm.solve(gen(lcm, 2, 5))).toMatch(/^gcd\(\d+,\d+\)=\d+\nlcm\(\d+,\d+\)=\d+\*\d+\/\d+=\d+\n<answer>\d+<\/answer>$/);
  });

  it('prime_factorization: order-insensitive product check with several notations', () => {
    const item = { ...gen(primeFactorization, 2, 0), meta: { n: 12 }, oracle: '2 × 2 × 3' };
    const s = (a: string): number => scoreOf(primeFactorization, item, wrap(a)).score;
    for (const ok of ['2 × 2 × 3', '2*2*3', '2x2x3', '3 × 2 × 2', '2^2 × 3', '2**2*3', '2 · 2 · 3', '3*2^2', ' 2 X 2 X 3 ']) expect(s(ok), ok).toBe(1);
    expect(s('4 × 3')).toBe(0.1);
    expect(s('1 × 2 × 2 × 3')).toBe(0.1);
    expect(s('12')).toBe(0.1);
    expect(s('2 × 3')).toBe(0);
    expect(s('2 × 2 × 2 × 3')).toBe(0);
    expect(s('0 × 12')).toBe(0);
    expect(s('two times six')).toBe(0);
    expect(s('so 2 × 2 × 3')).toBeCloseTo(9 / 12, 12);
    expect(parseFactors('2^2×3')).toEqual([2n, 2n, 3n]);
    expect(parseFactors('2^')).toBeNull();
    expect(parseFactors('2^9999')).toBeNull();
  });

  it('power_function: integers exact, decimals within 0.1%, scientific notation accepted', () => {
    const intItem = { ...gen(powerFunction, 1, 0), meta: { base: '3', exponent: 4, integer: true, value: 81 }, oracle: '81' };
    expect(scoreOf(powerFunction, intItem, wrap('81')).score).toBe(1);
    expect(scoreOf(powerFunction, intItem, wrap('81.0')).score).toBe(1);
    expect(scoreOf(powerFunction, intItem, wrap('80.99')).score).toBe(0);
    const decItem = { ...gen(powerFunction, 4, 0), meta: { base: '3.5', exponent: 4, integer: false, value: 150.0625 }, oracle: '150.1' };
    for (const ok of ['150.1', '150.06', '150.0625', '1.501e2', '1.501E+2']) expect(scoreOf(powerFunction, decItem, wrap(ok)).score, ok).toBe(1);
    expect(scoreOf(powerFunction, decItem, wrap('150.3')).score).toBe(0);
    expect(scoreOf(powerFunction, decItem, wrap('151')).score).toBe(0);
    const { num, den } = exactPower('-0.5', -3);
    expect(num * 1n).toBe(-8n * den);
    expect(den > 0n).toBe(true);
    expect(exactPower('2', -3)).toEqual({ num: 1n, den: 8n });
  });
});
