import { describe, expect, it } from 'vitest';
import type { TaskItem } from '../../types.js';
import {
  checkLevel,
  extractBounded,
  gcdBig,
  gcdNum,
  intIn,
  isPrimeBig,
  makeItem,
  MAX_ANSWER_CHARS,
  primeFactors,
  primesUpTo,
  relVerdict,
  roundDp,
  safeJsonParse,
  scoreIntAnswer,
  scoreWith,
  stripFence,
  stripUnit,
} from './index.js';

describe('families/common helpers', () => {
  it('extractBounded reports missing and over-long answers', () => {
    expect(extractBounded('no tags')).toEqual({ done: { score: 0, extracted: null, reason: 'no_answer' } });
    expect(extractBounded(42 as unknown as string)).toEqual({ done: { score: 0, extracted: null, reason: 'no_answer' } });
    const long = extractBounded(`<answer>${'x'.repeat(MAX_ANSWER_CHARS + 1)}</answer>`);
    expect('done' in long && long.done.reason).toBe('too_long');
    expect(extractBounded('a <answer> 1 </answer> b <answer>2</answer>')).toEqual({ answer: '2' });
  });

  it('scoreWith clamps scores and turns verifier exceptions into 0', () => {
    expect(scoreWith('<answer>a</answer>', () => ({ score: 3, reason: 'x' })).score).toBe(1);
    expect(scoreWith('<answer>a</answer>', () => ({ score: Number.NaN, reason: 'x' })).score).toBe(0);
    const r = scoreWith('<answer>a</answer>', () => {
      throw new Error('boom');
    });
    expect(r).toEqual({ score: 0, extracted: 'a', reason: 'verifier_error' });
  });

  it('safeJsonParse rejects deep nesting, long input and bad JSON without throwing', () => {
    expect(safeJsonParse('{"a":[1,{"b":"]]]"}]}')).toEqual({ a: [1, { b: ']]]' }] });
    expect(safeJsonParse('['.repeat(40) + ']'.repeat(40))).toBeUndefined();
    expect(safeJsonParse('"' + 'x'.repeat(30_000) + '"')).toBeUndefined();
    expect(safeJsonParse('{"a":')).toBeUndefined();
    const bracketsInString = '"' + '['.repeat(40);
    expect(safeJsonParse(JSON.stringify(bracketsInString))).toBe(bracketsInString);
  });

  it('stripFence removes one markdown fence', () => {
    expect(stripFence('```json\n{"a":1}\n```')).toBe('{"a":1}');
    expect(stripFence(' {"a":1} ')).toBe('{"a":1}');
    expect(stripFence('```')).toBe('```');
  });

  it('checkLevel names the valid levels', () => {
    expect(() => checkLevel('fam', 9, [1, 2])).toThrow(/fam\.generate\(level\): level 9 is not one of \[1, 2\]/);
    expect(() => checkLevel('fam', 2, [1, 2])).not.toThrow();
  });

  it('makeItem follows the id convention', () => {
    expect(makeItem('fam', 'math', 2, 7, 'p', 'o', { a: 1 })).toEqual({ id: 'fam/L2/7', family: 'fam', domain: 'math', level: 2, seed: 7, prompt: 'p', oracle: 'o', meta: { a: 1 } });
  });

  it('scoreIntAnswer and relVerdict: exact, separators, bare wrong numbers 0, verbose partial', () => {
    const item = { oracle: '1000' } as TaskItem;
    expect(scoreIntAnswer(item, '<answer>1,000</answer>')).toEqual({ score: 1, extracted: '1,000', reason: 'exact' });
    expect(scoreIntAnswer(item, '<answer>-1000</answer>').score).toBe(0);
    expect(scoreIntAnswer(item, '<answer>is 1000</answer>').score).toBeCloseTo(4 / 7, 12);
    expect(scoreIntAnswer(item, '1000').reason).toBe('no_answer');
    expect(relVerdict('2.501', 2.5, '2.5', 1e-3).score).toBe(1);
    expect(relVerdict('2.6', 2.5, '2.5', 1e-3).score).toBe(0);
    expect(stripUnit(' 12.5 m/s ', ['m/s'])).toBe('12.5');
    expect(roundDp(-0.001, 2)).toBe('0.00');
  });

  it('number theory helpers agree with brute force', () => {
    const primes = primesUpTo(100);
    for (let n = 2; n <= 100; n++) {
      const isPrime = primes.includes(n);
      expect(isPrimeBig(BigInt(n))).toBe(isPrime);
      const fs = primeFactors(n);
      expect(fs.reduce((a, b) => a * b, 1)).toBe(n);
      expect(fs.every((p) => primes.includes(p))).toBe(true);
    }
    expect(gcdNum(-12, 18)).toBe(6);
    expect(gcdBig(2n ** 40n, 6n)).toBe(2n);
    const rng = { int: (n: number) => n - 1 };
    expect(intIn(rng, 3, 5)).toBe(5);
  });
});
