import { describe, expect, it } from 'vitest';
import { Rng } from '@prorl/rl-core';
import { SimulatorInputError } from './errors.js';
import { Gru4RecSimulator } from './gru4rec.js';
import { SasRecSimulator } from './sasrec.js';
import type { TrainableSimulator } from './trainable.js';
import { batchWindows, type TrainWindow } from './windows.js';

const N = 12;

/** −mean log p(ids[t] | ids[..t)) over the trained targets, from scoreAll of every prefix. */
async function lossFromScores(sim: TrainableSimulator, ws: TrainWindow[]): Promise<number> {
  const prefixes: number[][] = [];
  const targets: number[] = [];
  for (const w of ws) {
    for (let t = Math.max(1, w.firstTarget); t < w.ids.length; t++) {
      prefixes.push(w.ids.slice(0, t));
      targets.push(w.ids[t]!);
    }
  }
  const logits = await sim.scoreAll(prefixes);
  const V = N + 1;
  let sum = 0;
  targets.forEach((y, i) => {
    const row = logits.subarray(i * V, (i + 1) * V);
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((a, x) => a + Math.exp(x - max), 0));
    sum += lse - row[y]!;
  });
  return sum / targets.length;
}

const sims: [string, () => TrainableSimulator][] = [
  ['sasrec', () => SasRecSimulator.create({ numItems: N, dModel: 16, nHeads: 2, nLayers: 1, dFF: 32, maxLen: 8 }, new Rng(2))],
  ['gru4rec', () => Gru4RecSimulator.create({ numItems: N, embDim: 8, hidden: 12, maxLen: 8 }, new Rng(2))],
];

describe.each(sims)('%s lossAndGrad', (_name, make) => {
  it('equals the mean next-item cross-entropy of every trained prefix (right padding, firstTarget)', async () => {
    const sim = make();
    // Random weights give near-uniform scores; scale them up so the check is sensitive.
    for (let i = 0; i < sim.params.length; i++) sim.params[i]! *= 4;
    const ws: TrainWindow[] = [
      { ids: [1, 2, 3, 4, 5, 6, 7, 8], firstTarget: 1 },
      { ids: [9, 3, 12], firstTarget: 0 },
      { ids: [4, 4, 7, 1, 11, 2], firstTarget: 3 },
    ];
    const { loss, grads } = await sim.lossAndGrad(batchWindows(ws));
    expect(grads.length).toBe(sim.params.length);
    expect(grads.some((g) => g !== 0)).toBe(true);
    const ref = await lossFromScores(sim, ws);
    expect(Math.abs(loss - ref)).toBeLessThan(1e-4);
    expect(Math.abs(loss - Math.log(N + 1))).toBeGreaterThan(0.05);
    await sim.release();
  });

  it('rejects batches without targets, too long or with unknown items', async () => {
    const sim = make();
    await expect(sim.lossAndGrad(batchWindows([{ ids: [3], firstTarget: 1 }]))).rejects.toMatchObject({ problem: 'no-data' });
    await expect(sim.lossAndGrad(batchWindows([{ ids: Array.from({ length: 9 }, () => 1), firstTarget: 1 }]))).rejects.toMatchObject({ problem: 'too-long' });
    await expect(sim.lossAndGrad(batchWindows([{ ids: [1, N + 1], firstTarget: 1 }]))).rejects.toBeInstanceOf(SimulatorInputError);
    await sim.release();
  });
});
