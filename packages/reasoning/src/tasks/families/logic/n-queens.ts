/**
 * n_queens (Reasoning Gym): complete a placement of n non-attacking queens on an n x n board given some
 * queens already placed. Items come from a random solution (randomised backtracking) with k of its
 * queens fixed, so a completion always exists; any valid completion that keeps the fixed queens scores 1.
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { checkLevel, intIn, makeItem, scoreWith } from '../common/index.js';

const NAME = 'n_queens';
const LEVELS = [1, 2, 3, 4, 5] as const;
/** Board sizes a level draws from and the range of fixed queens (small boards have few solutions, so their levels vary both). */
const CONFIG: Record<number, { sizes: number[]; fixed: [number, number] }> = {
  1: { sizes: [4, 5, 5, 6, 6], fixed: [1, 3] },
  2: { sizes: [5, 6, 7], fixed: [1, 3] },
  3: { sizes: [6, 7], fixed: [1, 3] },
  4: { sizes: [8], fixed: [2, 2] },
  5: { sizes: [10], fixed: [2, 2] },
};

export interface NQueensMeta {
  n: number;
  /** Fixed queens as [row, column], 1-based. */
  fixed: [number, number][];
}

/** A random solution: cols[r] = column (0-based) of the queen in row r. */
function randomSolution(rng: Rng, n: number): number[] {
  const cols: number[] = [];
  const rec = (r: number): boolean => {
    if (r === n) return true;
    for (const c of rng.shuffle(Array.from({ length: n }, (_, k) => k))) {
      if (cols.every((cc, rr) => cc !== c && Math.abs(cc - c) !== r - rr)) {
        cols.push(c);
        if (rec(r + 1)) return true;
        cols.pop();
      }
    }
    return false;
  };
  rec(0);
  return cols;
}

/** True when cols (1-based) place n non-attacking queens. */
export function isValidPlacement(cols: number[], n: number): boolean {
  if (cols.length !== n) return false;
  for (let a = 0; a < n; a++) {
    if (cols[a]! < 1 || cols[a]! > n) return false;
    for (let b = a + 1; b < n; b++) if (cols[a] === cols[b] || Math.abs(cols[a]! - cols[b]!) === b - a) return false;
  }
  return true;
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const { sizes, fixed: range } = CONFIG[level]!;
  // single-choice levels draw nothing extra, so their items are unchanged
  const n = sizes.length === 1 ? sizes[0]! : rng.pick(sizes);
  const k = range[0] === range[1] ? range[0] : intIn(rng, range[0], range[1]);
  const sol = randomSolution(rng, n).map((c) => c + 1);
  const rows = rng.shuffle(Array.from({ length: n }, (_, r) => r)).slice(0, k).sort((a, b) => a - b);
  const fixed: [number, number][] = rows.map((r) => [r + 1, sol[r]!]);
  const given = fixed.map(([r, c]) => `row ${r} col ${c}`).join(', ');
  const prompt =
    level === 1
      ? `Put ${n} queens on a ${n}x${n} board, none attacking; queens at (row,col) ${fixed.map(([r, c]) => `(${r},${c})`).join(',')}. Each row's column in <answer>${'abcdef'.slice(0, n).split('').join(',')}</answer>.`
      : `Place ${n} queens on a ${n}x${n} board so that no two share a row, column or diagonal. Already placed: ${given}. Answer the column (1-${n}) of the queen in each row 1-${n}, comma-separated, in <answer></answer>.`;
  const meta: NQueensMeta = { n, fixed };
  return makeItem(NAME, 'logic', level, seed, prompt, sol.join(','), meta as unknown as Record<string, unknown>);
}

/** Reads "c1,c2,...,cn" (commas, spaces or semicolons); null when not n integers in 1..n. */
function readColumns(answer: string, n: number): number[] | null {
  if (answer.length > 200) return null;
  const parts = answer.split(/[\s,;]+/).filter((p) => p.length > 0);
  if (parts.length !== n || parts.some((p) => !/^\d{1,3}$/.test(p))) return null;
  const cols = parts.map(Number);
  return cols.every((c) => c >= 1 && c <= n) ? cols : null;
}

function score(item: TaskItem, completion: string) {
  const meta = item.meta as unknown as NQueensMeta;
  return scoreWith(completion, (answer) => {
    const cols = readColumns(answer, meta.n);
    if (cols === null) return { score: 0, reason: 'malformed' };
    if (!meta.fixed.every(([r, c]) => cols[r - 1] === c)) return { score: 0.05, reason: 'moved_fixed_queen' };
    if (!isValidPlacement(cols, meta.n)) return { score: 0.05, reason: 'attacking' };
    return { score: 1, reason: 'valid' };
  });
}

function solve(item: TaskItem): string {
  const meta = item.meta as unknown as NQueensMeta;
  const cols = item.oracle.split(',');
  const steps = cols.map((c, r) => `r${r + 1}:c${c}`).join(' ');
  return `Keep ${meta.fixed.map(([r, c]) => `r${r}:c${c}`).join(' ')}; fill rows with no shared column or diagonal: ${steps}.\n${answerBlock(item.oracle)}`;
}

export const nQueens: TaskFamily = {
  name: NAME,
  domain: 'logic',
  levels: LEVELS,
  description: 'Complete a placement of n non-attacking queens given some fixed queens (answer: column per row).',
  scoringRules:
    'No <answer> block or not exactly n integers in 1..n (comma/space separated): 0. Well-formed but a fixed queen moved or two queens attack: 0.05. Any valid completion keeping the fixed queens: 1.0 (checked, not compared with the oracle).',
  generate,
  solve,
  score,
};
