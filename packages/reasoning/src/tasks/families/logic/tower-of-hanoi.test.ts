import { describe, expect, it } from 'vitest';
import { towerOfHanoi } from './tower-of-hanoi.js';
import { describeConformance } from '../test-utils/conformance.js';
import { gen, scoreOf, wrap } from '../test-utils/kit.js';
import type { TaskItem } from '../../types.js';

// Level 1 is 2 disks; peg names and start/target pegs vary the items.
describeConformance(towerOfHanoi, { level1MaxPrompt: 120 });

describe('tower_of_hanoi verifier', () => {
  const item: TaskItem = { ...gen(towerOfHanoi, 2, 0), meta: { disks: 2, from: 'A', to: 'C' } };
  const s = (t: string) => scoreOf(towerOfHanoi, item, wrap(t));

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

  it('uses the peg names of the item (any three capitals), case-insensitively', () => {
    const named: TaskItem = { ...gen(towerOfHanoi, 1, 0), meta: { disks: 2, from: 'D', to: 'P', pegs: ['D', 'K', 'P'] } };
    const t = (m: string) => scoreOf(towerOfHanoi, named, wrap(m));
    expect(t('D>K,D>P,K>P').score).toBe(1);
    expect(t('d->k d->p k->p').score).toBe(1);
    expect(t('A>B,A>C,B>C').score).toBe(0); // pegs not in this puzzle: malformed
    expect(t('D>P,D>P').score).toBe(0.05);
    const names = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const x = gen(towerOfHanoi, 3, seed);
      const m = x.meta as { pegs: string[]; from: string; to: string };
      expect(m.pegs).toContain(m.from);
      expect(m.pegs).toContain(m.to);
      expect(x.prompt).toContain(`pegs ${m.pegs.join(', ')}`);
      names.add(m.pegs.join(''));
    }
    expect(names.has('ABC')).toBe(true);
    expect(names.size).toBeGreaterThan(10);
  });

  it('oracle has 2^n - 1 moves', () => {
    for (const level of towerOfHanoi.levels) {
      const x = gen(towerOfHanoi, level, 3);
      expect(x.oracle.split(',').length).toBe(2 ** (level + 1) - 1);
    }
  });
});
