/**
 * Optional real-data smoke test: with ../shared/data present (resolveDataDir), a few SASRec steps on
 * ML-100K users (raw files only, no path mining, to stay fast). Full training is `trainSimulator`
 * (run by the CLI / bench).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '@prorl/rl-core';
import { join } from 'node:path';
import { resolveDataDir } from '../data/data-dir.js';
import { loadMovieLens100K } from '../data/movielens.js';
import { userSequences } from '../prepare/sequences.js';
import { evaluateNextItem, leaveLastOut } from './evaluate.js';
import { fitSimulator } from './fit.js';
import { ItemIndex } from './item-index.js';
import { SasRecSimulator } from './sasrec.js';

const dataDir = resolveDataDir();
if (dataDir === null) console.warn('[skip] SASRec on ML-100K: no ../shared/data and PRORL_DATA_DIR unset');

describe.skipIf(dataDir === null)('SASRec on ML-100K (smoke)', () => {
  it('a few steps lower the loss; scores cover the whole catalogue', async () => {
    const loaded = loadMovieLens100K(join(dataDir!, 'movielens-100k'));
    const index = new ItemIndex(loaded.catalog.keys());
    const seqs = [...userSequences(loaded.interactions).values()].map((s) => index.encode(s));
    const data = { index, train: seqs.slice(0, 24), test: leaveLastOut(seqs.slice(-16)) };
    expect(data.index.size).toBeGreaterThan(1000);
    const sim = SasRecSimulator.create({ numItems: data.index.size }, new Rng(1));
    const fit = await fitSimulator(sim, data.train, { epochs: 2, batchSize: 64, lr: 3e-3, patience: 0 });
    expect(fit.epochs[0]!.loss).toBeLessThan(Math.log(data.index.size + 1) + 0.05);
    expect(fit.epochs[1]!.loss).toBeLessThan(fit.epochs[0]!.loss);
    const m = await evaluateNextItem(sim, data.test.slice(0, 16));
    expect(m.cases).toBe(16);
    const logits = await sim.scoreAll([data.test[0]!.seq]);
    expect(logits.length).toBe(data.index.size + 1);
    expect(logits.every(Number.isFinite)).toBe(true);
    await sim.release();
  });
});
