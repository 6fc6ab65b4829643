import { describe, expect, it } from 'vitest';
import { towerOfHanoi } from './tower-of-hanoi.js';
import { describeFamilyContract } from './test-utils/contract.js';
import { gen, scoreSync, wrap } from './test-utils/testkit.js';
import type { TaskItem } from '../../types.js';

// 2 disks: 6 (from, to) pairs are all the level-1 items.
describeFamilyContract(towerOfHanoi, { level1MaxPrompt: 120, minDistinctL1: 6 });

describe('tower_of_hanoi verifier', () => {
  const item: TaskItem = { ...gen(towerOfHanoi, 2, 0), meta: { disks: 2, from: 'A', to: 'C' } };
  const s = (t: string) => scoreSync(towerOfHanoi, item, wrap(t));

  it('scores optimal 1 and valid longer sequences optimal/used', () => {
    expect(s('A>B,A>C,B>C').score).toBe(1);
    expect(s('A->B A->C B->C').score).toBe(1);
    expect(s('a>b, a>c, b>c').score).toBe(1);
    expect(s('A > B\nA > C\nB > C').score).toBe(1);
    // a valid 5-move detour
    expect(s('A>C,C>B,A>C,B>A,A>C').score).toBeCloseTo(3 / 5, 12);
  });

  it('gives 0.05 for illegal or unfinished sequences and 0 for malformed ones', () => {
    expect(s('A>C,A>C').score).toBe(0.05); // larger on smaller
    expect(s('B>C').score).toBe(0.05); // empty peg
    expect(s('A>A').score).toBe(0.05);
    expect(s('A>B,A>C').score).toBe(0.05); // not finished
    expect(s('A>B,A>D,B>C').score).toBe(0);
    expect(s('move disk 1 from A to B').score).toBe(0);
    expect(s('').score).toBe(0);
  });

  it('oracle has 2^n - 1 moves', () => {
    for (const level of towerOfHanoi.levels) {
      const x = gen(towerOfHanoi, level, 3);
      expect(x.oracle.split(',').length).toBe(2 ** (level + 1) - 1);
    }
  });
});
