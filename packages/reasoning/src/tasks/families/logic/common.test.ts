import { describe, expect, it } from 'vitest';
import { checkLevel, extractBounded, MAX_ANSWER_CHARS, safeJsonParse, safeScore, stripFence } from './common.js';

describe('logic/common helpers', () => {
  it('extractBounded reports missing and over-long answers', () => {
    expect(extractBounded('no tags')).toEqual({ done: { score: 0, extracted: null, reason: 'no_answer' } });
    expect(extractBounded(42 as unknown as string)).toEqual({ done: { score: 0, extracted: null, reason: 'no_answer' } });
    const long = extractBounded(`<answer>${'x'.repeat(MAX_ANSWER_CHARS + 1)}</answer>`);
    expect('done' in long && long.done.reason).toBe('too_long');
    expect(extractBounded('a <answer> 1 </answer> b <answer>2</answer>')).toEqual({ answer: '2' });
  });

  it('safeScore clamps scores and turns verifier exceptions into 0', () => {
    expect(safeScore('<answer>a</answer>', () => ({ score: 3, reason: 'x' })).score).toBe(1);
    expect(safeScore('<answer>a</answer>', () => ({ score: Number.NaN, reason: 'x' })).score).toBe(0);
    const r = safeScore('<answer>a</answer>', () => {
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
});
