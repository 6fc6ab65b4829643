import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '@prorl/rl-core';
import { SimulatorInputError } from './errors.js';
import { SasRecSimulator } from './sasrec.js';
import { expectBatchedEqualsSingle, expectLearnsPlantedRule } from './test-utils/contract.js';
import { loadSimulator } from './checkpoint.js';
import { computeStepRewards } from '../rewards/step-rewards.js';
import { plantedNext } from './synthetic.js';

const N = 30;
const small = { numItems: N, dModel: 32, nHeads: 2, nLayers: 2, dFF: 64, maxLen: 20 };

describe('SasRecSimulator', () => {
  let sim: SasRecSimulator;
  let trained = false;
  let dir: string;
  beforeAll(() => {
    sim = SasRecSimulator.create(small, new Rng(1));
    dir = mkdtempSync(join(tmpdir(), 'sasrec-'));
  });
  afterAll(async () => {
    await sim.release();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fast scoreAll equals the full-forward reference (right padding, last real position)', async () => {
    const rng = new Rng(3);
    const seqs = [[5], [1, 2, 3], Array.from({ length: 20 }, () => 1 + rng.int(N)), [30, 29, 28, 27, 26, 25, 24], Array.from({ length: 25 }, (_, i) => 1 + (i % N))];
    const fast = await sim.scoreAll(seqs);
    // The reference drops nothing: give it the truncated last 20 items like scoreAll does.
    const ref = await sim.scoreAllReference(seqs.map((s) => s.slice(-small.maxLen)));
    expect(fast.length).toBe(seqs.length * (N + 1));
    for (let i = 0; i < fast.length; i++) expect(Math.abs(fast[i]! - ref[i]!)).toBeLessThan(1e-4);
  });

  it('learns a planted next-item rule (HR@10 well above random 1/3)', async () => {
    await expectLearnsPlantedRule(sim, N, { epochs: 6, batchSize: 32, lr: 3e-3, patience: 0, seed: 1 });
    trained = true;
  });

  it('batched scoreAll equals scoring one by one, independent of the padding length', async () => {
    expect(trained).toBe(true);
    await expectBatchedEqualsSingle(sim, N, 1e-4);
  });

  it('drives the paper\'s step rewards: a path along the planted rule raises the target (IoI, IoR > 0, CTR high)', async () => {
    expect(trained).toBe(true);
    const nx = (i: number) => plantedNext(i, N, 7);
    const h = [3];
    const path = [nx(3), nx(nx(3))];
    const target = nx(path[1]!);
    const [r] = await computeStepRewards(sim, [{ history: h, target, items: path }]);
    const ioi = r!.ioi.reduce((a, b) => a + b, 0);
    const ior = r!.ior.reduce((a, b) => a + b, 0);
    expect(ioi).toBeGreaterThan(1);
    expect(ior).toBeGreaterThan(0);
    for (const c of r!.ctr) expect(c).toBeGreaterThan(0.5);
    // CTR is σ(logit of the item after the prefix).
    const logits = await sim.scoreAll([h]);
    expect(r!.ctr[0]).toBeCloseTo(1 / (1 + Math.exp(-logits[path[0]!]!)), 6);
  });

  it('keeps only the last maxLen items', async () => {
    const long = Array.from({ length: 35 }, (_, i) => 1 + ((i * 7) % N));
    const a = await sim.scoreAll([long]);
    const b = await sim.scoreAll([long.slice(-small.maxLen)]);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('checkpoint round trip gives identical scores', async () => {
    const path = join(dir, 'sasrec');
    await sim.save(path, { note: 'test' });
    const back = await loadSimulator(path);
    expect(back.kind).toBe('sasrec');
    const seqs = [[1, 8, 15], [2]];
    expect(Array.from(await back.scoreAll(seqs))).toEqual(Array.from(await sim.scoreAll(seqs)));
    await back.release();
  });

  it('rejects bad input with typed errors', async () => {
    const err = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const e1 = await err(sim.scoreAll([[1, N + 1]]));
    expect(e1).toBeInstanceOf(SimulatorInputError);
    expect((e1 as SimulatorInputError).problem).toBe('item-out-of-range');
    expect(((await err(sim.scoreAll([[0, 1]]))) as SimulatorInputError).problem).toBe('item-out-of-range');
    expect(((await err(sim.scoreAll([[1], []]))) as SimulatorInputError).problem).toBe('empty-sequence');
    expect(((await err(sim.scoreAll([[1.5]]))) as SimulatorInputError).problem).toBe('not-an-integer');
  });
});
