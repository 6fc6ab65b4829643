import { UnknownNameError } from '@prorl/rl-core';
import { describe, expect, it } from 'vitest';
import { SuiteError } from './errors.js';
import { generateItem, itemId, parseItemId } from './generate.js';

describe('generateItem', () => {
  it('is a pure function of (family, level, seed)', () => {
    expect(generateItem('code_function', 3, 42)).toEqual(generateItem('code_function', 3, 42));
    expect(generateItem('code_function', 3, 42).id).toBe('code_function/L3/42');
    expect(generateItem('code_function', 3, 42).prompt).not.toBe(generateItem('code_function', 3, 43).prompt);
  });
  it('rejects unknown families and levels with actionable errors', () => {
    expect(() => generateItem('nope', 1, 0)).toThrow(UnknownNameError);
    expect(() => generateItem('code_function', 7, 0)).toThrow(SuiteError);
    expect(() => generateItem('code_function', 7, 0)).toThrow(/use one of its levels: 1, 2, 3, 4, 5/);
    expect(() => generateItem('code_function', 1, -1)).toThrow(/seed/);
  });
  it('ids round-trip', () => {
    expect(parseItemId(itemId('a_b', 2, 9))).toEqual({ family: 'a_b', level: 2, seed: 9 });
    expect(parseItemId('garbage')).toBeNull();
  });
});
