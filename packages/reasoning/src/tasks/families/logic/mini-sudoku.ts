/**
 * mini_sudoku (Reasoning Gym): complete a 4x4 sudoku (rows, columns and 2x2 boxes each hold 1-4).
 * Items come from a random valid grid (a base grid under digit, row, column and band permutations)
 * with cells removed one by one while the solution stays unique (checked by a backtracking counter).
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { checkLevel, makeItem, scoreWith } from '../common/index.js';

const NAME = 'mini_sudoku';
const LEVELS = [1, 2, 3, 4, 5] as const;
/** Level → number of blank cells (capped by uniqueness; 4x4 puzzles have at most ~12 blanks). */
const BLANKS: Record<number, number> = { 1: 2, 2: 4, 3: 6, 4: 8, 5: 11 };

export interface MiniSudokuMeta {
  /** 16 cells row-major, 0 = blank. */
  puzzle: number[];
  solution: number[];
}

const BOX = (i: number): number => Math.floor(Math.floor(i / 4) / 2) * 2 + Math.floor((i % 4) / 2);

/** Number of completions of `grid` (0 = blank), stopping at `limit`. */
export function countSolutions(grid: number[], limit = 2): number {
  const g = [...grid];
  let count = 0;
  const ok = (i: number, d: number): boolean => {
    const r = Math.floor(i / 4);
    const c = i % 4;
    for (let j = 0; j < 16; j++) {
      if (j === i || g[j] !== d) continue;
      if (Math.floor(j / 4) === r || j % 4 === c || BOX(j) === BOX(i)) return false;
    }
    return true;
  };
  const rec = (): void => {
    const i = g.indexOf(0);
    if (i < 0) {
      count++;
      return;
    }
    for (let d = 1; d <= 4 && count < limit; d++) {
      if (ok(i, d)) {
        g[i] = d;
        rec();
        g[i] = 0;
      }
    }
  };
  rec();
  return count;
}

/** True when the 16 cells form a valid completed 4x4 sudoku. */
export function isValidGrid(cells: number[]): boolean {
  if (cells.length !== 16 || cells.some((d) => d < 1 || d > 4)) return false;
  for (let k = 0; k < 4; k++) {
    const row = new Set<number>();
    const col = new Set<number>();
    const box = new Set<number>();
    for (let j = 0; j < 16; j++) {
      if (Math.floor(j / 4) === k) row.add(cells[j]!);
      if (j % 4 === k) col.add(cells[j]!);
      if (BOX(j) === k) box.add(cells[j]!);
    }
    if (row.size !== 4 || col.size !== 4 || box.size !== 4) return false;
  }
  return true;
}

function randomSolution(rng: Rng): number[] {
  const base = [
    [1, 2, 3, 4],
    [3, 4, 1, 2],
    [2, 1, 4, 3],
    [4, 3, 2, 1],
  ];
  const digits = rng.shuffle([1, 2, 3, 4]);
  const bands = rng.shuffle([0, 1]);
  const rows = bands.flatMap((b) => rng.shuffle([b * 2, b * 2 + 1]));
  const stacks = rng.shuffle([0, 1]);
  const cols = stacks.flatMap((s) => rng.shuffle([s * 2, s * 2 + 1]));
  const transpose = rng.next() < 0.5;
  const out: number[] = [];
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) {
      const [rr, cc] = transpose ? [cols[c]!, rows[r]!] : [rows[r]!, cols[c]!];
      out.push(digits[base[rr]![cc]! - 1]!);
    }
  }
  return out;
}

const gridText = (cells: number[], blank = '_'): string =>
  [0, 1, 2, 3].map((r) => cells.slice(r * 4, r * 4 + 4).map((d) => (d === 0 ? blank : String(d))).join('')).join(' ');

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const solution = randomSolution(rng);
  const puzzle = [...solution];
  let blanks = 0;
  for (const i of rng.shuffle(Array.from({ length: 16 }, (_, k) => k))) {
    if (blanks >= BLANKS[level]!) break;
    const keep = puzzle[i]!;
    puzzle[i] = 0;
    if (countSolutions(puzzle) === 1) blanks++;
    else puzzle[i] = keep;
  }
  const prompt =
    level === 1
      ? `Solve 4x4 sudoku (_ blank; rows, columns, 2x2 boxes hold 1-4): ${gridText(puzzle)}. Answer 4 rows in <answer></answer>.`
      : `Solve this 4x4 sudoku: every row, every column and every 2x2 box must contain 1, 2, 3 and 4 once; _ marks a blank. Rows: ${gridText(puzzle)}. Answer the 4 completed rows, space-separated, in <answer></answer>.`;
  const meta: MiniSudokuMeta = { puzzle, solution };
  return makeItem(NAME, 'logic', level, seed, prompt, gridText(solution), meta as unknown as Record<string, unknown>);
}

function score(item: TaskItem, completion: string) {
  const meta = item.meta as unknown as MiniSudokuMeta;
  return scoreWith(completion, (answer) => {
    if (answer.length > 400) return { score: 0, reason: 'unparseable' };
    const digits = [...answer].filter((ch) => ch >= '0' && ch <= '9').map(Number);
    if (digits.length !== 16) return { score: 0, reason: `unparseable:${digits.length}_digits` };
    const keepsGivens = meta.puzzle.every((d, i) => d === 0 || digits[i] === d);
    if (keepsGivens && isValidGrid(digits)) return { score: 1, reason: 'valid' };
    const matching = digits.filter((d, i) => d === meta.solution[i]).length;
    return { score: (0.9 * matching) / 16, reason: `partial:${matching}/16` };
  });
}

function solve(item: TaskItem): string {
  const meta = item.meta as unknown as MiniSudokuMeta;
  const fills = meta.puzzle
    .map((d, i) => (d === 0 ? `r${Math.floor(i / 4) + 1}c${(i % 4) + 1}=${meta.solution[i]}` : null))
    .filter((x): x is string => x !== null)
    .join(' ');
  return `Fill each blank with the missing digit: ${fills}.\n${answerBlock(item.oracle)}`;
}

export const miniSudoku: TaskFamily = {
  name: NAME,
  domain: 'logic',
  levels: LEVELS,
  description: 'Complete a 4x4 sudoku with a unique solution (answer: 4 rows of 4 digits).',
  scoringRules:
    'No <answer> block, or not exactly 16 digits in the answer (separators are ignored): 0. A valid grid that keeps every given: 1.0. Otherwise 0.9 * (cells equal to the solution) / 16 (Reasoning Gym).',
  generate,
  solve,
  score,
};
