import { describe, expect, it } from 'vitest';
import { SuiteError } from './errors.js';
import { generateItem } from './generate.js';
import { parseSplit, resolveSplitFractions, splitOf, type SplitName } from './split.js';

describe('splits', () => {
  it('assign roughly the configured fractions, stably', () => {
    const counts: Record<SplitName, number> = { train: 0, validation: 0, test: 0 };
    for (let i = 0; i < 4000; i++) counts[splitOf({ family: 'f', prompt: `question ${i}` })]++;
    expect(counts.test / 4000).toBeGreaterThan(0.08);
    expect(counts.test / 4000).toBeLessThan(0.12);
    expect(counts.validation / 4000).toBeGreaterThan(0.08);
    expect(counts.validation / 4000).toBeLessThan(0.12);
    expect(splitOf({ family: 'f', prompt: 'question 7' })).toBe(splitOf({ family: 'f', prompt: 'question 7' }));
  });

  it('depend on the content: the same prompt from two seeds has one split', () => {
    const a = generateItem('code_function', 1, 11);
    expect(splitOf({ ...a, id: 'other' } as typeof a)).toBe(splitOf(a));
  });

  it('validate fractions and names', () => {
    expect(() => resolveSplitFractions({ test: 0.6, validation: 0.5 })).toThrow(SuiteError);
    expect(() => resolveSplitFractions({ test: 0 })).toThrow(/fractions.test/);
    expect(parseSplit('val')).toBe('validation');
    expect(() => parseSplit('dev')).toThrow(/train, validation, test/);
  });
});
