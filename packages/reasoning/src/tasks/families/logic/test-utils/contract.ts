/**
 * The shared contract test every logic/IF family runs: deterministic generation, id convention,
 * prompt format, oracle and worked solution scoring 1, level-1 prompts short, and a fuzz of
 * adversarial completions that must score in [0, 1] without throwing.
 */
import { Rng } from '@prorl/rl-core';
import { describe, expect, it } from 'vitest';
import type { TaskFamily } from '../../../types.js';
import { adversarialCompletions, gen, scoreSync, wrap } from './testkit.js';

export interface ContractOptions {
  /** Seeds per level for the determinism / oracle checks. */
  seeds?: number;
  /** Max prompt length at level 1 (the tiny-model level). */
  level1MaxPrompt?: number;
  /** Adversarial completions in the fuzz test (spread over levels). */
  fuzz?: number;
  /** Min distinct level-1 prompts over the seeds (tiny levels may have few distinct items). */
  minDistinctL1?: number;
}

export function describeFamilyContract(family: TaskFamily, opts: ContractOptions = {}): void {
  const seeds = opts.seeds ?? 30;
  const maxL1 = opts.level1MaxPrompt ?? 160;
  const fuzz = opts.fuzz ?? 1200;
  const minDistinct = opts.minDistinctL1 ?? Math.floor(seeds / 4);
  describe(`${family.name} contract`, () => {
    it('has ascending levels and documented rules', () => {
      expect(family.levels.length).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < family.levels.length; i++) expect(family.levels[i]!).toBeGreaterThan(family.levels[i - 1]!);
      expect(family.scoringRules.length).toBeGreaterThan(20);
      expect(family.description.length).toBeGreaterThan(10);
    });

    it('generates deterministically, with the id convention and an <answer> instruction', () => {
      for (const level of family.levels) {
        for (let seed = 0; seed < seeds; seed++) {
          const a = gen(family, level, seed);
          const b = gen(family, level, seed);
          expect(JSON.stringify(a)).toBe(JSON.stringify(b));
          expect(a.id).toBe(`${family.name}/L${level}/${seed}`);
          expect(a.family).toBe(family.name);
          expect(a.domain).toBe(family.domain);
          expect(a.prompt).toContain('<answer>');
          expect(JSON.parse(JSON.stringify(a.meta))).toEqual(a.meta);
        }
      }
    });

    it('scores the oracle and the worked solution 1', () => {
      for (const level of family.levels) {
        for (let seed = 0; seed < seeds; seed++) {
          const item = gen(family, level, seed);
          const o = scoreSync(family, item, wrap(item.oracle));
          expect(o.score, `${item.id} oracle ${item.oracle}: ${o.reason}`).toBe(1);
          const sol = family.solve(item);
          expect(sol.endsWith(wrap(item.oracle))).toBe(true);
          expect(scoreSync(family, item, sol).score, `${item.id} solve`).toBe(1);
        }
      }
    });

    it('keeps level-1 prompts short and varies items across seeds', () => {
      const level = family.levels[0]!;
      const prompts = new Set<string>();
      let total = 0;
      for (let seed = 0; seed < seeds; seed++) {
        const item = gen(family, level, seed);
        expect(item.prompt.length, item.prompt).toBeLessThanOrEqual(maxL1);
        total += item.prompt.length;
        prompts.add(item.prompt);
      }
      expect(prompts.size).toBeGreaterThanOrEqual(minDistinct);
      expect(total / seeds).toBeLessThanOrEqual(maxL1);
    });

    it('scores missing answers 0 and adversarial completions in [0, 1] without throwing', () => {
      const rng = new Rng(12345);
      const perLevel = Math.ceil(fuzz / family.levels.length);
      for (const level of family.levels) {
        const item = gen(family, level, 7);
        expect(scoreSync(family, item, item.oracle.includes('<') ? '' : item.oracle).score).toBe(0);
        for (const c of adversarialCompletions(item, rng, perLevel)) {
          const r = scoreSync(family, item, c);
          expect(r.score).toBeGreaterThanOrEqual(0);
          expect(r.score).toBeLessThanOrEqual(1);
          expect(typeof r.reason).toBe('string');
        }
      }
    });
  });
}
