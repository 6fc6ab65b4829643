import { describe, expect, test } from 'vitest';
import { InvalidParamError } from '@prorl/rl-core';
import type { Catalog, PathRecord } from '../data/types.js';
import { denseIds, nextItemSimulator } from '../train/test-fixtures.js';
import type { PathGenerator } from '../policy/path-policy.js';
import { bestOfK, compareMethods, comparisonRow, evaluateGenerator, type EvalContext } from './evaluate.js';

const catalog: Catalog = new Map([
  ['a', { id: 'a', attributes: ['x'] }],
  ['b', { id: 'b', attributes: ['x', 'y'] }],
  ['c', { id: 'c', attributes: ['y'] }],
  ['d', { id: 'd', attributes: ['z'] }],
]);
const ctx: EvalContext = { simulator: nextItemSimulator(4), itemIndex: denseIds(['a', 'b', 'c', 'd']), catalog };
const records: PathRecord[] = [
  { history: ['a'], path: [], target: 'c' },
  { history: ['d'], path: [], target: 'a' },
  { history: ['a'], path: [], target: 'unknown' },
];
const fixed = (paths: (string | null)[][][]): PathGenerator => ({ name: 'fixed', generate: async (recs, k) => recs.map((r) => paths[records.indexOf(r)]!.slice(0, k)) });
const sig = (x: number) => 1 / (1 + Math.exp(-x));

describe('evaluateGenerator', () => {
  test('@1 on a hand-made case', async () => {
    const r = await evaluateGenerator(fixed([[['b', null]], [[]], [[]]]), records, ctx, { k: 1 });
    expect(r.records).toBe(2);
    expect(r.skipped).toBe(1);
    // record 1: [a] → [a,b] moves the target c from rank 2 to rank 1: IoI = 2, IoR = 1, CTR σ(2); b, c share 'y'
    expect(r.ioi).toBeCloseTo(1, 6);
    expect(r.ior).toBeCloseTo(0.5, 12);
    expect(r.ctr).toBeCloseTo(sig(2) / 2, 6);
    expect(r.coherence).toBeCloseTo(0.5, 12);
    expect(r.invalid_rate).toBeCloseTo(0.25, 12);
    expect(r.path_len).toBeCloseTo(1, 12);
    expect(r.diversity).toBe(0);
  });

  test('@K takes the best candidate per metric and reports diversity', async () => {
    const r = await evaluateGenerator(fixed([[['b', null], ['c']], [[], []], [[], []]]), records.slice(0, 1), ctx, { k: 2 });
    expect(r.ioi).toBeCloseTo(2, 6);
    expect(r.ior).toBe(1);
    expect(r.ctr).toBeCloseTo(sig(2), 6);
    expect(r.coherence).toBe(1);
    expect(r.invalid_rate).toBe(0);
    expect(r.path_len).toBe(1.5);
    expect(r.diversity).toBe(1);
    expect(bestOfK([])).toMatchObject({ ioi: 0 });
    await expect(evaluateGenerator(fixed([]), records, ctx, { k: 0 })).rejects.toThrow(InvalidParamError);
  });
});

describe('compareMethods', () => {
  test('output shape: mean and std over seeds per method', async () => {
    const runs: Record<string, number[]> = { a: [1, 2, 3], b: [5, 5, 5] };
    const out = await compareMethods(
      'toy',
      Object.entries(runs).map(([method, xs]) => ({
        method,
        run: async (seed: number) => ({ ctr: xs[seed - 1]!, coherence: 0.5, ioi: 2 * xs[seed - 1]!, ior: 10, invalid_rate: 0, path_len: 3 }),
      })),
      [1, 2, 3],
    );
    expect(Object.keys(out).sort()).toEqual(['dataset', 'rows']);
    expect(out.dataset).toBe('toy');
    expect(out.rows.map((r) => r.method)).toEqual(['a', 'b']);
    const row = out.rows[0]!;
    expect(Object.keys(row).sort()).toEqual(['coherence', 'ctr', 'invalid_rate', 'ioi', 'ior', 'method', 'path_len', 'seeds', 'std']);
    expect(Object.keys(row.std).sort()).toEqual(['coherence', 'ctr', 'invalid_rate', 'ioi', 'ior', 'path_len']);
    expect(row).toMatchObject({ ctr: 2, ioi: 4, coherence: 0.5, ior: 10, path_len: 3, invalid_rate: 0, seeds: 3 });
    expect(row.std.ctr).toBeCloseTo(1, 12);
    expect(row.std.ioi).toBeCloseTo(2, 12);
    expect(out.rows[1]!.std.ctr).toBe(0);
    await expect(compareMethods('toy', [], [])).rejects.toThrow(InvalidParamError);
  });

  test('comparisonRow: one method\'s runs to a row (what compareMethods does per method); no runs is an error', () => {
    const m = (ioi: number) => ({ ctr: 0.5, coherence: 0.5, ioi, ior: 1, invalid_rate: 0, path_len: 2 });
    const row = comparisonRow('x', [m(1), m(3)]);
    expect(row).toMatchObject({ method: 'x', seeds: 2, ioi: 2, ctr: 0.5 });
    expect(row.std.ioi).toBeCloseTo(Math.SQRT2, 12);
    expect(comparisonRow('y', [m(-1)]).std.ioi).toBe(0);
    expect(() => comparisonRow('z', [])).toThrow(/empty for method 'z'/);
  });
});
