import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '@prorl/rl-core';
import type { RecDataset } from '../data/types.js';
import { loadSimulator, loadSimulatorMetadata } from './checkpoint.js';
import { SimulatorConfigError } from './errors.js';
import { evaluateNextItem } from './evaluate.js';
import { plantedRuleSequences } from './synthetic.js';
import { createSimulator, simulatorData, trainSimulator } from './train.js';

const N = 30;
const raw = (i: number) => `m${i}`;

function syntheticDataset(): RecDataset {
  const seqs = plantedRuleSequences(new Rng(11), { numItems: N, sequences: 360, minLen: 8, maxLen: 30 });
  const sequences = new Map(seqs.map((s, u) => [`u${u}`, s.map(raw)]));
  const rec = (u: number) => ({ user: `u${u}`, history: seqs[u]!.slice(0, 3).map(raw), path: [], target: raw(seqs[u]![3]!) });
  return {
    name: 'planted',
    catalog: new Map(Array.from({ length: N }, (_, i) => [raw(i + 1), { id: raw(i + 1), attributes: [] }])),
    sequences,
    train: [rec(0)],
    val: Array.from({ length: 30 }, (_, i) => rec(300 + i)),
    test: Array.from({ length: 30 }, (_, i) => rec(330 + i)),
    notes: [],
  };
}

describe('simulatorData', () => {
  it('trains on users outside val/test records and holds out the last item of val/test users', () => {
    const ds = syntheticDataset();
    const d = simulatorData(ds);
    expect(d.index.size).toBe(N);
    expect(d.train.length).toBe(300);
    expect(d.val.length).toBe(30);
    expect(d.test.length).toBe(30);
    const u300 = ds.sequences!.get('u300')!;
    expect(d.val[0]!.target).toBe(d.index.get(u300[u300.length - 1]!));
    expect(d.val[0]!.seq.length).toBe(u300.length - 1);
  });

  it('falls back to record pseudo-sequences when the dataset has none', () => {
    const { sequences: _s, ...ds } = syntheticDataset();
    const d = simulatorData({ ...ds, train: [...ds.val, ...ds.test] }, 1);
    expect(d.train.length + d.val.length + d.test.length).toBe(90); // train (60) + val (30) records
    expect(d.notes.join(' ')).toMatch(/pseudo-sequences/);
  });
});

describe('trainSimulator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simtrain-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const kind of ['sasrec', 'gru4rec'] as const) {
    it(`${kind}: trains, reports held-out HR@10/NDCG@10, writes metrics and a loadable checkpoint`, async () => {
      const ds = syntheticDataset();
      const checkpoint = join(dir, kind === 'sasrec' ? 'sas' : 'gru.safetensors');
      const metricsFile = join(dir, `${kind}.jsonl`);
      const lines: string[] = [];
      const r = await trainSimulator({
        dataset: ds,
        kind,
        epochs: 4,
        fit: { batchSize: 32, lr: kind === 'sasrec' ? 3e-3 : 1e-2, patience: 0 },
        sasrec: { dModel: 32, dFF: 64, maxLen: 20 },
        gru4rec: { embDim: 16, hidden: 32, maxLen: 20 },
        seed: 3,
        checkpoint,
        metricsFile,
        onProgress: (l) => lines.push(l),
      });
      expect(r.test!.cases).toBe(30);
      expect(r.test!.hr).toBeGreaterThan(0.6); // random: 10/30
      expect(r.val!.hr).toBeGreaterThan(0.6);
      expect(r.fit.epochs.length).toBe(4);
      expect(lines.some((l) => /val loss .* HR@10 /.test(l))).toBe(true);
      const jsonl = readFileSync(metricsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string });
      expect(jsonl.map((j) => j.event)).toEqual(['epoch', 'epoch', 'epoch', 'epoch', 'final']);
      expect(existsSync(checkpoint)).toBe(true);
      const back = await loadSimulator(checkpoint);
      expect((await evaluateNextItem(back, simulatorData(ds).test)).hr).toBeCloseTo(r.test!.hr, 12);
      await back.release();
      const meta = await loadSimulatorMetadata(checkpoint);
      expect(meta.index!.rawIds).toEqual(r.index.rawIds);
      expect(meta.metadata.dataset).toBe('planted');
      await r.simulator.release();
    });
  }

  it('unknown kinds list the valid ones', () => {
    expect(() => createSimulator('bert4rec' as never, 5, {}, new Rng(1))).toThrow(SimulatorConfigError);
    expect(() => createSimulator('bert4rec' as never, 5, {}, new Rng(1))).toThrow(/sasrec, gru4rec/);
  });
});
