import { describe, expect, it } from 'vitest';
import { LOGIC_FAMILIES } from './index.js';

describe('LOGIC_FAMILIES', () => {
  it('lists the Reasoning Gym logic/puzzle families once each, all in the logic domain', () => {
    const names = LOGIC_FAMILIES.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of ['countdown', 'graph_color', 'knights_knaves', 'mini_sudoku', 'n_queens', 'maze', 'tower_of_hanoi', 'boxnet', 'family_relationships', 'propositional_logic']) {
      expect(names).toContain(n);
    }
    for (const f of LOGIC_FAMILIES) {
      expect(f.domain).toBe('logic');
      expect(f.levels[0]).toBe(1);
    }
  });

  it('rejects unknown levels with an actionable error', () => {
    for (const f of LOGIC_FAMILIES) {
      expect(() => f.generate(99, 0, undefined as never)).toThrow(/level 99 is not one of/);
    }
  });
});
