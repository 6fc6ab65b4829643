import { describe, expect, test } from 'vitest';
import { InvalidParamError, RlCoreError } from '../errors.js';
import { Rng } from '../rng.js';
import { filterGroups } from './dynamic-sampling.js';
import { DynamicSamplingExhaustedError, RefillAccumulator, refillGroups, resolveRefillConfig } from './refill.js';

describe('RefillAccumulator', () => {
  test('hand-worked: concatenates survivors across rounds and truncates to the target', () => {
    const acc = new RefillAccumulator<string>({ targetGroups: 5, maxRounds: 3 });
    expect(acc.addRound(['a', 'b'])).toBe(false);
    expect(acc.addRound([])).toBe(false);
    expect(acc.addRound(['c', 'd', 'e', 'f'])).toBe(true);
    expect(acc.rounds).toBe(3);
    expect(acc.collected).toBe(6);
    expect(acc.take()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(acc.collected).toBe(0);
    expect(acc.rounds).toBe(0);
  });

  test('throws a typed, actionable error when the round budget is spent', () => {
    const acc = new RefillAccumulator<number>({ targetGroups: 4, maxRounds: 2 });
    acc.addRound([1]);
    let err: unknown;
    try {
      acc.addRound([2]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DynamicSamplingExhaustedError);
    expect(err).toBeInstanceOf(RlCoreError);
    const e = err as DynamicSamplingExhaustedError;
    expect([e.rounds, e.collected, e.target]).toEqual([2, 2, 4]);
    expect(e.message).toMatch(/raise maxRounds/);
    expect(e.message).toMatch(/lower the batch/);
  });

  test('maxRounds 0 is unlimited; take() before full throws', () => {
    const acc = new RefillAccumulator<number>({ targetGroups: 2, maxRounds: 0 });
    for (let i = 0; i < 50; i++) expect(acc.addRound([])).toBe(false);
    expect(() => acc.take()).toThrow(InvalidParamError);
    expect(() => resolveRefillConfig({ targetGroups: 0 })).toThrow(InvalidParamError);
    expect(() => resolveRefillConfig({ maxRounds: -1 })).toThrow(InvalidParamError);
  });

  test('end to end with filterGroups on seeded rollouts', () => {
    const rng = new Rng(5);
    let prompt = 0;
    const G = 4;
    const { groups, rounds } = refillGroups(
      () => {
        // 6 prompts per round, each with a success rate drawn from {0, 0.5, 1}
        const acc: number[] = [];
        const index: number[] = [];
        for (let p = 0; p < 6; p++) {
          const rate = [0, 0.5, 1][rng.int(3)]!;
          for (let g = 0; g < G; g++) {
            acc.push(rng.next() < rate ? 1 : 0);
            index.push(prompt);
          }
          prompt++;
        }
        const r = filterGroups(acc, index);
        return r.groups.filter((d) => d.kept).map((d) => ({ id: d.id, acc: d.rows.map((i) => acc[i]!) }));
      },
      { targetGroups: 5, maxRounds: 10 },
    );
    expect(groups.length).toBe(5);
    expect(rounds).toBeGreaterThanOrEqual(1);
    for (const g of groups) expect(new Set(g.acc).size).toBe(2); // every kept group is mixed
  });
});
