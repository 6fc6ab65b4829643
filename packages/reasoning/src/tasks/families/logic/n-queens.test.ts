import { describe, expect, it } from 'vitest';
import { isValidPlacement, nQueens, type NQueensMeta } from './n-queens.js';
import { describeConformance } from '../test-utils/conformance.js';
import { gen, scoreOf, wrap } from '../test-utils/kit.js';
import type { TaskItem } from '../../types.js';

// Level 1 mixes n = 4..6 with 1-3 fixed queens (n = 4 alone has only 2 solutions, 28 puzzles).
describeConformance(nQueens, { level1MaxPrompt: 140 });

/** All solutions of n-queens (1-based columns). */
function allSolutions(n: number): number[][] {
  const out: number[][] = [];
  const cols: number[] = [];
  const rec = (r: number): void => {
    if (r === n) return void out.push([...cols]);
    for (let c = 1; c <= n; c++) {
      if (cols.every((cc, rr) => cc !== c && Math.abs(cc - c) !== r - rr)) {
        cols.push(c);
        rec(r + 1);
        cols.pop();
      }
    }
  };
  rec(0);
  return out;
}

describe('n_queens verifier', () => {
  it('accepts every valid completion, not only the oracle', () => {
    const base = gen(nQueens, 3, 0);
    const item: TaskItem = { ...base, meta: { n: 6, fixed: [] } satisfies NQueensMeta };
    const sols = allSolutions(6);
    expect(sols.length).toBe(4);
    for (const s of sols) expect(scoreOf(nQueens, item, wrap(s.join(', '))).score).toBe(1);
    // with a fixed queen only the matching solutions pass
    const fixedItem: TaskItem = { ...base, meta: { n: 6, fixed: [[1, sols[0]![0]!]] } satisfies NQueensMeta };
    for (const s of sols) {
      expect(scoreOf(nQueens, fixedItem, wrap(s.join(' '))).score).toBe(s[0] === sols[0]![0] ? 1 : 0.05);
    }
  });

  it('scores attacking or malformed answers per the rules', () => {
    const item: TaskItem = { ...gen(nQueens, 1, 0), meta: { n: 4, fixed: [] } satisfies NQueensMeta };
    const s = (t: string) => scoreOf(nQueens, item, wrap(t));
    expect(s('1,2,3,4').score).toBe(0.05);
    expect(s('2,4,1,1').score).toBe(0.05);
    expect(s('2,4,1').score).toBe(0);
    expect(s('2,4,1,5').score).toBe(0);
    expect(s('2,4,1,3,').score).toBe(1);
    expect(s('two,four,one,three').score).toBe(0);
  });

  it('generated oracles are valid placements that keep the fixed queens', () => {
    for (const level of nQueens.levels) {
      for (let seed = 0; seed < 20; seed++) {
        const x = gen(nQueens, level, seed);
        const meta = x.meta as unknown as NQueensMeta;
        const cols = x.oracle.split(',').map(Number);
        expect(isValidPlacement(cols, meta.n)).toBe(true);
        for (const [r, c] of meta.fixed) expect(cols[r - 1]).toBe(c);
      }
    }
  });
});
