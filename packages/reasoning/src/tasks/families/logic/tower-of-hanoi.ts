/**
 * tower_of_hanoi (Reasoning Gym): move a stack of n disks from one peg to another, one disk at a time,
 * never a larger disk on a smaller one. The move list is simulated; optimal solutions score 1, valid
 * longer ones optimal/used (Reasoning Gym's rule). The three pegs are named A, B, C in a quarter of the
 * items and by three other capital letters otherwise (and any start/target pair), so every level has
 * thousands of distinct prompts.
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { checkLevel, makeItem, scoreWith } from '../common/index.js';

const NAME = 'tower_of_hanoi';
const LEVELS = [1, 2, 3, 4, 5] as const;
const DISKS: Record<number, number> = { 1: 2, 2: 3, 3: 4, 4: 5, 5: 6 };
/** The classic peg names (also the default of items without `meta.pegs`). */
const PEGS = ['A', 'B', 'C'] as const;
/** Letters pegs may be named with (X and Y are left out: the prompt uses them for "X>Y"). */
const PEG_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWZ';
type Peg = string;

export interface HanoiMeta {
  disks: number;
  from: Peg;
  to: Peg;
  /** The three peg names in alphabetical order (absent → A, B, C). */
  pegs?: [Peg, Peg, Peg];
}

function pegsOf(meta: HanoiMeta): readonly Peg[] {
  return Array.isArray(meta.pegs) && meta.pegs.length === 3 ? meta.pegs : PEGS;
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
  const pegs = (rng.next() < 0.25 ? [...PEGS] : rng.shuffle([...PEG_LETTERS]).slice(0, 3).sort()) as [Peg, Peg, Peg];
  const [from, to, via] = rng.shuffle([...pegs]) as [Peg, Peg, Peg];
  const moves: string[] = [];
  hanoi(disks, from, to, via, moves);
  const prompt =
    level === 1
      ? `Hanoi: move ${disks} disks from peg ${from} to peg ${to} (pegs ${pegs.join(',')}; no big on small). Moves like X>Y, in <answer></answer>.`
      : `Tower of Hanoi with pegs ${pegs.join(', ')}: all ${disks} disks start on peg ${from} (largest at the bottom). Move them all to peg ${to}, one disk at a time, never placing a larger disk on a smaller one. Answer the moves as comma-separated X>Y (from peg X to peg Y) in <answer></answer>.`;
  const meta: HanoiMeta = { disks, from, to, pegs };
  return makeItem(NAME, 'logic', level, seed, prompt, moves.join(','), meta as unknown as Record<string, unknown>);
}

function score(item: TaskItem, completion: string) {
  const meta = item.meta as unknown as HanoiMeta;
  return scoreWith(completion, (answer) => {
    const names = pegsOf(meta);
    const optimal = 2 ** meta.disks - 1;
    if (answer.length > 5000) return { score: 0, reason: 'malformed' };
    const tokens = answer.replace(/[ \t]*(?:->|→|>)[ \t]*/g, '>').split(/[\s,;]+/).filter((t) => t.length > 0);
    if (tokens.length === 0 || tokens.length > 64 * (optimal + 1)) return { score: 0, reason: 'malformed' };
    const moves: [number, number][] = [];
    for (const t of tokens) {
      const m = /^([A-Z])(?:>|->|→)([A-Z])$/i.exec(t);
      const a = m === null ? -1 : names.indexOf(m[1]!.toUpperCase());
      const b = m === null ? -1 : names.indexOf(m[2]!.toUpperCase());
      if (a < 0 || b < 0) return { score: 0, reason: 'malformed' };
      moves.push([a, b]);
    }
    const pegs: number[][] = [[], [], []];
    const src = names.indexOf(meta.from);
    const dst = names.indexOf(meta.to);
    if (src < 0 || dst < 0) throw new TypeError('meta.from/to is not one of the pegs');
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
    if (pegs[dst]!.length !== meta.disks) return { score: 0.05, reason: 'not_solved' };
    if (moves.length === optimal) return { score: 1, reason: 'optimal' };
    return { score: optimal / moves.length, reason: `suboptimal:${moves.length}/${optimal}` };
  });
}

function solve(item: TaskItem): string {
  const meta = item.meta as unknown as HanoiMeta;
  const via = pegsOf(meta).find((p) => p !== meta.from && p !== meta.to)!;
  const top = meta.disks === 2 ? 'the top disk' : `the top ${meta.disks - 1} disks`;
  return `Move ${top} ${meta.from} to ${via}, the largest ${meta.from} to ${meta.to}, then ${top} ${via} to ${meta.to}: ${2 ** meta.disks - 1} moves.\n${answerBlock(item.oracle)}`;
}

export const towerOfHanoi: TaskFamily = {
  name: NAME,
  domain: 'logic',
  levels: LEVELS,
  description: 'Solve the Tower of Hanoi for n disks between given pegs; the move list is simulated.',
  scoringRules:
    'No <answer> block, empty, or a token that is not a move X>Y with X, Y among the three pegs named in the prompt (case-insensitive; also X->Y or X > Y; separated by commas, spaces or newlines): 0 (malformed). Well-formed but an illegal move or the disks do not all end on the target peg: 0.05. Solved: optimal (2^n - 1) / moves used, so 1.0 for the optimal solution (Reasoning Gym).',
  generate,
  solve,
  score,
};
