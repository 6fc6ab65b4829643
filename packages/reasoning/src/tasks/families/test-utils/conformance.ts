/**
 * The ONE conformance kit every family's tests run (all domains; imported by `*.test.ts` only):
 * documented ascending levels, actionable level errors, deterministic generation with the id
 * convention, oracle and worked solution scoring 1 (also after a JSON round trip), tiny level-1 items,
 * missing answers scoring 0, malformed items not throwing, and an adversarial fuzz of the verifier.
 */
import { Rng } from '@prorl/rl-core';
import { describe, expect, it } from 'vitest';
import type { ScoreResult, TaskFamily, TaskItem } from '../../types.js';
import { adversarialCompletions } from './adversarial.js';
import { gen, scoreOf, wrap } from './kit.js';

export interface ConformanceOptions {
  /** Seeds per level for the determinism / oracle checks (default 30). */
  seeds?: number;
  /** Max prompt length at level 1, the tiny-model level (default 160). */
  level1MaxPrompt?: number;
  /** Max oracle length at level 1 (unchecked when absent). */
  level1MaxOracle?: number;
  /** Max worked-solution length at level 1 (unchecked when absent). */
  level1MaxSolution?: number;
  /** Min fraction of distinct prompts over the seeds at each level (default 0.25). */
  minDistinctFraction?: number;
  /** Min distinct level-1 prompts over the seeds (overrides the fraction at level 1). */
  minDistinctL1?: number;
  /** Min length of `scoringRules` (default 20). */
  minRulesChars?: number;
  /** Text every prompt contains (default '<answer>'). */
  answerInstruction?: string;
  /** Adversarial completions of the per-family fuzz, spread over levels (default 1200; 0 skips it). */
  fuzz?: number;
  /** Independent check of an item's oracle (recomputed another way); asserts on mismatch. */
  check?: (item: TaskItem) => void;
}

/** The stricter preset of the short-answer domains (math, algorithmic, STEM). */
export const SHORT_ANSWER_PRESET: ConformanceOptions = {
  level1MaxPrompt: 110,
  level1MaxOracle: 16,
  level1MaxSolution: 200,
  minDistinctFraction: 0.3,
  minRulesChars: 40,
  answerInstruction: '<answer></answer>',
  fuzz: 0, // fuzzed per domain by `describeFuzz`
};

export function describeConformance(family: TaskFamily, opts: ConformanceOptions = {}): void {
  const seeds = opts.seeds ?? 30;
  const maxPrompt = opts.level1MaxPrompt ?? 160;
  const frac = opts.minDistinctFraction ?? 0.25;
  const fuzz = opts.fuzz ?? 1200;
  const instruction = opts.answerInstruction ?? '<answer>';
  describe(`${family.name} conformance`, () => {
    it('has ascending levels starting at 1 and documented rules', () => {
      expect(family.levels.length).toBeGreaterThanOrEqual(3);
      expect(family.levels[0]).toBe(1);
      for (let i = 1; i < family.levels.length; i++) expect(family.levels[i]!).toBeGreaterThan(family.levels[i - 1]!);
      expect(family.scoringRules.length).toBeGreaterThan(opts.minRulesChars ?? 20);
      expect(family.description.length).toBeGreaterThan(10);
    });

    it('rejects unknown levels with an actionable error', () => {
      expect(() => gen(family, 99, 0)).toThrow(/level 99 is not one of/);
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
          expect(a.prompt).toContain(instruction);
          expect(a.oracle.length).toBeGreaterThan(0);
          expect(JSON.parse(JSON.stringify(a.meta))).toEqual(a.meta);
          seen.add(a.prompt);
        }
        const min = level === family.levels[0] && opts.minDistinctL1 !== undefined ? opts.minDistinctL1 : Math.floor(seeds * frac);
        expect(seen.size, `distinct prompts at L${level}`).toBeGreaterThanOrEqual(min);
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

    it('keeps level 1 tiny: short prompts, answers and worked solutions', () => {
      const level = family.levels[0]!;
      let total = 0;
      for (let seed = 0; seed < seeds; seed++) {
        const item = gen(family, level, seed);
        expect(item.prompt.length, item.prompt).toBeLessThanOrEqual(maxPrompt);
        total += item.prompt.length;
        if (opts.level1MaxOracle !== undefined) expect(item.oracle.length, item.oracle).toBeLessThanOrEqual(opts.level1MaxOracle);
        if (opts.level1MaxSolution !== undefined) expect(family.solve(item).length).toBeLessThanOrEqual(opts.level1MaxSolution);
      }
      expect(total / seeds).toBeLessThanOrEqual(maxPrompt);
    });

    it('scores a missing answer block 0 and a malformed item without throwing', () => {
      for (const level of family.levels) {
        const item = gen(family, level, 3);
        const bare = item.oracle.includes('<') ? '' : item.oracle;
        expect(scoreOf(family, item, bare)).toEqual({ score: 0, extracted: null, reason: 'no_answer' });
        expect(scoreOf(family, item, '').score).toBe(0);
        const broken: TaskItem = { ...item, meta: { junk: true } };
        const r = scoreOf(family, broken, wrap(item.oracle));
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
      }
    });

    if (fuzz > 0) {
      it(`scores ${fuzz} adversarial completions in [0, 1] without throwing`, () => {
        const rng = new Rng(12345);
        const perLevel = Math.ceil(fuzz / family.levels.length);
        for (const level of family.levels) {
          const item = gen(family, level, 7);
          for (const c of adversarialCompletions(item, rng, perLevel)) expectTotal(family, item, c);
        }
      });
    }
  });
}

function expectTotal(family: TaskFamily, item: TaskItem, c: string): void {
  let r: ScoreResult | undefined;
  expect(() => {
    r = scoreOf(family, item, c);
  }).not.toThrow();
  expect(r!.score, `${item.id} on ${JSON.stringify(c.slice(0, 60))}`).toBeGreaterThanOrEqual(0);
  expect(r!.score).toBeLessThanOrEqual(1);
  expect(typeof r!.reason).toBe('string');
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
            expectTotal(family, item, c);
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThanOrEqual(total);
    });
  });
}

/** `describeConformance` with the short-answer preset (math, algorithmic, STEM); `opts` override it. */
export function describeShortAnswerConformance(family: TaskFamily, opts: ConformanceOptions = {}): void {
  describeConformance(family, { ...SHORT_ANSWER_PRESET, ...opts });
}
