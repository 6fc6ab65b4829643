/**
 * propositional_logic (Reasoning Gym): given premises in propositional logic, state a conclusion that
 * follows from them. The verifier parses the answer with its own parser and checks entailment by truth
 * table over the item's variables (at most 5, so at most 32 rows).
 * Syntax: variables are single capitals; ~ (not), & (and), | (or), -> (implies), <-> (iff), parentheses;
 * the unicode forms ¬ ∧ ∨ → ↔ are accepted too.
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { checkLevel, makeItem, scoreWith } from '../common/index.js';

const NAME = 'propositional_logic';
const LEVELS = [1, 2, 3, 4, 5] as const;
const VARS = ['P', 'Q', 'R', 'S', 'T'];
/** Variable names levels 1-2 draw from (no I, O or V: they read like 1, 0 and "or"). */
const VAR_LETTERS = 'ABCDEFGHJKLMNPQRSTUWXYZ';
const CONFIG: Record<number, { vars: number; premises: number; depth: number }> = {
  1: { vars: 2, premises: 2, depth: 1 },
  2: { vars: 3, premises: 3, depth: 1 },
  3: { vars: 3, premises: 3, depth: 2 },
  4: { vars: 4, premises: 4, depth: 2 },
  5: { vars: 5, premises: 5, depth: 3 },
};

export type BinOp = '&' | '|' | '->' | '<->';
export type Formula = { t: 'var'; v: string } | { t: 'not'; a: Formula } | { t: 'bin'; op: BinOp; a: Formula; b: Formula };

export interface PropMeta {
  variables: string[];
  premises: string[];
}

const V = (v: string): Formula => ({ t: 'var', v });
const N = (a: Formula): Formula => ({ t: 'not', a });
const B = (op: BinOp, a: Formula, b: Formula): Formula => ({ t: 'bin', op, a, b });

/** Canonical text: binary subformulas parenthesised, single spaces around binary operators. */
export function show(f: Formula): string {
  const wrapBin = (g: Formula): string => (g.t === 'bin' ? `(${show(g)})` : show(g));
  switch (f.t) {
    case 'var':
      return f.v;
    case 'not':
      return `~${wrapBin(f.a)}`;
    case 'bin':
      return `${wrapBin(f.a)} ${f.op} ${wrapBin(f.b)}`;
    default: {
      const never: never = f;
      return never;
    }
  }
}

export function evaluate(f: Formula, env: Map<string, boolean>): boolean {
  switch (f.t) {
    case 'var':
      return env.get(f.v) === true;
    case 'not':
      return !evaluate(f.a, env);
    case 'bin': {
      const a = evaluate(f.a, env);
      const b = evaluate(f.b, env);
      switch (f.op) {
        case '&':
          return a && b;
        case '|':
          return a || b;
        case '->':
          return !a || b;
        case '<->':
          return a === b;
        default: {
          const never: never = f.op;
          return never;
        }
      }
    }
    default: {
      const never: never = f;
      return never;
    }
  }
}

function varsOf(f: Formula, out = new Set<string>()): Set<string> {
  if (f.t === 'var') out.add(f.v);
  else if (f.t === 'not') varsOf(f.a, out);
  else {
    varsOf(f.a, out);
    varsOf(f.b, out);
  }
  return out;
}

function* assignments(vars: string[]): Generator<Map<string, boolean>> {
  for (let mask = 0; mask < 1 << vars.length; mask++) yield new Map(vars.map((v, i) => [v, ((mask >> i) & 1) === 1]));
}

/** True when every assignment satisfying all premises satisfies the conclusion. */
export function entails(premises: Formula[], conclusion: Formula, vars: string[]): boolean {
  for (const env of assignments(vars)) if (premises.every((p) => evaluate(p, env)) && !evaluate(conclusion, env)) return false;
  return true;
}

const MAX_FORMULA_CHARS = 300;

/** Parses a formula; null on any syntax error (never throws). Precedence: ~ > & > | > -> (right) > <->. */
export function parseFormula(text: string): Formula | null {
  if (text.length > MAX_FORMULA_CHARS) return null;
  const src = text.replace(/¬|!/g, '~').replace(/∧|&&/g, '&').replace(/∨|\|\|/g, '|').replace(/↔|<=>/g, '<->').replace(/→|=>/g, '->');
  const toks: string[] = [];
  for (let i = 0; i < src.length; ) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n') i++;
    else if (src.startsWith('<->', i)) (toks.push('<->'), (i += 3));
    else if (src.startsWith('->', i)) (toks.push('->'), (i += 2));
    else if ('~&|()'.includes(c) || (c >= 'A' && c <= 'Z')) (toks.push(c), i++);
    else return null;
  }
  let pos = 0;
  const peek = (): string | undefined => toks[pos];
  const MAX_DEPTH = 50;
  function iff(d: number): Formula | null {
    let a = imp(d);
    while (a !== null && peek() === '<->') {
      pos++;
      const b = imp(d);
      a = b === null ? null : B('<->', a, b);
    }
    return a;
  }
  function imp(d: number): Formula | null {
    const a = or(d);
    if (a === null || peek() !== '->') return a;
    pos++;
    if (d > MAX_DEPTH) return null;
    const b = imp(d + 1);
    return b === null ? null : B('->', a, b);
  }
  function or(d: number): Formula | null {
    let a = and(d);
    while (a !== null && peek() === '|') {
      pos++;
      const b = and(d);
      a = b === null ? null : B('|', a, b);
    }
    return a;
  }
  function and(d: number): Formula | null {
    let a = unary(d);
    while (a !== null && peek() === '&') {
      pos++;
      const b = unary(d);
      a = b === null ? null : B('&', a, b);
    }
    return a;
  }
  function unary(d: number): Formula | null {
    if (d > MAX_DEPTH) return null;
    const t = peek();
    if (t === '~') {
      pos++;
      const a = unary(d + 1);
      return a === null ? null : N(a);
    }
    if (t === '(') {
      pos++;
      const a = iff(d + 1);
      if (a === null || peek() !== ')') return null;
      pos++;
      return a;
    }
    if (t !== undefined && t.length === 1 && t >= 'A' && t <= 'Z') {
      pos++;
      return V(t);
    }
    return null;
  }
  const f = iff(0);
  return f !== null && pos === toks.length ? f : null;
}

function randomLiteral(rng: Rng, vars: string[]): Formula {
  const v = V(rng.pick(vars));
  return rng.next() < 0.3 ? N(v) : v;
}

/** A random formula whose binary nodes split the variables between their sides (no "P -> P"). */
function randomFormula(rng: Rng, vars: string[], depth: number): Formula {
  if (depth <= 0 || vars.length < 2 || rng.next() < 0.2) return randomLiteral(rng, vars);
  const shuffled = rng.shuffle([...vars]);
  const cut = 1 + rng.int(shuffled.length - 1);
  const op = rng.pick<BinOp>(['&', '|', '->', '->', '->', '<->']);
  const f = B(op, randomFormula(rng, shuffled.slice(0, cut), depth - 1), randomFormula(rng, shuffled.slice(cut), depth - 1));
  return rng.next() < 0.1 ? N(f) : f;
}

const negate = (f: Formula): Formula => (f.t === 'not' ? f.a : N(f));

/** Level 1-2 templates: classic inference patterns over literals. */
function templatePremises(rng: Rng, vars: string[], level: number): Formula[] {
  const [a, b, c] = rng.shuffle([...vars]).map((v) => (rng.next() < 0.25 ? N(V(v)) : V(v))) as [Formula, Formula, Formula | undefined];
  const kind = rng.int(level === 1 ? 4 : 3);
  if (level === 1) {
    if (kind === 0) return rng.shuffle([B('->', a, b), a]); // modus ponens
    if (kind === 1) return rng.shuffle([B('->', a, b), negate(b)]); // modus tollens
    if (kind === 2) return rng.shuffle([B('|', a, b), negate(a)]); // disjunctive syllogism
    return rng.shuffle([B('<->', a, b), a]); // biconditional
  }
  const cc = c!;
  if (kind === 0) return rng.shuffle([B('->', a, b), B('->', b, cc), a]); // chain
  if (kind === 1) return rng.shuffle([B('->', a, b), B('->', b, cc), negate(cc)]); // chain + tollens
  return rng.shuffle([B('|', a, b), B('->', a, cc), negate(cc)]); // tollens + disjunctive syllogism
}

const CANDIDATES = new Map<string, Formula[]>();

/** Candidate conclusions, simplest first: literals, then binary combinations of literals (cached per variable set). */
function candidates(vars: string[]): Formula[] {
  const key = vars.join('');
  const cached = CANDIDATES.get(key);
  if (cached !== undefined) return cached;
  const lits = vars.flatMap((v) => [V(v), N(V(v))]);
  const out: Formula[] = [...lits];
  for (const op of ['&', '|', '->'] as BinOp[]) for (const x of lits) for (const y of lits) if (show(x) < show(y) || op === '->') out.push(B(op, x, y));
  CANDIDATES.set(key, out);
  return out;
}

function isTautology(f: Formula, vars: string[]): boolean {
  for (const env of assignments(vars)) if (!evaluate(f, env)) return false;
  return true;
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const cfg = CONFIG[level]!;
  // Levels 1-2 name their variables with random capitals (more distinct items); higher levels use P, Q, R, ...
  const vars = level <= 2 ? rng.shuffle([...VAR_LETTERS]).slice(0, cfg.vars).sort() : VARS.slice(0, cfg.vars);
  for (;;) {
    const premises = level <= 2 ? templatePremises(rng, vars, level) : Array.from({ length: cfg.premises }, () => randomFormula(rng, vars, cfg.depth));
    const shown = new Set(premises.map(show));
    if (shown.size !== premises.length) continue;
    const models = [...assignments(vars)].filter((env) => premises.every((p) => evaluate(p, env)));
    if (models.length === 0) continue; // unsatisfiable premises entail everything
    const good = (c: Formula): boolean => !shown.has(show(c)) && models.every((env) => evaluate(c, env)) && !isTautology(c, vars);
    // prefer literal conclusions; else the first few binary ones (candidates are ordered simplest first)
    const all = candidates(vars);
    let pool = all.filter((c) => c.t !== 'bin' && good(c));
    if (pool.length === 0) {
      pool = [];
      for (const c of all) if (c.t === 'bin' && pool.length < 4 && good(c)) pool.push(c);
    }
    if (pool.length === 0) continue;
    const conclusion = level <= 2 ? pool[0]! : rng.pick(pool);
    const ps = premises.map(show);
    const prompt =
      level === 1
        ? `Premises: ${ps.join('; ')}. Give a conclusion that follows (ops ~ & | -> <->) in <answer></answer>.`
        : `Premises (variables ${vars.join(', ')}; ~ not, & and, | or, -> implies, <-> iff): ${ps.join('; ')}. State one new non-trivial formula that must be true whenever all premises are true, in <answer></answer>.`;
    const meta: PropMeta = { variables: vars, premises: ps };
    return makeItem(NAME, 'logic', level, seed, prompt, show(conclusion), meta as unknown as Record<string, unknown>);
  }
}

function score(item: TaskItem, completion: string) {
  const meta = item.meta as unknown as PropMeta;
  return scoreWith(completion, (answer) => {
    const f = parseFormula(answer);
    if (f === null) return { score: 0, reason: 'unparseable' };
    if ([...varsOf(f)].some((v) => !meta.variables.includes(v))) return { score: 0, reason: 'unknown_variables' };
    const premises = meta.premises.map(parseFormula).filter((p): p is Formula => p !== null);
    if (isTautology(f, meta.variables) || meta.premises.includes(show(f))) return { score: 0.25, reason: 'trivial' };
    if (entails(premises, f, meta.variables)) return { score: 1, reason: 'valid' };
    return { score: 0.05, reason: 'not_entailed' };
  });
}

function solve(item: TaskItem): string {
  const meta = item.meta as unknown as PropMeta;
  return `Every row of the truth table over ${meta.variables.join(',')} where all premises hold has ${item.oracle} true.\n${answerBlock(item.oracle)}`;
}

export const propositionalLogic: TaskFamily = {
  name: NAME,
  domain: 'logic',
  levels: LEVELS,
  description: 'State a conclusion entailed by propositional premises (checked by truth table).',
  scoringRules:
    'No <answer> block or unparseable formula: 0. Uses a variable not in the problem: 0. Trivial (a tautology, or a premise restated): 0.25. Entailed by the premises (truth table): 1.0. Parses but not entailed: 0.05 (Reasoning Gym).',
  generate,
  solve,
  score,
};
