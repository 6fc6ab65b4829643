/**
 * knights_knaves (Reasoning Gym): on an island knights always tell the truth and knaves always lie;
 * from what each person says, decide who is who. Items are planted (a random assignment, then a
 * statement per person that is true iff the speaker is a knight) and kept only when the assignment is
 * the unique consistent one (brute force over all 2^n assignments).
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { checkLevel, makeItem, scoreWith } from '../common/index.js';

const NAME = 'knights_knaves';
const LEVELS = [1, 2, 3, 4, 5] as const;
const PEOPLE: Record<number, number> = { 1: 2, 2: 3, 3: 4, 4: 5, 5: 6 };
const NAMES = ['Ann', 'Bob', 'Cy', 'Dee', 'Eve', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jo', 'Kim', 'Lu', 'Max', 'Ned', 'Oz', 'Pam'];

/** An atom "person p is a knight (k=true) / knave (k=false)". */
interface Atom {
  p: number;
  k: boolean;
}
export type Statement =
  | { kind: 'is'; a: Atom }
  | { kind: 'and'; a: Atom; b: Atom }
  | { kind: 'or'; a: Atom; b: Atom }
  | { kind: 'same'; p: number; q: number }
  | { kind: 'differ'; p: number; q: number };

export interface KnightsMeta {
  names: string[];
  /** true = knight. */
  knights: boolean[];
  statements: Statement[];
}

function holds(s: Statement, w: boolean[]): boolean {
  const at = (a: Atom): boolean => w[a.p] === a.k;
  switch (s.kind) {
    case 'is':
      return at(s.a);
    case 'and':
      return at(s.a) && at(s.b);
    case 'or':
      return at(s.a) || at(s.b);
    case 'same':
      return w[s.p] === w[s.q];
    case 'differ':
      return w[s.p] !== w[s.q];
    default: {
      const never: never = s;
      return never;
    }
  }
}

function say(s: Statement, speaker: number, names: string[]): string {
  const who = (p: number): string => (p === speaker ? 'I' : names[p]!);
  const atom = (a: Atom): string => (a.p === speaker ? `I am a ${a.k ? 'knight' : 'knave'}` : `${names[a.p]} is a ${a.k ? 'knight' : 'knave'}`);
  switch (s.kind) {
    case 'is':
      return atom(s.a);
    case 'and':
      return `${atom(s.a)} and ${atom(s.b)}`;
    case 'or':
      return `${atom(s.a)} or ${atom(s.b)}`;
    case 'same':
      return `${who(s.p)} and ${who(s.q)} are the same kind`;
    case 'differ':
      return `${who(s.p)} and ${who(s.q)} are different kinds`;
    default: {
      const never: never = s;
      return never;
    }
  }
}

function randomStatement(rng: Rng, speaker: number, n: number, level: number): Statement {
  const other = (): number => {
    const p = rng.int(n - 1);
    return p >= speaker ? p + 1 : p;
  };
  const kinds: Statement['kind'][] = level === 1 ? ['is', 'is', 'same', 'differ'] : ['is', 'and', 'or', 'same', 'differ'];
  const kind = rng.pick(kinds);
  const atom = (): Atom => ({ p: other(), k: rng.next() < 0.5 });
  switch (kind) {
    case 'is':
      return { kind, a: atom() };
    case 'and':
    case 'or': {
      const a = atom();
      let b: Atom = { p: rng.next() < 0.3 ? speaker : other(), k: rng.next() < 0.5 };
      if (b.p === a.p) b = { p: speaker, k: b.k };
      return { kind, a, b };
    }
    case 'same':
    case 'differ': {
      const p = other();
      let q = rng.next() < 0.5 ? speaker : other();
      if (q === p) q = speaker;
      return { kind, p, q };
    }
    default: {
      const never: never = kind;
      return never;
    }
  }
}

export function consistentCount(statements: Statement[], n: number): number {
  let count = 0;
  for (let mask = 0; mask < 1 << n; mask++) {
    const w = Array.from({ length: n }, (_, i) => ((mask >> i) & 1) === 1);
    if (statements.every((s, i) => holds(s, w) === w[i])) count++;
  }
  return count;
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const n = PEOPLE[level]!;
  const names = rng.shuffle([...NAMES]).slice(0, n);
  let knights: boolean[] = [];
  let statements: Statement[] = [];
  for (let attempt = 0; ; attempt++) {
    knights = Array.from({ length: n }, () => rng.next() < 0.5);
    statements = [];
    for (let sp = 0; sp < n; sp++) {
      for (let tries = 0; ; tries++) {
        const s = randomStatement(rng, sp, n, level);
        if (holds(s, knights) === knights[sp]) {
          statements.push(s);
          break;
        }
        if (tries > 50) {
          // 'is' about another person can always be made true or false
          const p = sp === 0 ? 1 : 0;
          statements.push({ kind: 'is', a: { p, k: knights[p] === knights[sp] } });
          break;
        }
      }
    }
    if (consistentCount(statements, n) === 1 || attempt > 500) break;
  }
  const said = statements.map((s, i) => `${names[i]}: "${say(s, i, names)}."`).join(' ');
  const example = names.map((nm, i) => `${nm}=${i % 2 === 0 ? 'knight' : 'knave'}`).join(',');
  const prompt =
    level === 1
      ? `Knights tell truth, knaves lie. ${said} Answer like <answer>${example}</answer>`
      : `On this island knights always tell the truth and knaves always lie. ${said} Who is a knight and who is a knave? Answer like <answer>${example}</answer>`;
  const oracle = names.map((nm, i) => `${nm}=${knights[i] ? 'knight' : 'knave'}`).join(',');
  const meta: KnightsMeta = { names, knights, statements };
  return makeItem(NAME, 'logic', level, seed, prompt, oracle, meta as unknown as Record<string, unknown>);
}

/** Reads `Name=knight` / `Name is a knave` / `Name: knight` pairs; null when a name gets two roles. */
export function readAssignment(answer: string, names: string[]): Map<number, boolean> | null {
  const index = new Map(names.map((nm, i) => [nm.toLowerCase(), i]));
  const out = new Map<number, boolean>();
  const re = /\b([A-Za-z]+)\s*(?:=|:|-|\bis\s+an?\b|\bis\b)\s*(?:an?\s+)?(knight|knave)/gi;
  for (const m of answer.matchAll(re)) {
    const i = index.get(m[1]!.toLowerCase());
    if (i === undefined) continue;
    const k = m[2]!.toLowerCase() === 'knight';
    const prev = out.get(i);
    if (prev !== undefined && prev !== k) return null;
    out.set(i, k);
  }
  return out;
}

function score(item: TaskItem, completion: string) {
  const meta = item.meta as unknown as KnightsMeta;
  return scoreWith(completion, (answer) => {
    if (answer.length > 2000) return { score: 0, reason: 'too_long' };
    const got = readAssignment(answer, meta.names);
    if (got === null) return { score: 0, reason: 'contradictory' };
    const n = meta.names.length;
    if (got.size !== n) return { score: 0, reason: `incomplete:${got.size}/${n}` };
    let matches = 0;
    for (let i = 0; i < n; i++) if (got.get(i) === meta.knights[i]) matches++;
    if (matches === n) return { score: 1, reason: 'exact' };
    return { score: 0.3 + (0.7 * matches) / n, reason: `partial:${matches}/${n}` };
  });
}

function solve(item: TaskItem): string {
  const meta = item.meta as unknown as KnightsMeta;
  const checks = meta.names
    .map((nm, i) => `${nm} ${meta.knights[i] ? 'knight, says truth' : 'knave, says false'}`)
    .join('; ');
  return `Only one assignment fits: ${checks}.\n${answerBlock(item.oracle)}`;
}

export const knightsKnaves: TaskFamily = {
  name: NAME,
  domain: 'logic',
  levels: LEVELS,
  description: 'Knights always tell the truth, knaves always lie: deduce who is who from their statements.',
  scoringRules:
    'No <answer> block, an answer over 2000 characters, a person given two roles, or not every person named: 0. Every person assigned: 1.0 if all are right, else 0.3 + 0.7 * correct / people (Reasoning Gym). Accepted forms: "Ann=knight", "Ann: knave", "Ann is a knight", case-insensitive, any order.',
  generate,
  solve,
  score,
};
