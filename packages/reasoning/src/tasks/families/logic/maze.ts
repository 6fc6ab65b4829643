/**
 * maze: find a path from S to G in a small grid maze, answered as a move string (U D L R) that the
 * verifier simulates. (Reasoning Gym's maze asks for the shortest path length; we ask for the moves so
 * the answer is checkable step by step and many answers are valid; the score rewards shortness.)
 * Items: random walls, S and G on open cells, kept when G is reachable at a minimum BFS distance.
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { checkLevel, makeItem, scoreWith } from '../common/index.js';

const NAME = 'maze';
const LEVELS = [1, 2, 3, 4, 5] as const;
const CONFIG: Record<number, { size: number; walls: number; minDist: number }> = {
  1: { size: 3, walls: 0.25, minDist: 2 },
  2: { size: 4, walls: 0.3, minDist: 3 },
  3: { size: 5, walls: 0.3, minDist: 5 },
  4: { size: 7, walls: 0.33, minDist: 8 },
  5: { size: 9, walls: 0.35, minDist: 12 },
};

export interface MazeMeta {
  /** Rows of the grid: '#' wall, '.' open, 'S' start, 'G' goal. */
  grid: string[];
  /** Length of a shortest path. */
  shortest: number;
}

const MOVES = { U: [-1, 0], D: [1, 0], L: [0, -1], R: [0, 1] } as const;
type Move = keyof typeof MOVES;
const MOVE_ORDER: Move[] = ['U', 'D', 'L', 'R'];

function find(grid: string[], ch: string): [number, number] {
  for (let r = 0; r < grid.length; r++) {
    const c = grid[r]!.indexOf(ch);
    if (c >= 0) return [r, c];
  }
  return [-1, -1];
}

/** A shortest S→G move string (ties broken in U, D, L, R order), or null when G is unreachable. */
export function shortestPath(grid: string[]): string | null {
  const h = grid.length;
  const w = grid[0]!.length;
  const [sr, sc] = find(grid, 'S');
  const prev = new Map<number, [number, Move]>();
  const seen = new Set<number>([sr * w + sc]);
  const queue: [number, number][] = [[sr, sc]];
  for (let qi = 0; qi < queue.length; qi++) {
    const [r, c] = queue[qi]!;
    if (grid[r]![c] === 'G') {
      let path = '';
      let k = r * w + c;
      while (prev.has(k)) {
        const [p, m] = prev.get(k)!;
        path = m + path;
        k = p;
      }
      return path;
    }
    for (const m of MOVE_ORDER) {
      const [dr, dc] = MOVES[m];
      const nr = r + dr;
      const nc = c + dc;
      if (nr < 0 || nc < 0 || nr >= h || nc >= w || grid[nr]![nc] === '#' || seen.has(nr * w + nc)) continue;
      seen.add(nr * w + nc);
      prev.set(nr * w + nc, [r * w + c, m]);
      queue.push([nr, nc]);
    }
  }
  return null;
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const { size, walls, minDist } = CONFIG[level]!;
  for (let attempt = 0; ; attempt++) {
    // after many misses fall back to an open grid (always solvable at any distance up to 2*(size-1))
    const density = attempt > 200 ? 0 : walls;
    const cells: string[] = Array.from({ length: size * size }, () => (rng.next() < density ? '#' : '.'));
    const s = rng.int(size * size);
    const g = rng.int(size * size);
    if (g === s) continue;
    cells[s] = 'S';
    cells[g] = 'G';
    const grid = Array.from({ length: size }, (_, r) => cells.slice(r * size, r * size + size).join(''));
    const path = shortestPath(grid);
    if (path === null || path.length < minDist) continue;
    const prompt =
      level === 1
        ? `Maze (# wall). Moves U D L R from S to G:\n${grid.join('\n')}\nAnswer moves in <answer></answer>.`
        : `Find a shortest path from S to G in this maze (# is a wall, . is open; moves U=up, D=down, L=left, R=right; no moving into walls or off the grid):\n${grid.join('\n')}\nAnswer the moves as one string, e.g. <answer>RRD</answer>.`;
    const meta: MazeMeta = { grid, shortest: path.length };
    return makeItem(NAME, 'logic', level, seed, prompt, path, meta as unknown as Record<string, unknown>);
  }
}

function score(item: TaskItem, completion: string) {
  const meta = item.meta as unknown as MazeMeta;
  return scoreWith(completion, (answer) => {
    const moves = answer.replace(/[\s,]+/g, '').toUpperCase();
    const size = meta.grid.length * meta.grid[0]!.length;
    if (moves.length === 0 || moves.length > 4 * size || !/^[UDLR]+$/.test(moves)) return { score: 0, reason: 'malformed' };
    let [r, c] = find(meta.grid, 'S');
    for (let i = 0; i < moves.length; i++) {
      const [dr, dc] = MOVES[moves[i] as Move];
      r += dr;
      c += dc;
      if (r < 0 || c < 0 || r >= meta.grid.length || c >= meta.grid[0]!.length || meta.grid[r]![c] === '#') {
        return { score: 0.05, reason: `blocked_at_move:${i + 1}` };
      }
    }
    if (meta.grid[r]![c] !== 'G') return { score: 0.05, reason: 'not_at_goal' };
    if (moves.length === meta.shortest) return { score: 1, reason: 'shortest' };
    return { score: meta.shortest / moves.length, reason: `longer:${moves.length}/${meta.shortest}` };
  });
}

function solve(item: TaskItem): string {
  const meta = item.meta as unknown as MazeMeta;
  return `Breadth-first search from S reaches G in ${meta.shortest} moves.\n${answerBlock(item.oracle)}`;
}

export const maze: TaskFamily = {
  name: NAME,
  domain: 'logic',
  levels: LEVELS,
  description: 'Walk a small grid maze from S to G; answer the move string (U/D/L/R), simulated by the verifier.',
  scoringRules:
    'No <answer> block, empty, or characters other than U/D/L/R (spaces and commas ignored, case-insensitive): 0. Well-formed but walks into a wall / off the grid or does not end on G: 0.05. Ends on G: shortest / moves used (1.0 for any shortest path).',
  generate,
  solve,
  score,
};
