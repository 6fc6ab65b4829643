/**
 * family_relationships (Reasoning Gym): a short story describes a family (marriages and children);
 * the question asks how one person is related to another. The family tree is generated, the relation
 * is computed from it (the tree has no overlapping relations, so it is unique), and the answer is
 * compared case-insensitively.
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { checkLevel, makeItem, scoreWith } from '../common/index.js';

const NAME = 'family_relationships';
const LEVELS = [1, 2, 3, 4, 5] as const;
const MALE = ['Tom', 'Sam', 'Bob', 'Jim', 'Max', 'Leo', 'Ben', 'Dan', 'Hal', 'Ian', 'Jack', 'Ken', 'Luke', 'Mark', 'Ned', 'Owen', 'Paul', 'Ray', 'Ted', 'Carl'];
const FEMALE = ['Ann', 'Eve', 'Kim', 'Liz', 'Amy', 'Bea', 'Cara', 'Dora', 'Ella', 'Fay', 'Gina', 'Hope', 'Iris', 'Jane', 'Kate', 'Lily', 'Mia', 'Nora', 'Rose', 'Tina'];

/** Level → relations the question targets (the tree grows with the level). */
const TARGETS: Record<number, string[]> = {
  1: ['husband', 'wife', 'father', 'mother', 'son', 'daughter'],
  2: ['brother', 'sister', 'father', 'mother', 'son', 'daughter'],
  3: ['grandfather', 'grandmother', 'grandson', 'granddaughter'],
  4: ['uncle', 'aunt', 'nephew', 'niece', 'father-in-law', 'mother-in-law', 'son-in-law', 'daughter-in-law'],
  5: ['cousin', 'brother-in-law', 'sister-in-law', 'uncle', 'aunt', 'nephew', 'niece'],
};

export interface Person {
  name: string;
  male: boolean;
  /** Index of the parents' couple, or -1. */
  parents: number;
  spouse: number;
}

export interface FamilyMeta {
  people: Person[];
  /** Couples as [husband, wife] person indices. */
  couples: [number, number][];
  asked: [number, number];
  relation: string;
  why: string;
}

class Family {
  people: Person[] = [];
  couples: [number, number][] = [];
  private males: string[];
  private females: string[];
  constructor(private rng: Rng) {
    this.males = rng.shuffle([...MALE]);
    this.females = rng.shuffle([...FEMALE]);
  }
  person(male: boolean, parents = -1): number {
    const name = (male ? this.males : this.females).pop()!;
    this.people.push({ name, male, parents, spouse: -1 });
    return this.people.length - 1;
  }
  marry(a: number): number {
    const b = this.person(!this.people[a]!.male);
    this.people[a]!.spouse = b;
    this.people[b]!.spouse = a;
    this.couples.push(this.people[a]!.male ? [a, b] : [b, a]);
    return this.couples.length - 1;
  }
  children(couple: number, count: number): number[] {
    return Array.from({ length: count }, () => this.person(this.rng.next() < 0.5, couple));
  }
}

function parentsOf(f: FamilyMeta, x: number): number[] {
  const c = f.people[x]!.parents;
  return c < 0 ? [] : [...f.couples[c]!];
}
function siblingsOf(f: FamilyMeta, x: number): number[] {
  const c = f.people[x]!.parents;
  return c < 0 ? [] : f.people.map((_, i) => i).filter((i) => i !== x && f.people[i]!.parents === c);
}

/** How x is related to y ("x is y's ..."), with a one-line justification; null when unrelated here. */
export function relation(f: FamilyMeta, x: number, y: number): { rel: string; why: string } | null {
  const P = f.people;
  const m = P[x]!.male;
  const n = (i: number): string => P[i]!.name;
  const g = (male: string, female: string): string => (m ? male : female);
  if (x === y) return null;
  if (P[x]!.spouse === y) return { rel: g('husband', 'wife'), why: `${n(x)} is married to ${n(y)}` };
  if (parentsOf(f, y).includes(x)) return { rel: g('father', 'mother'), why: `${n(y)} is a child of ${n(x)}` };
  if (parentsOf(f, x).includes(y)) return { rel: g('son', 'daughter'), why: `${n(x)} is a child of ${n(y)}` };
  if (siblingsOf(f, x).includes(y)) return { rel: g('brother', 'sister'), why: `${n(x)} and ${n(y)} share parents` };
  for (const p of parentsOf(f, y)) {
    if (parentsOf(f, p).includes(x)) return { rel: g('grandfather', 'grandmother'), why: `${n(x)} is a parent of ${n(p)}, a parent of ${n(y)}` };
    if (siblingsOf(f, p).includes(x)) return { rel: g('uncle', 'aunt'), why: `${n(x)} is a sibling of ${n(p)}, a parent of ${n(y)}` };
    const sp = P[x]!.spouse;
    if (sp >= 0 && siblingsOf(f, p).includes(sp)) return { rel: g('uncle', 'aunt'), why: `${n(x)} is married to ${n(sp)}, a sibling of ${n(p)}, a parent of ${n(y)}` };
  }
  for (const p of parentsOf(f, x)) {
    if (parentsOf(f, p).includes(y)) return { rel: g('grandson', 'granddaughter'), why: `${n(y)} is a parent of ${n(p)}, a parent of ${n(x)}` };
    const ys = P[y]!.spouse;
    if (siblingsOf(f, p).includes(y) || (ys >= 0 && siblingsOf(f, p).includes(ys))) {
      return { rel: g('nephew', 'niece'), why: `${n(x)} is a child of ${n(p)}, whose sibling is ${siblingsOf(f, p).includes(y) ? n(y) : `married to ${n(y)}`}` };
    }
    for (const q of parentsOf(f, y)) if (siblingsOf(f, p).includes(q)) return { rel: 'cousin', why: `their parents ${n(p)} and ${n(q)} are siblings` };
  }
  const ys = P[y]!.spouse;
  if (ys >= 0 && parentsOf(f, ys).includes(x)) return { rel: g('father-in-law', 'mother-in-law'), why: `${n(x)} is a parent of ${n(ys)}, the spouse of ${n(y)}` };
  const xs = P[x]!.spouse;
  if (xs >= 0 && parentsOf(f, xs).includes(y)) return { rel: g('son-in-law', 'daughter-in-law'), why: `${n(x)} is married to ${n(xs)}, a child of ${n(y)}` };
  if (ys >= 0 && siblingsOf(f, ys).includes(x)) return { rel: g('brother-in-law', 'sister-in-law'), why: `${n(x)} is a sibling of ${n(ys)}, the spouse of ${n(y)}` };
  if (xs >= 0 && siblingsOf(f, y).includes(xs)) return { rel: g('brother-in-law', 'sister-in-law'), why: `${n(x)} is married to ${n(xs)}, a sibling of ${n(y)}` };
  return null;
}

function story(f: FamilyMeta, rng: Rng): string {
  const out: string[] = [];
  f.couples.forEach(([h, w], c) => {
    const [a, b] = rng.next() < 0.5 ? [h, w] : [w, h];
    out.push(`${f.people[a]!.name} is married to ${f.people[b]!.name}.`);
    const kids = f.people.map((_, i) => i).filter((i) => f.people[i]!.parents === c);
    if (kids.length > 0) {
      const words = kids.map((k) => `a ${f.people[k]!.male ? 'son' : 'daughter'} ${f.people[k]!.name}`);
      const list = words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]!}`;
      out.push(`They have ${list}.`);
    }
  });
  return out.join(' ');
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  for (;;) {
    const fam = new Family(rng);
    const root = fam.marry(fam.person(true));
    const kids = fam.children(root, level === 1 ? 1 + rng.int(2) : 2 + rng.int(2));
    if (level >= 3) {
      const married = rng.shuffle([...kids]).slice(0, level === 5 ? 2 : 1);
      for (const k of married) fam.children(fam.marry(k), 1 + rng.int(2));
    }
    const f: FamilyMeta = { people: fam.people, couples: fam.couples, asked: [0, 0], relation: '', why: '' };
    const pairs: [number, number, string, string][] = [];
    for (let x = 0; x < f.people.length; x++) {
      for (let y = 0; y < f.people.length; y++) {
        const r = relation(f, x, y);
        if (r !== null && TARGETS[level]!.includes(r.rel)) pairs.push([x, y, r.rel, r.why]);
      }
    }
    if (pairs.length === 0) continue;
    const [x, y, rel, why] = rng.pick(pairs);
    f.asked = [x, y];
    f.relation = rel;
    f.why = why;
    const q = `What is ${f.people[x]!.name} to ${f.people[y]!.name}?`;
    const text = story(f, rng);
    const prompt =
      level === 1
        ? `${text} ${q} One word in <answer></answer>.`
        : `${text} ${q} Answer with the relation word only (e.g. mother, uncle, sister-in-law) in <answer></answer>.`;
    return makeItem(NAME, 'logic', level, seed, prompt, rel, f as unknown as Record<string, unknown>);
  }
}

function score(item: TaskItem, completion: string) {
  return scoreWith(completion, (answer) => {
    // Linear trailing strip: the regex /[.!]+$/ is quadratic on inputs like "!a!!!!...!b".
    let end = answer.length;
    while (end > 0 && (answer[end - 1] === '.' || answer[end - 1] === '!')) end--;
    const ok = answer.slice(0, end).trim().toLowerCase() === item.oracle.toLowerCase();
    return ok ? { score: 1, reason: 'exact' } : { score: 0, reason: 'wrong' };
  });
}

function solve(item: TaskItem): string {
  const meta = item.meta as unknown as FamilyMeta;
  return `${meta.why}, so ${meta.people[meta.asked[0]]!.name} is the ${item.oracle}.\n${answerBlock(item.oracle)}`;
}

export const familyRelationships: TaskFamily = {
  name: NAME,
  domain: 'logic',
  levels: LEVELS,
  description: 'Read a short family story and name how one person is related to another.',
  scoringRules: 'The trimmed answer (a trailing period allowed) equals the relation word case-insensitively: 1.0; anything else (or no <answer> block): 0 (Reasoning Gym).',
  generate,
  solve,
  score,
};
