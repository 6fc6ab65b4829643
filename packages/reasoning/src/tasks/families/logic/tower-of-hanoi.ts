/**
 * tower_of_hanoi (Reasoning Gym): move a stack of n disks from one peg to another, one disk at a time,
 * never a larger disk on a smaller one. The move list is simulated; optimal solutions score 1, valid
 * longer ones optimal/used (Reasoning Gym's rule).
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { checkLevel, makeItem, safeScore } from './common.js';

const NAME = 'tower_of_hanoi';
const LEVELS = [1, 2, 3, 4, 5] as const;
const DISKS: Record<number, number> = { 1: 2, 2: 3, 3: 4, 4: 5, 5: 6 };
const PEGS = ['A', 'B', 'C'] as const;
type Peg = (typeof PEGS)[number];

export interface HanoiMeta {
  disks: number;
  from: Peg;
  to: Peg;
}

function hanoi(n: number, from: Peg, to: Peg, via: Peg, out: string[]): void {
  if (n === 0) return;
  hanoi(n - 1, from, via, to, out);
  out.push(`${from}>${to}`);
  hanoi(n - 1, via, to, from, out);
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const disks = DISKS[level]!;
  const [from, to, via] = rng.shuffle([...PEGS]) as [Peg, Peg, Peg];
  const moves: string[] = [];
  hanoi(disks, from, to, via, moves);
  const prompt =
    level === 1
      ? `Hanoi: move ${disks} disks from peg ${from} to peg ${to} (pegs A,B,C; no big on small). Moves like X>Y, in <answer></answer>.`
      : `Tower of Hanoi with pegs A, B, C: all ${disks} disks start on peg ${from} (largest at the bottom). Move them all to peg ${to}, one disk at a time, never placing a larger disk on a smaller one. Answer the moves as comma-separated X>Y (from peg X to peg Y) in <answer></answer>.`;
  const meta: HanoiMeta = { disks, from, to };
  return makeItem(NAME, 'logic', level, seed, prompt, moves.join(','), meta as unknown as Record<string, unknown>);
}

function score(item: TaskItem, completion: string) {
  const meta = item.meta as unknown as HanoiMeta;
  return safeScore(completion, (answer) => {
    const optimal = 2 ** meta.disks - 1;
    if (answer.length > 5000) return { score: 0, reason: 'malformed' };
    const tokens = answer.replace(/[ \t]*(?:->|→|>)[ \t]*/g, '>').split(/[\s,;]+/).filter((t) => t.length > 0);
    if (tokens.length === 0 || tokens.length > 64 * (optimal + 1)) return { score: 0, reason: 'malformed' };
    const moves: [number, number][] = [];
    for (const t of tokens) {
      const m = /^([ABC])(?:>|->|→)([ABC])$/i.exec(t);
      if (m === null) return { score: 0, reason: 'malformed' };
      moves.push([PEGS.indexOf(m[1]!.toUpperCase() as Peg), PEGS.indexOf(m[2]!.toUpperCase() as Peg)]);
    }
    const pegs: number[][] = [[], [], []];
    const src = PEGS.indexOf(meta.from);
    for (let d = meta.disks; d >= 1; d--) pegs[src]!.push(d);
    for (let i = 0; i < moves.length; i++) {
      const [a, b] = moves[i]!;
      const pa = pegs[a]!;
      const pb = pegs[b]!;
      const disk = pa[pa.length - 1];
      if (a === b || disk === undefined || (pb.length > 0 && pb[pb.length - 1]! < disk)) return { score: 0.05, reason: `illegal_move:${i + 1}` };
      pa.pop();
      pb.push(disk);
    }
    if (pegs[PEGS.indexOf(meta.to)]!.length !== meta.disks) return { score: 0.05, reason: 'not_solved' };
    if (moves.length === optimal) return { score: 1, reason: 'optimal' };
    return { score: optimal / moves.length, reason: `suboptimal:${moves.length}/${optimal}` };
  });
}

function solve(item: TaskItem): string {
  const meta = item.meta as unknown as HanoiMeta;
  const via = PEGS.find((p) => p !== meta.from && p !== meta.to)!;
  const top = meta.disks === 2 ? 'the top disk' : `the top ${meta.disks - 1} disks`;
  return `Move ${top} ${meta.from} to ${via}, the largest ${meta.from} to ${meta.to}, then ${top} ${via} to ${meta.to}: ${2 ** meta.disks - 1} moves.\n${answerBlock(item.oracle)}`;
}

export const towerOfHanoi: TaskFamily = {
  name: NAME,
  domain: 'logic',
  levels: LEVELS,
  description: 'Solve the Tower of Hanoi for n disks between given pegs; the move list is simulated.',
  scoringRules:
    'No <answer> block, empty, or a token that is not a move X>Y with X, Y in A/B/C (also X->Y or X > Y; separated by commas, spaces or newlines): 0 (malformed). Well-formed but an illegal move or the disks do not all end on the target peg: 0.05. Solved: optimal (2^n - 1) / moves used, so 1.0 for the optimal solution (Reasoning Gym).',
  generate,
  solve,
  score,
};
