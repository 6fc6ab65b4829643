import { describe, expect, it } from 'vitest';
import type { TaskItem } from '../../types.js';
import { describeFuzz, describeShortAnswerConformance } from '../test-utils/conformance.js';
import { gen, scoreOf, wrap } from '../test-utils/kit.js';
import { dice, sumCounts } from './dice.js';
import { STEM_FAMILIES } from './index.js';
import { simplePhysics } from './simple_physics.js';
import { unitConversion } from './unit_conversion.js';

const meta = <T>(item: TaskItem): T => item.meta as unknown as T;

/** Brute-force enumeration of all outcomes (independent of the DP in dice.ts). */
function bruteDice(sides: number[], pred: (sum: number) => boolean): { ways: number; total: number } {
  let ways = 0;
  let total = 0;
  const rec = (i: number, sum: number): void => {
    if (i === sides.length) {
      total++;
      if (pred(sum)) ways++;
      return;
    }
    for (let f = 1; f <= sides[i]!; f++) rec(i + 1, sum + f);
  };
  rec(0, 0);
  return { ways, total };
}

/** Independent table: units → SI (temperatures → kelvin). */
const SI: Record<string, number> = {
  km: 1000, m: 1, cm: 0.01, mm: 0.001, kg: 1, g: 0.001, mg: 1e-6, t: 1000, L: 1e-3, mL: 1e-6,
  h: 3600, min: 60, s: 1, day: 86400, in: 0.0254, ft: 0.3048, yd: 0.9144, mi: 1609.344,
  lb: 0.45359237, oz: 0.028349523125, gal: 0.003785411784, 'm/s': 1, 'km/h': 1 / 3.6, mph: 0.44704,
  'm²': 1, 'cm²': 1e-4, 'km²': 1e6, ha: 1e4, acre: 4046.8564224, 'ft²': 0.09290304,
  'g/cm³': 1000, 'kg/m³': 1, 'L/min': 1e-3 / 60, 'mL/s': 1e-6,
};
function convertIndependently(value: number, from: string, to: string): number {
  const toK: Record<string, (x: number) => number> = { '°C': (x) => x + 273.15, '°F': (x) => (x - 32) / 1.8 + 273.15, K: (x) => x };
  const fromK: Record<string, (x: number) => number> = { '°C': (x) => x - 273.15, '°F': (x) => (x - 273.15) * 1.8 + 32, K: (x) => x };
  if (from in toK) return fromK[to]!(toK[from]!(value));
  return (value * SI[from]!) / SI[to]!;
}

describeShortAnswerConformance(dice, {
  level1MaxOracle: 5,
  check: (item) => {
    const m = meta<{ dice: number[]; condition: string; target: number; ways: number; total: number }>(item);
    if (m.total <= 50_000) {
      const pred = (s: number): boolean => (m.condition === 'at_least' ? s >= m.target : m.condition === 'at_most' ? s <= m.target : s === m.target);
      const b = bruteDice(m.dice, pred);
      expect([b.ways, b.total]).toEqual([m.ways, m.total]);
    }
    const [a, d] = item.oracle.split('/').map(Number);
    expect(a! * m.total).toBe(m.ways * d!);
    expect(a! > 0 && a! < d!).toBe(true);
  },
});
describeShortAnswerConformance(unitConversion, {
  check: (item) => {
    const m = meta<{ value: number; from: string; to: string; result: number; dp: number | null }>(item);
    const v = convertIndependently(m.value, m.from, m.to);
    expect(Math.abs(v - m.result)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v)));
    if (m.dp === null) expect(Number(item.oracle)).toBeCloseTo(v, 9);
    else expect(Math.abs(Number(item.oracle) - v)).toBeLessThanOrEqual(0.5 * 10 ** -m.dp + 1e-9);
  },
});
describeShortAnswerConformance(simplePhysics, {
  check: (item) => {
    // Re-evaluate the solution's substituted formula line with JS arithmetic.
    const line = simplePhysics.solve(item).split('\n')[1]!;
    const expr = line.slice(line.indexOf('=') + 1, line.lastIndexOf('=')).replace(/\^/g, '**').replace(/sqrt/g, 'Math.sqrt');
    const v = new Function(`return ${expr};`)() as number;
    const m = meta<{ result: number; dp: number | null }>(item);
    expect(Math.abs(v - m.result)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v)));
    if (m.dp !== null) expect(Math.abs(Number(item.oracle) - v)).toBeLessThanOrEqual(0.5 * 10 ** -m.dp + 1e-9);
  },
});

describeFuzz('stem', STEM_FAMILIES, 2500);

describe('stem families: hand-written answers', () => {
  it('dice: DP matches a known distribution (2d6)', () => {
    expect(sumCounts([6, 6]).slice(2)).toEqual([1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1]);
  });

  it('dice: reduced 1, unreduced 0.5, decimal 0.25, wrong 0.01, none 0', () => {
    const item: TaskItem = {
      ...gen(dice, 2, 0),
      meta: { dice: [6, 6], condition: 'at_least', target: 9, ways: 10, total: 36 },
      oracle: '5/18',
    };
    const s = (a: string): number => scoreOf(dice, item, wrap(a)).score;
    expect(s('5/18')).toBe(1);
    expect(s(' 5 / 18 ')).toBe(1);
    expect(s('10/36')).toBe(0.5);
    expect(s('05/18')).toBe(1);
    expect(s('0.2778')).toBe(0.25);
    expect(s('0.27777777')).toBe(0.25);
    expect(s('0.28')).toBe(0.01);
    expect(s('13/36')).toBe(0.01);
    expect(s('5/0')).toBe(0.01);
    expect(s('')).toBe(0.01);
    expect(scoreOf(dice, item, '5/18').score).toBe(0);
  });

  it('unit_conversion: trailing unit ignored, tolerance per level', () => {
    const exact: TaskItem = { ...gen(unitConversion, 2, 0), meta: { value: 250, from: 'm', to: 'km', op: 'div', k: 1000, dp: null, result: 0.25 }, oracle: '0.25' };
    const s1 = (a: string): number => scoreOf(unitConversion, exact, wrap(a)).score;
    expect(s1('0.25')).toBe(1);
    expect(s1('.25 km')).toBe(1);
    expect(s1('0.250')).toBe(1);
    expect(s1('0.26')).toBe(0);
    expect(s1('250')).toBe(0);
    const rounded: TaskItem = {
      ...gen(unitConversion, 4, 0),
      meta: { value: 100, from: '°F', to: '°C', op: 'f2c', k: 0, dp: 2, result: 37.77777777777778 },
      oracle: '37.78',
    };
    const s2 = (a: string): number => scoreOf(unitConversion, rounded, wrap(a)).score;
    for (const ok of ['37.78', '37.8', '37.777', '37.78 °C', '37.78 C', '3.778e1']) expect(s2(ok), ok).toBe(1);
    expect(s2('37.9')).toBe(0);
    expect(s2('38')).toBe(0);
    expect(s2('37.78 km')).toBe(5 / 8); // wrong unit: only the substring rule applies
    expect(s2('-37.78')).toBe(0);
  });

  it('simple_physics: units ignored, a 1% slip fails at rounded levels', () => {
    const item: TaskItem = {
      ...gen(simplePhysics, 4, 0),
      meta: { template: 'ohm_i', values: [10, 3], dp: 2, result: 10 / 3, unit: 'A' },
      oracle: '3.33',
    };
    const s = (a: string): number => scoreOf(simplePhysics, item, wrap(a)).score;
    for (const ok of ['3.33', '3.333', '3.33 A', '3.3333333']) expect(s(ok), ok).toBe(1);
    expect(s('3.3')).toBe(0);
    expect(s('3.37')).toBe(0);
    expect(s('30')).toBe(0);
    const l1 = gen(simplePhysics, 1, 2);
    expect(l1.prompt).toMatch(/^Use \w+=\w+\*\w+: /);
    expect(scoreOf(simplePhysics, l1, wrap(`${l1.oracle} ${meta<{ unit: string }>(l1).unit}`)).score).toBe(1);
    expect(scoreOf(simplePhysics, l1, wrap(String(Number(l1.oracle) + 1))).score).toBe(0);
  });

  it('simple_physics: level 5 names the law but does not show the formula', () => {
    for (let seed = 0; seed < 20; seed++) {
      const item = gen(simplePhysics, 5, seed);
      expect(item.prompt).not.toMatch(/Use /);
      expect(item.prompt).toMatch(/rounded to 2 decimals/);
    }
  });
});
