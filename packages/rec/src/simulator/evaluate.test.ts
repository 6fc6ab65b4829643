import { describe, expect, it } from 'vitest';
import { SimulatorConfigError, SimulatorInputError } from './errors.js';
import { evaluateNextItem, leaveLastOut, targetRank } from './evaluate.js';
import type { UserSimulator } from './types.js';

/** Scores item j after sequence s as −|j − (last(s) + 1)|: the next id is always rank 1. */
const successor: UserSimulator = {
  kind: 'successor',
  numItems: 20,
  async scoreAll(seqs) {
    const V = 21;
    const out = new Float32Array(seqs.length * V);
    seqs.forEach((s, b) => {
      const want = s[s.length - 1]! + 1;
      for (let j = 0; j < V; j++) out[b * V + j] = -Math.abs(j - want);
      out[b * V] = 100; // padding column must never count
    });
    return out;
  },
};

describe('next-item evaluation', () => {
  it('leaveLastOut splits off the last item and skips short sequences', () => {
    expect(leaveLastOut([[1, 2, 3], [4]])).toEqual([{ seq: [1, 2], target: 3 }]);
  });

  it('targetRank ignores the padding column and counts strictly better items', () => {
    expect(targetRank([9, 1, 3, 2, 3], 2)).toBe(1);
    expect(targetRank([9, 1, 3, 2, 3], 3)).toBe(3);
    expect(targetRank([9, 1, 3, 2, 3], 1)).toBe(4);
  });

  it('HR@K and NDCG@K from ranks', async () => {
    // Targets at ranks 1 (5 after 4), 2 (5 after 5 → want 6; 5 and 7 tie at −1 → rank 2), 4 (8 after 5: 6, 5, 7 are better).
    const m = await evaluateNextItem(successor, [
      { seq: [4], target: 5 },
      { seq: [5], target: 5 },
      { seq: [5], target: 8 },
    ], { k: 2, batchSize: 2 });
    expect(m.cases).toBe(3);
    expect(m.hr).toBeCloseTo(2 / 3, 12);
    expect(m.ndcg).toBeCloseTo((1 + 1 / Math.log2(3)) / 3, 12);
    expect(m.meanRank).toBeCloseTo((1 + 2 + 4) / 3, 12);
  });

  it('rejects bad targets, bad k and empty case lists', async () => {
    await expect(evaluateNextItem(successor, [{ seq: [1], target: 21 }])).rejects.toBeInstanceOf(SimulatorInputError);
    await expect(evaluateNextItem(successor, [])).rejects.toBeInstanceOf(SimulatorInputError);
    await expect(evaluateNextItem(successor, [{ seq: [1], target: 2 }], { k: 0 })).rejects.toBeInstanceOf(SimulatorConfigError);
  });
});
