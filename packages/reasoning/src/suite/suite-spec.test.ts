import { describe, expect, it } from 'vitest';
import { ALL_FAMILIES } from '../tasks/registry.js';
import { SuiteError } from './errors.js';
import { NAMED_SUITES, getSuiteSpec, resolveSuite, restrictSuite } from './suite-spec.js';

describe('suite specs', () => {
  it("'default' has every family at its first two levels; 'full' at all levels", () => {
    const d = resolveSuite('default');
    expect(d.entries.map((e) => e.family)).toEqual(ALL_FAMILIES.map((f) => f.name));
    expect(d.entries.find((e) => e.family === 'code_function')?.levels).toEqual([1, 2]);
    expect(resolveSuite('full').entries.find((e) => e.family === 'code_function')?.levels).toEqual([1, 2, 3, 4, 5]);
    expect(resolveSuite('code').entries.every((e) => ALL_FAMILIES.find((f) => f.name === e.family)?.domain === 'code')).toBe(true);
  });
  it('lists the valid names for an unknown suite', () => {
    expect(() => getSuiteSpec('nope')).toThrow(SuiteError);
    expect(() => getSuiteSpec('nope')).toThrow(new RegExp(NAMED_SUITES.join(', ')));
  });
  it('rejects bad weights, levels and duplicates', () => {
    expect(() => resolveSuite({ name: 'x', entries: [] })).toThrow(/no families/);
    expect(() => resolveSuite({ name: 'x', entries: [{ family: 'code_function', weight: 0 }] })).toThrow(/weight/);
    expect(() => resolveSuite({ name: 'x', entries: [{ family: 'code_function', levels: [9] }] })).toThrow(/no level 9/);
    expect(() => resolveSuite({ name: 'x', entries: [{ family: 'code_function', levels: [1, 2], levelWeights: [1] }] })).toThrow(/levelWeights/);
    expect(() => resolveSuite({ name: 'x', entries: [{ family: 'code_function' }, { family: 'code_function' }] })).toThrow(/twice/);
    expect(() => resolveSuite({ name: 'x', entries: [{ family: 'code_function' }], heldOut: ['nope'] })).toThrow(/nope/);
  });
  it('restricts to one family', () => {
    const r = restrictSuite(resolveSuite('default'), 'code_function');
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]?.levels).toEqual([1, 2]);
  });
});
