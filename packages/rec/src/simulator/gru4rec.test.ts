import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '@prorl/rl-core';
import { OrtSession } from '@prorl/policy';
import { loadSimulator } from './checkpoint.js';
import { SimulatorConfigError, SimulatorInputError } from './errors.js';
import { Gru4RecLayout, Gru4RecSimulator, buildGru4RecTrainGraph, gru4recReferenceLogits } from './gru4rec.js';
import { expectBatchedEqualsSingle, expectLearnsPlantedRule } from './test-utils/contract.js';

const N = 30;
const small = { numItems: N, embDim: 16, hidden: 24, maxLen: 20 };

describe('Gru4RecSimulator', () => {
  let sim: Gru4RecSimulator;
  let trained = false;
  let dir: string;
  beforeAll(() => {
    sim = Gru4RecSimulator.create(small, new Rng(1));
    dir = mkdtempSync(join(tmpdir(), 'gru4rec-'));
  });
  afterAll(async () => {
    await sim.release();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ONNX scoring equals the plain-loop float64 reference GRU', async () => {
    const seqs = [[5], [1, 2, 3], [30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19]];
    const fast = await sim.scoreAll(seqs);
    const V = N + 1;
    seqs.forEach((s, b) => {
      const ref = gru4recReferenceLogits(sim.layout, sim.params, s);
      for (let j = 0; j < V; j++) expect(Math.abs(fast[b * V + j]! - ref[j]!)).toBeLessThan(1e-4);
    });
  });

  it('training-graph gradients match central finite differences (float64)', async () => {
    const cfg = { numItems: 6, embDim: 3, hidden: 4, maxLen: 4 };
    const layout = new Gru4RecLayout(cfg);
    const rng = new Rng(5);
    const p = Float64Array.from(layout.init(rng), (x) => x + 0.3 * rng.normal());
    const B = 2;
    const T = 3;
    const session = await OrtSession.create(buildGru4RecTrainGraph(layout, B, T, 'float64').encode());
    // Row 0: [1,2,3] predicts 2,3; row 1: [4,5,pad] predicts 5 (t-major feeds).
    const ids = BigInt64Array.from([1n, 4n, 2n, 5n, 3n, 0n]);
    const mask = Float64Array.from([1, 1, 1, 1, 1, 0]);
    const targets = BigInt64Array.from([2n, 5n, 3n, 0n, 0n, 0n]);
    const coef = Float64Array.from([-1 / 3, -1 / 3, -1 / 3, 0, 0, 0]);
    const run = async (params: Float64Array) => {
      const feeds = Object.fromEntries(layout.entries.map((e) => [e.name, { data: params.subarray(e.offset, e.offset + e.size), dims: e.shape }]));
      return session.run({ ...feeds, ids: { data: ids, dims: [T, B] }, mask: { data: mask, dims: [T, B, 1] }, targets: { data: targets, dims: [T * B] }, coef: { data: coef, dims: [T * B] } });
    };
    const base = await run(p);
    let checked = 0;
    for (const e of layout.entries) {
      const g = base[`grad.${e.name}`] as Float64Array;
      for (const i of [0, e.size - 1, Math.floor(e.size / 2)]) {
        const q = Float64Array.from(p);
        const h = 1e-6;
        q[e.offset + i]! += h;
        const up = (await run(q)).objective![0] as number;
        q[e.offset + i]! -= 2 * h;
        const dn = (await run(q)).objective![0] as number;
        const fd = (up - dn) / (2 * h);
        expect(Math.abs(fd - g[i]!)).toBeLessThan(1e-6 + 1e-5 * Math.abs(fd));
        checked++;
      }
    }
    expect(checked).toBe(3 * layout.entries.length);
    await session.release();
  });

  it('learns a planted next-item rule (HR@10 well above random 1/3)', async () => {
    await expectLearnsPlantedRule(sim, N, { epochs: 8, batchSize: 32, lr: 1e-2, patience: 0, seed: 1 });
    trained = true;
  });

  it('batched scoreAll equals scoring one by one, independent of the padding length', async () => {
    expect(trained).toBe(true);
    await expectBatchedEqualsSingle(sim, N, 1e-5);
  });

  it('checkpoint round trip gives identical scores; a foreign file is rejected', async () => {
    const file = join(dir, 'gru.safetensors');
    await sim.save(file);
    const back = await loadSimulator(file);
    expect(back.kind).toBe('gru4rec');
    const seqs = [[1, 8, 15], [2]];
    expect(Array.from(await back.scoreAll(seqs))).toEqual(Array.from(await sim.scoreAll(seqs)));
    await back.release();
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, 'not a checkpoint');
    await expect(loadSimulator(junk)).rejects.toThrow(/damaged|corrupt|short/i);
    await expect(loadSimulator(join(dir, 'missing'))).rejects.toBeInstanceOf(SimulatorConfigError);
  });

  it('rejects bad input with typed errors', async () => {
    await expect(sim.scoreAll([[1, N + 1]])).rejects.toMatchObject({ name: 'SimulatorInputError', problem: 'item-out-of-range' });
    await expect(sim.scoreAll([[]])).rejects.toMatchObject({ problem: 'empty-sequence' });
    await expect(sim.scoreAll([[-1]])).rejects.toBeInstanceOf(SimulatorInputError);
    expect(() => Gru4RecSimulator.create({ numItems: 0 }, new Rng(1))).toThrow(SimulatorConfigError);
  });
});
