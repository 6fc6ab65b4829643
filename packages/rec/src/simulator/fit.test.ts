import { describe, expect, it } from 'vitest';
import { Rng } from '@prorl/rl-core';
import { SimulatorConfigError, SimulatorInputError } from './errors.js';
import { fitSimulator, meanLoss, resolveFitConfig } from './fit.js';
import { Gru4RecSimulator } from './gru4rec.js';
import { plantedRuleSequences } from './synthetic.js';
import { trainingWindows } from './windows.js';

const N = 20;

describe('fitSimulator', () => {
  it('keeps the weights of the best validation epoch (val-loss) and logs every epoch', async () => {
    const rng = new Rng(4);
    const train = plantedRuleSequences(rng, { numItems: N, sequences: 120, pRule: 0.8 });
    const val = plantedRuleSequences(rng, { numItems: N, sequences: 30, pRule: 0.8 });
    const sim = Gru4RecSimulator.create({ numItems: N, embDim: 8, hidden: 16, maxLen: 20 }, new Rng(1));
    const epochs: number[] = [];
    // A large learning rate makes later epochs worse on val now and then: selection must matter.
    const r = await fitSimulator(sim, train, { epochs: 5, batchSize: 16, lr: 3e-2, patience: 0, seed: 2 }, { val, onEpoch: (e) => epochs.push(e.epoch) });
    expect(epochs).toEqual([1, 2, 3, 4, 5]);
    const losses = r.epochs.map((e) => e.valLoss!);
    expect(r.bestEpoch).toBe(losses.indexOf(Math.min(...losses)) + 1);
    const now = await meanLoss(sim, trainingWindows(val, 20), 16);
    expect(Math.abs(now - Math.min(...losses))).toBeLessThan(1e-5);
    expect(r.epochs[0]!.val!.cases).toBe(30);
    await sim.release();
  });

  it('stops early after `patience` epochs without improvement', async () => {
    const rng = new Rng(5);
    const train = plantedRuleSequences(rng, { numItems: N, sequences: 40 });
    const sim = Gru4RecSimulator.create({ numItems: N, embDim: 4, hidden: 4, maxLen: 20 }, new Rng(1));
    // Validation on pure noise: it stops improving quickly.
    const val = plantedRuleSequences(rng, { numItems: N, sequences: 20, pRule: 0 });
    const r = await fitSimulator(sim, train, { epochs: 30, batchSize: 8, lr: 5e-2, patience: 1, select: 'val-ndcg', seed: 1 }, { val });
    expect(r.epochs.length).toBeLessThan(30);
    expect(r.epochs.length - r.bestEpoch).toBe(1);
    await sim.release();
  });

  it('validates its config and data', async () => {
    expect(() => resolveFitConfig({ epochs: 0 })).toThrow(SimulatorConfigError);
    expect(() => resolveFitConfig({ select: 'val-hr' as never })).toThrow(/val-loss/);
    expect(() => resolveFitConfig({ lr: -1 })).toThrow(SimulatorConfigError);
    const sim = Gru4RecSimulator.create({ numItems: N, embDim: 4, hidden: 4, maxLen: 20 }, new Rng(1));
    await expect(fitSimulator(sim, [[1], [2]], { epochs: 1 })).rejects.toMatchObject({ problem: 'no-data' });
    await expect(fitSimulator(sim, [[1, N + 5]], { epochs: 1 })).rejects.toBeInstanceOf(SimulatorInputError);
  });
});
