import { Rng } from '@prorl/rl-core';
import { describe, expect, it } from 'vitest';
import { CATALOGUES, randomHistories, randomPaths } from './sim-workload.js';

describe('synthetic simulator workloads', () => {
  it('catalogues have the real datasets\' item counts', () => {
    expect(CATALOGUES).toEqual({ 'ml-100k': 1682, 'ml-1m': 3883 });
  });
  it('histories: [count][len] dense ids in 1..N, the same for the same seed', () => {
    const a = randomHistories(new Rng(3), 50, 7, 11);
    expect(a).toHaveLength(7);
    expect(a.every((s) => s.length === 11)).toBe(true);
    expect(a.flat().every((x) => Number.isInteger(x) && x >= 1 && x <= 50)).toBe(true);
    expect(randomHistories(new Rng(3), 50, 7, 11)).toEqual(a);
    expect(randomHistories(new Rng(4), 50, 7, 11)).not.toEqual(a);
    // Every item of a small catalogue shows up (uniform draws, not a constant).
    expect(new Set(randomHistories(new Rng(5), 5, 40, 10).flat()).size).toBe(5);
  });
  it('paths: history, target and pathLen distinct items, all in range', () => {
    const ps = randomPaths(new Rng(1), 20, 30, 9, 6);
    expect(ps).toHaveLength(30);
    for (const p of ps) {
      expect(p.history).toHaveLength(9);
      expect(p.items).toHaveLength(6);
      expect(new Set(p.items).size).toBe(6);
      for (const x of [...p.history, p.target, ...(p.items as number[])]) expect(x >= 1 && x <= 20).toBe(true);
    }
    expect(randomPaths(new Rng(1), 20, 30, 9, 6)).toEqual(ps);
  });
  it('rejects sizes that cannot be drawn', () => {
    expect(() => randomHistories(new Rng(1), 0, 1, 1)).toThrow(/numItems must be a positive integer/);
    expect(() => randomHistories(new Rng(1), 5, 2, 1.5)).toThrow(/len must be a positive integer/);
    expect(() => randomPaths(new Rng(1), 3, 1, 2, 4)).toThrow(/exceeds the catalogue/);
  });
});
