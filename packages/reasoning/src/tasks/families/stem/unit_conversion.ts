/**
 * unit_conversion: convert a quantity between metric and imperial units (length, mass, volume, time,
 * speed, temperature, area). Levels 1–2 are exact metric conversions; from level 3 answers are
 * rounded (2 decimals, 3 at level 5) and checked with a tolerance.
 */
import type { Rng } from '@prorl/rl-core';
import { answerBlock } from '../../extract.js';
import type { TaskFamily, TaskItem } from '../../types.js';
import { ASK, checkLevel, intIn, makeItem, metaNumber, metaString, NUMERIC_FALLBACK_RULES, relVerdict, roundDp, roundSig, scoreWith, stripUnit, type Verdict } from '../common/index.js';

const NAME = 'unit_conversion';
const LEVELS = [1, 2, 3, 4, 5] as const;

export type ConversionOp = 'mul' | 'div' | 'c2f' | 'f2c' | 'c2k' | 'k2c';

export interface Conversion {
  from: string;
  to: string;
  op: ConversionOp;
  /** The factor for 'mul' / 'div' (unused by the temperature ops). */
  k: number;
}

export function convert(c: Pick<Conversion, 'op' | 'k'>, x: number): number {
  switch (c.op) {
    case 'mul':
      return x * c.k;
    case 'div':
      return x / c.k;
    case 'c2f':
      return x * 1.8 + 32;
    case 'f2c':
      return (x - 32) / 1.8;
    case 'c2k':
      return x + 273.15;
    case 'k2c':
      return x - 273.15;
    default: {
      const never: never = c.op;
      return never;
    }
  }
}

/** A scale conversion and its inverse. */
function pair(from: string, to: string, k: number): Conversion[] {
  return [
    { from, to, op: 'mul', k },
    { from: to, to: from, op: 'div', k },
  ];
}

const METRIC_DECIMAL: readonly Conversion[] = [
  ...pair('km', 'm', 1000),
  ...pair('m', 'cm', 100),
  ...pair('cm', 'mm', 10),
  ...pair('kg', 'g', 1000),
  ...pair('g', 'mg', 1000),
  ...pair('L', 'mL', 1000),
  ...pair('t', 'kg', 1000),
];
const TIME: readonly Conversion[] = [...pair('h', 'min', 60), ...pair('min', 's', 60), ...pair('day', 'h', 24)];
/** Big → small, integer factor: the level-1 set. */
const METRIC_UP: readonly Conversion[] = [...METRIC_DECIMAL, ...TIME].filter((c) => c.op === 'mul');
const IMPERIAL: readonly Conversion[] = [
  ...pair('in', 'cm', 2.54),
  ...pair('ft', 'm', 0.3048),
  ...pair('yd', 'm', 0.9144),
  ...pair('mi', 'km', 1.609344),
  ...pair('lb', 'kg', 0.45359237),
  ...pair('oz', 'g', 28.349523125),
  ...pair('gal', 'L', 3.785411784),
  ...pair('ft', 'in', 12),
  ...pair('mi', 'ft', 5280),
  ...pair('lb', 'oz', 16),
];
const SPEED: readonly Conversion[] = [...pair('m/s', 'km/h', 3.6), ...pair('mph', 'km/h', 1.609344), ...pair('mph', 'm/s', 0.44704)];
const TEMPERATURE: readonly Conversion[] = [
  { from: '°C', to: '°F', op: 'c2f', k: 0 },
  { from: '°F', to: '°C', op: 'f2c', k: 0 },
  { from: '°C', to: 'K', op: 'c2k', k: 0 },
  { from: 'K', to: '°C', op: 'k2c', k: 0 },
];
const AREA_DENSITY_FLOW: readonly Conversion[] = [
  ...pair('m²', 'cm²', 10_000),
  ...pair('km²', 'm²', 1_000_000),
  ...pair('ha', 'm²', 10_000),
  ...pair('acre', 'm²', 4046.8564224),
  ...pair('ft²', 'm²', 0.09290304),
  ...pair('g/cm³', 'kg/m³', 1000),
  ...pair('L/min', 'mL/s', 1000 / 60),
];

/** Level → (conversions, value generator, decimals of the answer; null = exact). */
interface LevelSpec {
  set: readonly Conversion[];
  value: (rng: Rng, c: Conversion) => number;
  dp: number | null;
}

const oneDecimal = (rng: Rng, lo: number, hi: number): number => intIn(rng, lo * 10, hi * 10) / 10;
const tempValue = (rng: Rng, c: Conversion): number => (c.op === 'k2c' ? intIn(rng, 2000, 4000) / 10 : c.op === 'f2c' ? oneDecimal(rng, -40, 220) : oneDecimal(rng, -40, 100));

const SPECS: Record<number, LevelSpec> = {
  1: { set: METRIC_UP, value: (rng) => intIn(rng, 1, 50), dp: null },
  2: { set: [...METRIC_DECIMAL, ...TIME.filter((c) => c.op === 'mul')], value: (rng) => intIn(rng, 1, 999), dp: null },
  3: { set: [...TIME, ...IMPERIAL.filter((c) => c.op === 'mul')], value: (rng) => oneDecimal(rng, 0.1, 99.9), dp: 2 },
  4: { set: [...IMPERIAL, ...SPEED, ...TEMPERATURE], value: (rng, c) => (c.k === 0 ? tempValue(rng, c) : oneDecimal(rng, 0.1, 200)), dp: 2 },
  5: {
    set: [...IMPERIAL, ...SPEED, ...TEMPERATURE, ...AREA_DENSITY_FLOW],
    value: (rng, c) => (c.k === 0 ? tempValue(rng, c) : intIn(rng, 1, 100_000) / 100),
    dp: 3,
  },
};

export interface UnitConversionMeta {
  value: number;
  from: string;
  to: string;
  op: ConversionOp;
  k: number;
  /** Answer decimals; null when the answer is exact. */
  dp: number | null;
  /** The exact converted value. */
  result: number;
}

/** Factor text without float noise (1.609344, 16.666666667). */
function kText(k: number): string {
  return roundSig(k, 11);
}

function generate(level: number, seed: number, rng: Rng): TaskItem {
  checkLevel(NAME, level, LEVELS);
  const spec = SPECS[level]!;
  let c = rng.pick(spec.set);
  let value = spec.value(rng, c);
  let result = convert(c, value);
  // Rounded levels: avoid answers that round to (almost) nothing.
  for (let tries = 0; spec.dp !== null && Math.abs(result) < 0.5 && tries < 50; tries++) {
    c = rng.pick(spec.set);
    value = spec.value(rng, c);
    result = convert(c, value);
  }
  const oracle = spec.dp === null ? roundSig(result, 12) : roundDp(result, spec.dp);
  const prompt =
    spec.dp === null ? `Convert ${value} ${c.from} to ${c.to}. ${ASK}` : `Convert ${value} ${c.from} to ${c.to}, rounded to ${spec.dp} decimals. ${ASK}`;
  const meta: UnitConversionMeta = { value, from: c.from, to: c.to, op: c.op, k: c.k, dp: spec.dp, result };
  return makeItem(NAME, 'stem', level, seed, prompt, oracle, { ...meta });
}

function solve(item: TaskItem): string {
  const m = item.meta as unknown as UnitConversionMeta;
  const exact = roundSig(m.result, 10);
  let line: string;
  switch (m.op) {
    case 'mul':
      line = `1 ${m.from} = ${kText(m.k)} ${m.to}\n${m.value}*${kText(m.k)}=${exact}`;
      break;
    case 'div':
      line = `1 ${m.to} = ${kText(m.k)} ${m.from}\n${m.value}/${kText(m.k)}=${exact}`;
      break;
    case 'c2f':
      line = `F=C*1.8+32\n${m.value}*1.8+32=${exact}`;
      break;
    case 'f2c':
      line = `C=(F-32)/1.8\n(${m.value}-32)/1.8=${exact}`;
      break;
    case 'c2k':
      line = `K=C+273.15\n${m.value}+273.15=${exact}`;
      break;
    case 'k2c':
      line = `C=K-273.15\n${m.value}-273.15=${exact}`;
      break;
    default: {
      const never: never = m.op;
      line = never;
    }
  }
  const lines = [line];
  if (exact !== item.oracle) lines.push(`rounded: ${item.oracle}`);
  lines.push(answerBlock(item.oracle));
  return lines.join('\n');
}

/** Relative tolerance of rounded answers (a 2.5 for 2.54 cm/in slip fails). */
export const UNIT_REL_TOL = 1e-3;

function verdict(item: TaskItem, answer: string): Verdict {
  const to = metaString(item.meta, 'to');
  const result = metaNumber(item.meta, 'result');
  const dp = item.meta['dp'];
  const a = stripUnit(answer, [to, to.replace('°', ''), to.replace('²', '^2').replace('³', '^3')]);
  if (typeof dp !== 'number') return relVerdict(a, result, item.oracle, 1e-9);
  return relVerdict(a, result, item.oracle, UNIT_REL_TOL, 0.6 * 10 ** -dp);
}

export const unitConversion: TaskFamily = {
  name: NAME,
  domain: 'stem',
  levels: LEVELS,
  description: 'Convert a quantity between metric/imperial units (length, mass, volume, time, speed, temperature, area).',
  scoringRules:
    'Numeric; a trailing target unit (e.g. "12.5 km", "77 F") is ignored. Exact levels (1-2): 1 if equal to the exact value. ' +
    'Rounded levels (3-5): 1 if within max(0.1% relative, 0.6 units of the last asked decimal) of the exact value. ' +
    NUMERIC_FALLBACK_RULES,
  generate,
  solve,
  score: (item, completion) => scoreWith(completion, (a) => verdict(item, a)),
};
