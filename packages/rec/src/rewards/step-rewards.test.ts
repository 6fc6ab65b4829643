import { describe, expect, test } from 'vitest';
import { Rng } from '@prorl/rl-core';
import { recencySimulator } from '../train/test-fixtures.js';
import { applyPenalties, computeStepRewards, scoreSequences, type PathToScore } from './step-rewards.js';

describe('step rewards', () => {
  const sim = recencySimulator(30, 6, 1);
  const rng = new Rng(5);
  const paths: PathToScore[] = Array.from({ length: 12 }, (_, i) => ({
    history: Array.from({ length: 10 }, () => 1 + rng.int(30)),
    target: 1 + rng.int(30),
    items: Array.from({ length: 1 + (i % 6) }, () => (rng.next() < 0.15 ? null : 1 + rng.int(8))),
  }));

  test('batched equals item-by-item', async () => {
    sim.calls = 0;
    const batched = await computeStepRewards(sim, paths);
    expect(sim.calls).toBe(1);
    for (let i = 0; i < paths.length; i++) {
      const p = paths[i]!;
      let prefix = [...p.history];
      const seen = new Set<number>();
      for (let k = 0; k < p.items.length; k++) {
        const it = p.items[k]!;
        if (it === null) {
          expect(batched[i]!.kind[k]).toBe('invalid');
          continue;
        }
        const [before] = await scoreSequences(sim, [prefix], [p.target]);
        const after = [...prefix, it];
        const [aft] = await scoreSequences(sim, [after], [p.target]);
        expect(batched[i]!.ioi[k]).toBeCloseTo(aft!.logProbTarget - before!.logProbTarget, 10);
        expect(batched[i]!.ior[k]).toBe(before!.rankTarget - aft!.rankTarget);
        const h = sim.state(prefix);
        let s = 0;
        for (let d = 0; d < 6; d++) s += h[d]! * sim.E[it * 6 + d]!;
        const dup = seen.has(it);
        expect(batched[i]!.ctr[k]).toBeCloseTo(dup ? 0 : 1 / (1 + Math.exp(-s)), 5);
        seen.add(it);
        prefix = after;
      }
    }
  });

  test('IoI and IoR telescope to the path-level values', async () => {
    const r = await computeStepRewards(sim, paths);
    for (let i = 0; i < paths.length; i++) {
      const p = paths[i]!;
      const valid = p.items.filter((x): x is number => x !== null);
      const [h, full] = await scoreSequences(sim, [p.history, [...p.history, ...valid]], [p.target, p.target]);
      const sumIoi = r[i]!.ioi.reduce((a, b) => a + b, 0);
      const sumIor = r[i]!.ior.reduce((a, b) => a + b, 0);
      expect(sumIoi).toBeCloseTo(full!.logProbTarget - h!.logProbTarget, 9);
      expect(sumIor).toBe(h!.rankTarget - full!.rankTarget);
    }
  });

  test('penalties: invalid steps get ctr −1 and one below the batch minimum', async () => {
    const r = applyPenalties(await computeStepRewards(sim, paths));
    let minIoi = Infinity;
    for (const x of r) x.kind.forEach((k, t) => k === 'real' && (minIoi = Math.min(minIoi, x.ioi[t]!)));
    let sawInvalid = false;
    for (const x of r) {
      x.kind.forEach((k, t) => {
        if (k === 'invalid') {
          sawInvalid = true;
          expect(x.ctr[t]).toBe(-1);
          expect(x.ioi[t]).toBeCloseTo(minIoi - 1, 12);
        }
      });
    }
    expect(sawInvalid).toBe(true);
  });
});
