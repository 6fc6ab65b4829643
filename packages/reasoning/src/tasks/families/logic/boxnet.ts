/**
 * boxnet (Reasoning Gym style multi-agent planning): a grid of cells with one agent per cell; each
 * agent can move one box in its own cell to an orthogonally adjacent cell per step. A box is delivered
 * when it enters its goal cell. The answer is a JSON plan, a list of steps, each an object mapping an
 * agent's cell "r,c" to an action "X>r,c" (move box X to cell r,c). The verifier simulates the plan.
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { checkLevel, isPlainObject, makeItem, safeJsonParse, scoreWith, stripFence } from '../common/index.js';

const NAME = 'boxnet';
const LEVELS = [1, 2, 3, 4, 5] as const;
/** Grid shapes [rows, cols] a level draws from, and its box count. Levels 1-2 also draw the box's letter (more distinct items). */
const CONFIG: Record<number, { shapes: [number, number][]; boxes: number; randomLabel: boolean }> = {
  1: { shapes: [[1, 3], [3, 1], [1, 4], [4, 1]], boxes: 1, randomLabel: true },
  2: { shapes: [[2, 2], [2, 3], [3, 2]], boxes: 1, randomLabel: true },
  3: { shapes: [[2, 3]], boxes: 2, randomLabel: false },
  4: { shapes: [[3, 3]], boxes: 3, randomLabel: false },
  5: { shapes: [[3, 4]], boxes: 5, randomLabel: false },
};
/** Box letters levels 1-2 draw from. */
const BOX_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWZ';
const MAX_STEPS = 500;

export interface BoxnetMeta {
  rows: number;
  cols: number;
  /** Box label → [start, goal] cells as [r, c]. */
  boxes: Record<string, [[number, number], [number, number]]>;
}

const cellKey = (r: number, c: number): string => `${r},${c}`;

/** Greedy parallel plan: each step every undelivered box whose cell agent is free moves one cell toward its goal (row first). */
function greedyPlan(meta: BoxnetMeta): Record<string, string>[] {
  const pos = new Map(Object.entries(meta.boxes).map(([b, [s]]) => [b, [...s] as [number, number]]));
  const plan: Record<string, string>[] = [];
  while (pos.size > 0) {
    const step: Record<string, string> = {};
    for (const [b, p] of [...pos.entries()].sort(([a], [c]) => (a < c ? -1 : 1))) {
      const key = cellKey(p[0], p[1]);
      if (key in step) continue;
      const goal = meta.boxes[b]![1];
      const next: [number, number] = p[0] !== goal[0] ? [p[0] + Math.sign(goal[0] - p[0]), p[1]] : [p[0], p[1] + Math.sign(goal[1] - p[1])];
      step[key] = `${b}>${cellKey(next[0], next[1])}`;
      if (next[0] === goal[0] && next[1] === goal[1]) pos.delete(b);
      else pos.set(b, next);
    }
    plan.push(step);
  }
  return plan;
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const { shapes, boxes: k, randomLabel } = CONFIG[level]!;
  const [rows, cols] = shapes.length === 1 ? shapes[0]! : rng.pick(shapes);
  const labels = randomLabel ? [rng.pick([...BOX_LETTERS])] : 'ABCDEFGH'.slice(0, k).split('');
  const boxes: BoxnetMeta['boxes'] = {};
  for (const b of labels) {
    const s = rng.int(rows * cols);
    let g = rng.int(rows * cols - 1);
    if (g >= s) g++;
    boxes[b] = [
      [Math.floor(s / cols), s % cols],
      [Math.floor(g / cols), g % cols],
    ];
  }
  const meta: BoxnetMeta = { rows, cols, boxes };
  const desc = labels.map((b) => `${b} ${cellKey(...boxes[b]![0])} to ${cellKey(...boxes[b]![1])}`).join('; ');
  const prompt =
    level === 1
      ? `Grid ${rows}x${cols}, cells r,c. Each cell's agent moves a box to a neighbour cell. Box ${desc}. Plan: <answer>[{"r,c":"${labels[0]}>r,c"}]</answer>`
      : `A ${rows}x${cols} grid (cells "r,c", 0-based) has one agent per cell. In each step every agent may move one box that is in its own cell to an orthogonally adjacent cell; a box is delivered when it reaches its goal. Boxes (start to goal): ${desc}. Answer a JSON list of steps, each an object {"agent cell": "box>target cell"}, e.g. <answer>[{"0,0":"A>0,1"},{"0,1":"A>1,1"}]</answer>.`;
  const oracle = JSON.stringify(greedyPlan(meta));
  return makeItem(NAME, 'logic', level, seed, prompt, oracle, meta as unknown as Record<string, unknown>);
}

type Action = { agent: [number, number]; box: string; to: [number, number] };

/** Parses a plan; null when it is not a list of objects {"r,c": "X>r,c"}. */
export function readPlan(answer: string): Action[][] | null {
  const v = safeJsonParse(stripFence(answer));
  if (!Array.isArray(v) || v.length > MAX_STEPS) return null;
  const plan: Action[][] = [];
  for (const step of v) {
    if (!isPlainObject(step)) return null;
    const actions: Action[] = [];
    for (const [k, a] of Object.entries(step)) {
      const km = /^\s*(\d{1,3})\s*,\s*(\d{1,3})\s*$/.exec(k);
      const am = typeof a === 'string' ? /^\s*([A-Za-z])\s*>\s*(\d{1,3})\s*,\s*(\d{1,3})\s*$/.exec(a) : null;
      if (km === null || am === null) return null;
      actions.push({ agent: [Number(km[1]), Number(km[2])], box: am[1]!.toUpperCase(), to: [Number(am[2]), Number(am[3])] });
    }
    plan.push(actions);
  }
  return plan;
}

/** Simulates a plan; invalid actions are skipped. Returns delivered and invalid counts. */
export function simulate(meta: BoxnetMeta, plan: Action[][]): { delivered: number; invalid: number } {
  const pos = new Map(Object.entries(meta.boxes).map(([b, [s]]) => [b, [...s] as [number, number]]));
  let delivered = 0;
  let invalid = 0;
  for (const step of plan) {
    const moved = new Set<string>();
    for (const { agent, box, to } of step) {
      const p = pos.get(box);
      const inGrid = to[0] < meta.rows && to[1] < meta.cols;
      const adjacent = Math.abs(to[0] - agent[0]) + Math.abs(to[1] - agent[1]) === 1;
      if (p === undefined || moved.has(box) || p[0] !== agent[0] || p[1] !== agent[1] || !inGrid || !adjacent) {
        invalid++;
        continue;
      }
      moved.add(box);
      const goal = meta.boxes[box]![1];
      if (to[0] === goal[0] && to[1] === goal[1]) {
        pos.delete(box);
        delivered++;
      } else pos.set(box, [to[0], to[1]]);
    }
  }
  return { delivered, invalid };
}

function score(item: TaskItem, completion: string) {
  const meta = item.meta as unknown as BoxnetMeta;
  return scoreWith(completion, (answer) => {
    const plan = readPlan(answer);
    if (plan === null) return { score: 0, reason: 'malformed' };
    const k = Object.keys(meta.boxes).length;
    const { delivered, invalid } = simulate(meta, plan);
    const frac = delivered / k;
    const reason = delivered === k ? (invalid === 0 ? 'all_delivered' : `all_delivered:invalid_${invalid}`) : `partial:${delivered}/${k}`;
    return { score: Math.max(0.05, frac), reason };
  });
}

function solve(item: TaskItem): string {
  const meta = item.meta as unknown as BoxnetMeta;
  const routes = Object.entries(meta.boxes)
    .map(([b, [s, g]]) => `${b} ${cellKey(...s)}->${cellKey(...g)}`)
    .join(', ');
  return `Move each box one cell per step toward its goal, rows first: ${routes}.\n${answerBlock(item.oracle)}`;
}

export const boxnet: TaskFamily = {
  name: NAME,
  domain: 'logic',
  levels: LEVELS,
  description: 'Plan agents in a grid moving boxes to goal cells (answer: JSON list of steps {"r,c": "X>r,c"}), simulated.',
  scoringRules:
    'No <answer> block, or not a JSON list of objects {"r,c": "X>r,c"} (at most 500 steps): 0. A well-formed plan is simulated step by step; actions that are invalid (box not in that agent\'s cell, already moved this step or delivered, target not adjacent or off the grid) are skipped. Score = max(0.05, boxes delivered / boxes) (Reasoning Gym); plan length is not scored.',
  generate,
  solve,
  score,
};
