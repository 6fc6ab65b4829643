/**
 * simple_physics: one-formula physics problems (Ohm's law, electric power, kinematics, density,
 * Newton's second law, work, energy, momentum). Levels 1–3 give the formula and integer inputs
 * (product, planted integer quotient, two-step formula); level 4 uses decimals; level 5 names the law
 * but not the formula. Answers are numeric with a tolerance.
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { ASK, checkLevel, intIn, makeItem, metaNumber, metaString, NUMERIC_FALLBACK_RULES, relVerdict, roundDp, roundSig, scoreWith, stripUnit, type Verdict } from '../common/index.js';

const NAME = 'simple_physics';
const LEVELS = [1, 2, 3, 4, 5] as const;

interface Quantity {
  sym: string;
  unit: string;
}

/** A formula `find = rhs(inputs)`; `rhs` is written with the input symbols (substituted in the solution). */
interface Template {
  id: string;
  find: Quantity & { name: string };
  inputs: readonly Quantity[];
  rhs: string;
  f: (x: readonly number[]) => number;
  /** The law named at level 5, where the formula is not shown. */
  law: string;
}

const q = (sym: string, unit: string): Quantity => ({ sym, unit });

const TEMPLATES: Record<string, Template> = {
  ohm_v: { id: 'ohm_v', find: { sym: 'V', unit: 'V', name: 'voltage' }, inputs: [q('I', 'A'), q('R', 'ohm')], rhs: 'I*R', f: ([i, r]) => i! * r!, law: "Ohm's law" },
  ohm_i: { id: 'ohm_i', find: { sym: 'I', unit: 'A', name: 'current' }, inputs: [q('V', 'V'), q('R', 'ohm')], rhs: 'V/R', f: ([v, r]) => v! / r!, law: "Ohm's law" },
  ohm_r: { id: 'ohm_r', find: { sym: 'R', unit: 'ohm', name: 'resistance' }, inputs: [q('V', 'V'), q('I', 'A')], rhs: 'V/I', f: ([v, i]) => v! / i!, law: "Ohm's law" },
  distance: { id: 'distance', find: { sym: 'd', unit: 'm', name: 'distance' }, inputs: [q('v', 'm/s'), q('t', 's')], rhs: 'v*t', f: ([v, t]) => v! * t!, law: 'constant speed' },
  speed: { id: 'speed', find: { sym: 'v', unit: 'm/s', name: 'speed' }, inputs: [q('d', 'm'), q('t', 's')], rhs: 'd/t', f: ([d, t]) => d! / t!, law: 'constant speed' },
  time: { id: 'time', find: { sym: 't', unit: 's', name: 'time' }, inputs: [q('d', 'm'), q('v', 'm/s')], rhs: 'd/v', f: ([d, v]) => d! / v!, law: 'constant speed' },
  force: { id: 'force', find: { sym: 'F', unit: 'N', name: 'force' }, inputs: [q('m', 'kg'), q('a', 'm/s^2')], rhs: 'm*a', f: ([m, a]) => m! * a!, law: "Newton's second law" },
  accel: { id: 'accel', find: { sym: 'a', unit: 'm/s^2', name: 'acceleration' }, inputs: [q('F', 'N'), q('m', 'kg')], rhs: 'F/m', f: ([f, m]) => f! / m!, law: "Newton's second law" },
  density: { id: 'density', find: { sym: 'rho', unit: 'kg/m^3', name: 'density' }, inputs: [q('m', 'kg'), q('V', 'm^3')], rhs: 'm/V', f: ([m, v]) => m! / v!, law: 'density' },
  work: { id: 'work', find: { sym: 'W', unit: 'J', name: 'work' }, inputs: [q('F', 'N'), q('d', 'm')], rhs: 'F*d', f: ([f, d]) => f! * d!, law: 'work done by a constant force along the motion' },
  momentum: { id: 'momentum', find: { sym: 'p', unit: 'kg*m/s', name: 'momentum' }, inputs: [q('m', 'kg'), q('v', 'm/s')], rhs: 'm*v', f: ([m, v]) => m! * v!, law: 'linear momentum' },
  kin_v: { id: 'kin_v', find: { sym: 'v', unit: 'm/s', name: 'final speed' }, inputs: [q('u', 'm/s'), q('a', 'm/s^2'), q('t', 's')], rhs: 'u+a*t', f: ([u, a, t]) => u! + a! * t!, law: 'constant acceleration' },
  kin_s: { id: 'kin_s', find: { sym: 's', unit: 'm', name: 'distance' }, inputs: [q('u', 'm/s'), q('a', 'm/s^2'), q('t', 's')], rhs: 'u*t+a*t^2/2', f: ([u, a, t]) => u! * t! + (a! * t! * t!) / 2, law: 'constant acceleration' },
  power: { id: 'power', find: { sym: 'P', unit: 'W', name: 'power' }, inputs: [q('V', 'V'), q('I', 'A')], rhs: 'V*I', f: ([v, i]) => v! * i!, law: 'electric power' },
  ke: { id: 'ke', find: { sym: 'KE', unit: 'J', name: 'kinetic energy' }, inputs: [q('m', 'kg'), q('v', 'm/s')], rhs: 'm*v^2/2', f: ([m, v]) => (m! * v! * v!) / 2, law: 'kinetic energy' },
  pe: { id: 'pe', find: { sym: 'PE', unit: 'J', name: 'potential energy' }, inputs: [q('m', 'kg'), q('g', 'm/s^2'), q('h', 'm')], rhs: 'm*g*h', f: ([m, g, h]) => m! * g! * h!, law: 'gravitational potential energy' },
  kin_v2: { id: 'kin_v2', find: { sym: 'v', unit: 'm/s', name: 'final speed' }, inputs: [q('u', 'm/s'), q('a', 'm/s^2'), q('s', 'm')], rhs: 'sqrt(u^2+2*a*s)', f: ([u, a, s]) => Math.sqrt(u! * u! + 2 * a! * s!), law: 'constant acceleration, no time given' },
  p_i2r: { id: 'p_i2r', find: { sym: 'P', unit: 'W', name: 'power' }, inputs: [q('I', 'A'), q('R', 'ohm')], rhs: 'I^2*R', f: ([i, r]) => i! * i! * r!, law: "electric power with Ohm's law" },
  p_v2r: { id: 'p_v2r', find: { sym: 'P', unit: 'W', name: 'power' }, inputs: [q('V', 'V'), q('R', 'ohm')], rhs: 'V^2/R', f: ([v, r]) => (v! * v!) / r!, law: "electric power with Ohm's law" },
  avg_s: { id: 'avg_s', find: { sym: 's', unit: 'm', name: 'distance' }, inputs: [q('u', 'm/s'), q('v', 'm/s'), q('t', 's')], rhs: '(u+v)*t/2', f: ([u, v, t]) => ((u! + v!) * t!) / 2, law: 'constant acceleration' },
};

type Kind = 'product' | 'quotient' | 'two_step' | 'any' | 'law';

const PRODUCTS = ['ohm_v', 'distance', 'force', 'work', 'momentum', 'power'];
const QUOTIENTS = ['ohm_i', 'ohm_r', 'speed', 'time', 'accel', 'density'];
const TWO_STEP = ['kin_v', 'kin_s', 'ke', 'pe'];
const LAW = ['kin_v2', 'p_i2r', 'p_v2r', 'avg_s', 'kin_s', 'ke', 'pe', 'ohm_i', 'density', 'time'];

/** Level → (template set, answer decimals; null = exact). */
const SPECS: Record<number, { kind: Kind; ids: readonly string[]; dp: number | null }> = {
  1: { kind: 'product', ids: PRODUCTS, dp: null },
  2: { kind: 'quotient', ids: QUOTIENTS, dp: null },
  3: { kind: 'two_step', ids: TWO_STEP, dp: null },
  4: { kind: 'any', ids: [...PRODUCTS, ...QUOTIENTS, ...TWO_STEP], dp: 2 },
  5: { kind: 'law', ids: LAW, dp: 2 },
};

export interface PhysicsMeta {
  template: string;
  /** Input values in the template's input order. */
  values: number[];
  dp: number | null;
  /** The exact result. */
  result: number;
  unit: string;
}

/** Draws the inputs for a template at a level (quotients are planted so level 2 divides exactly). */
function drawInputs(t: Template, kind: Kind, rng: Rng): number[] {
  switch (kind) {
    case 'product':
      return t.inputs.map(() => intIn(rng, 1, 9));
    case 'quotient': {
      const divisor = intIn(rng, 2, 12);
      const quotient = intIn(rng, 1, 12);
      return [quotient * divisor, divisor];
    }
    case 'two_step':
      return t.inputs.map((inp) => (inp.sym === 'g' ? 10 : intIn(rng, 1, 20)));
    case 'any':
      return t.inputs.map((inp) => (inp.sym === 'g' ? 9.8 : intIn(rng, 1, 500) / 10));
    case 'law':
      return t.inputs.map((inp) => (inp.sym === 'g' ? 9.81 : intIn(rng, 10, 5000) / 100));
    default: {
      const never: never = kind;
      return never;
    }
  }
}

function givens(t: Template, values: readonly number[]): string {
  return t.inputs.map((inp, i) => `${inp.sym}=${values[i]} ${inp.unit}`).join(', ');
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const spec = SPECS[level]!;
  const t = TEMPLATES[rng.pick(spec.ids)]!;
  const values = drawInputs(t, spec.kind, rng);
  const result = t.f(values);
  const oracle = spec.dp === null ? roundSig(result, 12) : roundDp(result, spec.dp);
  const find = `${t.find.sym} in ${t.find.unit}`;
  let prompt: string;
  if (level <= 3) prompt = `Use ${t.find.sym}=${t.rhs}: ${givens(t, values)}. Find ${find}. ${ASK}`;
  else if (level === 4) prompt = `Use ${t.find.sym}=${t.rhs} with ${givens(t, values)}. Find ${find}, rounded to 2 decimals. ${ASK}`;
  else prompt = `Given ${givens(t, values)}, find the ${t.find.name} ${find} (${t.law}), rounded to 2 decimals. ${ASK}`;
  const meta: PhysicsMeta = { template: t.id, values, dp: spec.dp, result, unit: t.find.unit };
  return makeItem(NAME, 'stem', level, seed, prompt, oracle, { ...meta });
}

/** The right-hand side with the input values substituted (negatives bracketed). */
function substitute(t: Template, values: readonly number[]): string {
  const bySym = new Map(t.inputs.map((inp, i) => [inp.sym, values[i]!]));
  return t.rhs.replace(/\b[A-Za-z]+\b/g, (s) => {
    const v = bySym.get(s);
    return v === undefined ? s : v < 0 ? `(${v})` : String(v);
  });
}

function solve(item: TaskItem): string {
  const t = TEMPLATES[metaString(item.meta, 'template')];
  if (t === undefined) throw new TypeError('meta.template is not a known template');
  const values = (item.meta['values'] as number[] | undefined) ?? [];
  const result = metaNumber(item.meta, 'result');
  const exact = roundSig(result, 10);
  const lines = [`${t.find.sym}=${t.rhs}`, `${t.find.sym}=${substitute(t, values)}=${exact}`];
  if (exact !== item.oracle) lines.push(`rounded: ${item.oracle}`);
  lines.push(answerBlock(item.oracle));
  return lines.join('\n');
}

/** Relative tolerance of rounded answers. */
export const PHYSICS_REL_TOL = 1e-3;

function verdict(item: TaskItem, answer: string): Verdict {
  const unit = metaString(item.meta, 'unit');
  const result = metaNumber(item.meta, 'result');
  const dp = item.meta['dp'];
  const a = stripUnit(answer, [unit, unit === 'ohm' ? 'Ω' : unit, unit === 'ohm' ? 'ohms' : unit]);
  if (typeof dp !== 'number') return relVerdict(a, result, item.oracle, 1e-9);
  return relVerdict(a, result, item.oracle, PHYSICS_REL_TOL, 0.6 * 10 ** -dp);
}

export const simplePhysics: TaskFamily = {
  name: NAME,
  domain: 'stem',
  levels: LEVELS,
  description: "One-formula physics: Ohm's law, power, kinematics, density, force, work, energy, momentum; formula hidden at level 5.",
  scoringRules:
    'Numeric; a trailing unit (e.g. "6 N", "4 ohm") is ignored. Exact levels (1-3): 1 if equal to the exact value. ' +
    'Rounded levels (4-5): 1 if within max(0.1% relative, 0.006 absolute) of the exact value. ' +
    NUMERIC_FALLBACK_RULES,
  generate,
  solve,
  score: (item, completion) => scoreWith(completion, (a) => verdict(item, a)),
};
