import { UnknownNameError } from '@prorl/rl-core';
import { describe, expect, it } from 'vitest';
import { ALL_FAMILIES, getFamily, listFamilies } from './registry.js';
import { DOMAINS } from './types.js';

describe('task registry', () => {
  it('holds every family once, with a valid domain and ascending levels', () => {
    expect(ALL_FAMILIES.length).toBeGreaterThan(0);
    expect(new Set(ALL_FAMILIES.map((f) => f.name)).size).toBe(ALL_FAMILIES.length);
    for (const f of ALL_FAMILIES) {
      expect(DOMAINS).toContain(f.domain);
      expect(f.levels.length).toBeGreaterThan(0);
      for (let i = 1; i < f.levels.length; i++) expect(f.levels[i]!).toBeGreaterThan(f.levels[i - 1]!);
    }
  });
  it('finds families by name', () => {
    expect(getFamily('code_function').domain).toBe('code');
  });
  it('an unknown name lists the valid ones', () => {
    expect(() => getFamily('nope')).toThrow(UnknownNameError);
    expect(() => getFamily('nope')).toThrow(/code_function/);
  });
  it('listFamilies gives family, domain, levels, description and rules', () => {
    const row = listFamilies().find((r) => r.family === 'code_function');
    expect(row).toMatchObject({ domain: 'code', levels: [1, 2, 3, 4, 5] });
    expect(row?.scoringRules).toMatch(/fraction/);
  });
});
