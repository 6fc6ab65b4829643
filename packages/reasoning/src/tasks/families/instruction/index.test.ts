import { describe, expect, it } from 'vitest';
import { INSTRUCTION_FAMILIES } from './index.js';

describe('INSTRUCTION_FAMILIES', () => {
  it('lists unique instruction-domain families starting at level 1', () => {
    const names = INSTRUCTION_FAMILIES.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('instruction_following');
    for (const f of INSTRUCTION_FAMILIES) {
      expect(f.domain).toBe('instruction');
      expect(f.levels[0]).toBe(1);
      expect(() => f.generate(0, 0, undefined as never)).toThrow(/level 0 is not one of/);
    }
  });
});
