/**
 * graph_color (Reasoning Gym): colour the vertices of a graph with at most k colours so that no edge
 * joins two vertices of the same colour. Items are planted (a random colouring, then edges only
 * between differently coloured vertices), so they are always colourable. Any valid colouring scores 1.
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { checkLevel, isPlainObject, makeItem, safeJsonParse, scoreWith, stripFence } from '../common/index.js';

const NAME = 'graph_color';
const LEVELS = [1, 2, 3, 4, 5] as const;

/** Level → vertex counts drawn from, colours, edge probability between differently coloured vertices. */
const CONFIG: Record<number, { sizes: number[]; colors: number; p: number }> = {
  1: { sizes: [4, 5, 5, 6], colors: 2, p: 0.5 },
  2: { sizes: [4, 5, 5], colors: 3, p: 0.6 },
  3: { sizes: [6], colors: 3, p: 0.5 },
  4: { sizes: [8], colors: 3, p: 0.4 },
  5: { sizes: [10], colors: 3, p: 0.3 },
};

export interface GraphColorMeta {
  n: number;
  colors: number;
  edges: [number, number][];
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const { sizes, colors, p } = CONFIG[level]!;
  // single-size levels draw nothing extra, so their items are unchanged
  const n = sizes.length === 1 ? sizes[0]! : rng.pick(sizes);
  let coloring: number[] = [];
  let edges: [number, number][] = [];
  // level 1: 2-6 edges (at least two constraints, prompt stays short)
  for (let attempt = 0; edges.length === 0 || (level === 1 && (edges.length < 2 || edges.length > 6) && attempt < 20); attempt++) {
    coloring = Array.from({ length: n }, () => 1 + rng.int(colors));
    edges = [];
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (coloring[a] !== coloring[b] && rng.next() < p) edges.push([a, b]);
  }
  const edgeText = edges.map(([a, b]) => `${a}-${b}`).join(',');
  const prompt =
    level === 1
      ? `Color vertices 0-${n - 1} with colors 1-${colors}; edge ends differ. Edges: ${edgeText}. <answer>{"0":1,...}</answer>`
      : `Color the vertices 0-${n - 1} of this graph with colors 1-${colors} so that the two ends of every edge get different colors. Edges: ${edgeText}. Answer a JSON object {vertex: color}, e.g. <answer>{"0":1,"1":2}</answer>.`;
  const oracle = JSON.stringify(Object.fromEntries(coloring.map((c, v) => [String(v), c])));
  const meta: GraphColorMeta = { n, colors, edges };
  return makeItem(NAME, 'logic', level, seed, prompt, oracle, meta as unknown as Record<string, unknown>);
}

/** Reads a colouring {vertex: color}; null when the JSON is not an object. */
function readColoring(answer: string): Record<string, unknown> | null {
  const v = safeJsonParse(stripFence(answer));
  return isPlainObject(v) ? v : null;
}

function colorOf(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*\d{1,6}\s*$/.test(v)) return Number(v);
  return null;
}

function score(item: TaskItem, completion: string) {
  const meta = item.meta as unknown as GraphColorMeta;
  return scoreWith(completion, (answer) => {
    const obj = readColoring(answer);
    if (obj === null) return { score: 0, reason: 'unparseable' };
    const keys = Object.keys(obj);
    const col: number[] = [];
    for (let v = 0; v < meta.n; v++) {
      if (!Object.prototype.hasOwnProperty.call(obj, String(v))) return { score: 0.01, reason: `missing_vertex:${v}` };
      const c = colorOf(obj[String(v)]);
      if (c === null || c < 1 || c > meta.colors) return { score: 0.01, reason: `bad_color:${v}` };
      col.push(c);
    }
    if (keys.length !== meta.n) return { score: 0.01, reason: 'extra_vertices' };
    for (const [a, b] of meta.edges) if (col[a] === col[b]) return { score: 0.01, reason: `conflict:${a}-${b}` };
    return { score: 1, reason: 'valid' };
  });
}

function solve(item: TaskItem): string {
  const meta = item.meta as unknown as GraphColorMeta;
  const col = JSON.parse(item.oracle) as Record<string, number>;
  const lines = Array.from({ length: meta.n }, (_, v) => `${v}:${col[String(v)]}`).join(' ');
  return `Assign colors, checking neighbours differ: ${lines}.\n${answerBlock(item.oracle)}`;
}

export const graphColor: TaskFamily = {
  name: NAME,
  domain: 'logic',
  levels: LEVELS,
  description: 'Colour a small graph with k colours so that adjacent vertices differ (answer: JSON {vertex: color}).',
  scoringRules:
    'No <answer> block or not a JSON object: 0. A JSON object that is not a valid colouring (a vertex missing, an extra key, a colour outside 1..k, or an edge with equal colours): 0.01. Any valid colouring: 1.0 (checked against the edges, not compared with the oracle).',
  generate,
  solve,
  score,
};
