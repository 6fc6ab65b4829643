import { describe, expect, it } from 'vitest';
import { countSolutions, isValidGrid, miniSudoku, type MiniSudokuMeta } from './mini-sudoku.js';
import { describeConformance } from '../test-utils/conformance.js';
import { gen, scoreOf, wrap } from '../test-utils/kit.js';

describeConformance(miniSudoku, { level1MaxPrompt: 125 });

describe('mini_sudoku verifier', () => {
  it('generates unique puzzles with more blanks at higher levels', () => {
    const avg: number[] = [];
    for (const level of miniSudoku.levels) {
      let blanks = 0;
      for (let seed = 0; seed < 20; seed++) {
        const meta = gen(miniSudoku, level, seed).meta as unknown as MiniSudokuMeta;
        expect(isValidGrid(meta.solution)).toBe(true);
        expect(countSolutions(meta.puzzle)).toBe(1);
        blanks += meta.puzzle.filter((d) => d === 0).length;
      }
      avg.push(blanks / 20);
    }
    for (let i = 1; i < avg.length; i++) expect(avg[i]!).toBeGreaterThan(avg[i - 1]!);
  });

  it('accepts other layouts of the right grid and gives partial credit per RG', () => {
    const x = gen(miniSudoku, 3, 1);
    const sol = (x.meta as unknown as MiniSudokuMeta).solution;
    const s = (t: string) => scoreOf(miniSudoku, x, wrap(t));
    const rows = [0, 1, 2, 3].map((r) => sol.slice(r * 4, r * 4 + 4));
    expect(s(rows.map((r) => r.join(' ')).join('\n')).score).toBe(1);
    expect(s(rows.map((r) => r.join(',')).join(' | ')).score).toBe(1);
    const wrong = [...sol];
    // swap two cells of row 1: 14 cells still match the solution
    [wrong[0], wrong[1]] = [wrong[1]!, wrong[0]!];
    expect(s(wrong.join('')).score).toBeCloseTo((0.9 * 14) / 16, 12);
    expect(s(sol.join('').slice(0, 15)).score).toBe(0);
    expect(s('no idea').score).toBe(0);
  });
});
