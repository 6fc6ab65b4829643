/**
 * Shared test helpers for the math, algorithmic and STEM families (imported by their `*.test.ts`
 * only): a seeded rng per (family, level, seed), the family contract (determinism, id convention,
 * oracle and worked solution score 1, level-1 size, independent oracle check) and an adversarial
 * fuzz of verifiers.
 */
import { Rng } from '@prorl/rl-core';
import { describe, expect, it } from 'vitest';
import type { ScoreResult, TaskFamily, TaskItem } from '../../../types.js';

/** FNV-1a of `${family}/L${level}/${seed}`: the rng seed the tests use for an item. */
export function itemSeed(family: string, level: number, seed: number): number {
  const s = `${family}/L${level}/${seed}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function gen(family: TaskFamily, level: number, seed: number): TaskItem {
  return family.generate(level, seed, new Rng(itemSeed(family.name, level, seed)));
}

export function scoreOf(family: TaskFamily, item: TaskItem, completion: string): ScoreResult {
  const r = family.score(item, completion);
  if (r instanceof Promise) throw new Error(`${family.name}.score returned a Promise`);
  return r;
}

export const wrap = (answer: string): string => `<answer>${answer}</answer>`;

export interface ConformanceOptions {
  /** Seeds per level (default 30). */
  seeds?: number;
  /** Max prompt length at level 1 (default 110). */
  level1MaxPrompt?: number;
  /** Max oracle length at level 1 (default 16). */
  level1MaxOracle?: number;
  /** Min fraction of distinct items over the seeds at each level (default 0.3). */
  minDistinctFraction?: number;
  /** Independent check of an item's oracle (recomputed another way); throws/asserts on mismatch. */
  check?: (item: TaskItem) => void;
}

export function describeConformance(family: TaskFamily, opts: ConformanceOptions = {}): void {
  const seeds = opts.seeds ?? 30;
  const maxPrompt = opts.level1MaxPrompt ?? 110;
  const maxOracle = opts.level1MaxOracle ?? 16;
  const minDistinct = opts.minDistinctFraction ?? 0.3;
  describe(`${family.name} conformance`, () => {
    it('has ascending levels and documented rules', () => {
      expect(family.levels.length).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < family.levels.length; i++) expect(family.levels[i]!).toBeGreaterThan(family.levels[i - 1]!);
      expect(family.scoringRules.length).toBeGreaterThan(40);
      expect(family.description.length).toBeGreaterThan(10);
    });

    it('rejects unknown levels with an actionable error', () => {
      expect(() => gen(family, 99, 0)).toThrow(/level 99/);
    });

    it('is deterministic per (level, seed), follows the id convention and varies across seeds', () => {
      for (const level of family.levels) {
        const seen = new Set<string>();
        for (let seed = 0; seed < seeds; seed++) {
          const a = gen(family, level, seed);
          const b = gen(family, level, seed);
          expect(JSON.stringify(b)).toBe(JSON.stringify(a));
          expect(a.id).toBe(`${family.name}/L${level}/${seed}`);
          expect(a.family).toBe(family.name);
          expect(a.domain).toBe(family.domain);
          expect(a.level).toBe(level);
          expect(a.seed).toBe(seed);
          expect(a.prompt).toContain('<answer></answer>');
          expect(a.oracle.length).toBeGreaterThan(0);
          expect(JSON.parse(JSON.stringify(a.meta))).toEqual(a.meta);
          seen.add(a.prompt);
        }
        expect(seen.size, `distinct prompts at L${level}`).toBeGreaterThanOrEqual(Math.floor(seeds * minDistinct));
      }
    });

    it('scores the oracle and the worked solution 1 (also after a JSON round trip of the item)', () => {
      for (const level of family.levels) {
        for (let seed = 0; seed < seeds; seed++) {
          const item = gen(family, level, seed);
          const o = scoreOf(family, item, wrap(item.oracle));
          expect(o.score, `${item.id} oracle ${item.oracle}: ${o.reason}`).toBe(1);
          const sol = family.solve(item);
          expect(sol.endsWith(wrap(item.oracle)), `${item.id} solve ends with the oracle`).toBe(true);
          expect(scoreOf(family, item, sol).score, `${item.id} solve`).toBe(1);
          const copy = JSON.parse(JSON.stringify(item)) as TaskItem;
          expect(scoreOf(family, copy, sol).score).toBe(1);
          expect(family.solve(copy)).toBe(sol);
          opts.check?.(item);
        }
      }
    });

    it('keeps level 1 tiny: short prompts, short answers, short worked solutions', () => {
      const level = family.levels[0]!;
      for (let seed = 0; seed < seeds; seed++) {
        const item = gen(family, level, seed);
        expect(item.prompt.length, item.prompt).toBeLessThanOrEqual(maxPrompt);
        expect(item.oracle.length, item.oracle).toBeLessThanOrEqual(maxOracle);
        expect(family.solve(item).length).toBeLessThanOrEqual(200);
      }
    });

    it('scores a missing answer block 0 and a malformed item without throwing', () => {
      const item = gen(family, family.levels[0]!, 3);
      expect(scoreOf(family, item, item.oracle)).toEqual({ score: 0, extracted: null, reason: 'no_answer' });
      expect(scoreOf(family, item, '').score).toBe(0);
      const broken: TaskItem = { ...item, meta: { junk: true } };
      const r = scoreOf(family, broken, wrap(item.oracle));
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
    });
  });
}

// Built once: megabyte strings are the expensive part of the fuzz.
const MEGA_ONES = wrap('1'.repeat(1_000_000));
const MEGA_X = wrap('x'.repeat(2_000_000));
const MEGA_Y = 'y'.repeat(1_000_000);

/** Adversarial completions: garbage, broken or nested tags, unicode, separators, huge inputs, mutated oracles. */
export function adversarialCompletions(item: TaskItem, rng: Rng, count: number): string[] {
  const o = item.oracle;
  const out: string[] = [
    '',
    '<answer>',
    '</answer>',
    '<answer></answer>',
    '<answer> </answer>',
    '<answer><answer>1</answer>',
    '<answer>1</answer></answer>',
    '</answer><answer>',
    '<answer><answer></answer></answer>',
    MEGA_ONES,
    wrap('1'.repeat(5_000) + 'x'),
    wrap('9'.repeat(150) + '.' + '9'.repeat(40)),
    wrap('-'.repeat(10_000) + '1'),
    wrap('1,'.repeat(5_000)),
    wrap('1,000'),
    wrap('1,000,000'),
    wrap('-1,234.5'),
    wrap('1_000'),
    wrap('2^'.repeat(3000) + '2'),
    wrap('2^999 × 3^999'),
    wrap('9'.repeat(40) + '^999'),
    MEGA_X,
    MEGA_Y + wrap(o),
    wrap('['.repeat(15_000)),
    wrap('['.repeat(5_000) + ']'.repeat(5_000)),
    wrap('\u0000\uffff\ud800\udfff🙂'),
    wrap('null'),
    wrap('[]'),
    wrap('[[]]'),
    wrap('{}'),
    wrap('[["a"],[1]]'),
    wrap('1e309'),
    wrap('-1e309'),
    wrap('NaN'),
    wrap('Infinity'),
    wrap('0/0'),
    wrap('1/0'),
    wrap('0x1f'),
    wrap(`${o}${o}`),
    wrap(o.toUpperCase()),
    wrap(o.split('').reverse().join('')),
    wrap(` ${o} `),
    wrap(`<answer>${o}</answer>`),
    `<answer>${o}`,
    `${o}</answer>`,
  ];
  const bytes = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(rng.int(0x10000));
    return s;
  };
  const alphabet = '0123456789+-*/^×·()[]{}",:.;=<> \n\tabcxyzABCXYZ_\\\'`éß中🙂\u0000';
  while (out.length < count) {
    switch (rng.int(6)) {
      case 0: {
        const n = rng.int(60);
        let s = '';
        for (let i = 0; i < n; i++) s += alphabet[rng.int(alphabet.length)]!;
        out.push(rng.next() < 0.8 ? wrap(s) : s);
        break;
      }
      case 1:
        out.push(rng.next() < 0.7 ? wrap(bytes(rng.int(200))) : bytes(rng.int(200)));
        break;
      case 2: {
        const chars = o.split('');
        const edits = 1 + rng.int(3);
        for (let e = 0; e < edits; e++) {
          const i = chars.length === 0 ? 0 : rng.int(chars.length);
          const op = rng.int(3);
          if (op === 0 && chars.length > 0) chars.splice(i, 1);
          else if (op === 1) chars.splice(i, 0, alphabet[rng.int(alphabet.length)]!);
          else if (chars.length > 1) {
            const j = rng.int(chars.length);
            [chars[i], chars[j]] = [chars[j]!, chars[i]!];
          }
        }
        out.push(wrap(chars.join('')));
        break;
      }
      case 3: {
        const parts = ['<answer>', '</answer>', o, 'x', '<answer', 'answer>', '<', '>'];
        let s = '';
        const n = 1 + rng.int(7);
        for (let i = 0; i < n; i++) s += parts[rng.int(parts.length)]!;
        out.push(s);
        break;
      }
      case 4: {
        // numbers in every style
        const v = (rng.next() - 0.5) * 10 ** rng.int(12);
        const styles = [String(v), v.toFixed(2), v.toExponential(3), Math.round(v).toLocaleString('en-US'), `${Math.round(v)} units`, `${v}/${rng.int(9)}`];
        out.push(wrap(rng.pick(styles)));
        break;
      }
      default:
        out.push(wrap(`${o} ${rng.pick(['is the answer', 'm', 'km', '%', '!!', '\n'])}`));
    }
  }
  return out;
}

/** Fuzzes every family of a domain with `total` adversarial completions spread over families and levels. */
export function describeFuzz(domain: string, families: readonly TaskFamily[], total: number): void {
  describe(`${domain} verifiers under adversarial completions`, () => {
    it(`give scores in [0, 1] without throwing (${total} completions)`, () => {
      const rng = new Rng(2024);
      const perItem = Math.ceil(total / families.reduce((n, f) => n + f.levels.length, 0));
      let checked = 0;
      for (const family of families) {
        for (const level of family.levels) {
          const item = gen(family, level, 11);
          for (const c of adversarialCompletions(item, rng, perItem)) {
            let r: ScoreResult | undefined;
            expect(() => {
              r = scoreOf(family, item, c);
            }).not.toThrow();
            expect(r!.score, `${item.id} on ${JSON.stringify(c.slice(0, 60))}`).toBeGreaterThanOrEqual(0);
            expect(r!.score).toBeLessThanOrEqual(1);
            expect(typeof r!.reason).toBe('string');
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThanOrEqual(total);
    });
  });
}
