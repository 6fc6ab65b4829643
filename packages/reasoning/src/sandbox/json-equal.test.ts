import { describe, expect, it } from 'vitest';
import { jsonEqual, tryParseJson } from './json-equal.js';

describe('jsonEqual', () => {
  it('compares structurally, ignoring key order', () => {
    expect(jsonEqual({ a: 1, b: [1, 'x', null] }, { b: [1, 'x', null], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual([1, 2], [1, 2, 3])).toBe(false);
    expect(jsonEqual([1], { 0: 1 })).toBe(false);
    expect(jsonEqual('1', 1)).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
  });
  it('accepts floating-point rounding but not real differences', () => {
    expect(jsonEqual(0.1 + 0.2, 0.3)).toBe(true);
    expect(jsonEqual(0.31, 0.3)).toBe(false);
  });
  it('tryParseJson never throws', () => {
    expect(tryParseJson('{')).toBeUndefined();
    expect(tryParseJson('[1]')).toEqual({ value: [1] });
  });
});
