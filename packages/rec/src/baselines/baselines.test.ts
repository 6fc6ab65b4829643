import { describe, expect, test } from 'vitest';
import { InvalidParamError } from '@prorl/rl-core';
import type { PathRecord } from '../data/types.js';
import { denseIds, nextItemSimulator } from '../train/test-fixtures.js';
import { RandomPathGenerator } from './random-paths.js';
import { SimulatorGreedyGenerator, codePrefixOverlap } from './simulator-greedy.js';

const idx = denseIds(['a', 'b', 'c', 'd', 'e', 'f']);
const sim = nextItemSimulator(6);

describe('random paths', () => {
  test('lengths 1..maxLen, never the target, seeded, K distinct candidates', async () => {
    const gen = new RandomPathGenerator({ items: idx.rawIds, maxLen: 4 });
    const recs: PathRecord[] = Array.from({ length: 30 }, () => ({ history: ['a'], path: [], target: 'b' }));
    const out = await gen.generate(recs, 3, 7);
    const lens = new Set<number>();
    for (const cands of out) {
      expect(cands.length).toBe(3);
      for (const p of cands) {
        expect(p.length).toBeGreaterThanOrEqual(1);
        expect(p.length).toBeLessThanOrEqual(4);
        expect(p).not.toContain('b');
        lens.add(p.length);
      }
    }
    expect(lens.size).toBe(4);
    expect(await gen.generate(recs, 3, 7)).toEqual(out);
    expect(await gen.generate(recs, 3, 8)).not.toEqual(out);
    expect(() => new RandomPathGenerator({ items: ['a'] })).toThrow(InvalidParamError);
  });
});

describe('simulator-driven greedy', () => {
  test('follows the simulator until the target is in its top-k', async () => {
    const gen = new SimulatorGreedyGenerator({ simulator: sim, itemIndex: idx, topK: 1 });
    const [p] = await gen.paths([{ history: ['a'], path: [], target: 'e' }]);
    expect(p).toEqual(['b', 'c', 'd']); // after [a,b,c,d] the top-1 next item is the target e
  });

  test('re-ranks the top-k by closeness to the target and respects the length limit', async () => {
    // code overlap: f shares 2 leading codes with the target d, the others none
    const ids = new Map([['a', [0, 0]], ['b', [1, 0]], ['c', [2, 0]], ['d', [3, 1]], ['e', [4, 0]], ['f', [3, 2]]]);
    const gen = new SimulatorGreedyGenerator({ simulator: sim, itemIndex: idx, topK: 6, maxLen: 3, closeness: 'code_overlap', semanticIds: ids });
    // top-6 after any sequence contains every unseen item, so the target would be reached at once
    const [q] = await gen.paths([{ history: ['a'], path: [], target: 'd' }]);
    expect(q).toEqual([]);
    const gen2 = new SimulatorGreedyGenerator({ simulator: sim, itemIndex: idx, topK: 3, maxLen: 2, closeness: 'code_overlap', semanticIds: ids });
    // after [a] the top-3 (logit order, ties by id) is b, c, d... target d in it → stop; use target f instead
    const [r] = await gen2.paths([{ history: ['a'], path: [], target: 'f' }]);
    expect(r!.length).toBeLessThanOrEqual(2);
    expect(r).not.toContain('f');
    expect(r![0]).toBe('d'); // d shares code 3 with f
    expect(codePrefixOverlap([3, 1], [3, 2])).toBe(0.5);
    expect(() => new SimulatorGreedyGenerator({ simulator: sim, itemIndex: idx, closeness: 'code_overlap' })).toThrow(InvalidParamError);
    const k = await gen2.generate([{ history: ['a'], path: [], target: 'f' }], 2, 0);
    expect(k[0]).toEqual([r, r]);
  });
});
