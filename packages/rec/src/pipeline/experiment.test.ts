import { describe, expect, test } from 'vitest';
import { InvalidParamError } from '@prorl/rl-core';
import { toyDataset } from '../train/test-fixtures.js';
import { EXPERIMENT_PRESETS, datasetSizeChanges, experimentSizes, rlCurve, runRecExperiment } from './experiment.js';

describe('runRecExperiment (tiny sizes on the toy dataset)', () => {
  test('simulator → π_0 → RL per method and seed → one comparison with the baselines', async () => {
    const lines: string[] = [];
    // reinforce gets its own epoch budget (as reinforce_raw does in the default preset)
    const r = await runRecExperiment({ dataset: toyDataset(1), methods: ['prorl', 'reinforce'], seeds: [1, 2], baselines: true, sizes: { ...EXPERIMENT_PRESETS.tiny, rlEpochsByMethod: { reinforce: 2 } }, onProgress: (l) => lines.push(l) });
    expect(r.compare.dataset).toBe('toy');
    expect(r.compare.rows.map((x) => x.method)).toEqual(['prorl', 'reinforce', 'pretrained', 'random', 'sim-greedy']);
    for (const row of r.compare.rows) {
      expect(row.seeds).toBe(2);
      expect(row.path_len).toBeGreaterThanOrEqual(0);
      expect(row.path_len).toBeLessThanOrEqual(4);
      expect(row.invalid_rate).toBeLessThanOrEqual(1);
      expect(Object.keys(row.std).sort()).toEqual(['coherence', 'ctr', 'invalid_rate', 'ioi', 'ior', 'path_len']);
    }
    expect(r.compare.rows[2]!.std.ioi).toBe(0); // π_0 greedy does not depend on the seed
    expect(r.curves.map((c) => `${c.method}/${c.seed}`)).toEqual(['prorl/1', 'prorl/2', 'reinforce/1', 'reinforce/2']);
    expect(r.curves.map((c) => c.epochs.length)).toEqual([1, 1, 2, 2]);
    expect(r.seconds.total).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes('ETA'))).toBe(true);
    // the same methods and seeds, scored on the held-out (val) records as well
    const ds = toyDataset(1);
    expect(r.heldOut?.records).toBe(Math.min(ds.val.length, EXPERIMENT_PRESETS.tiny.evalRecords));
    expect(r.heldOut?.compare.rows.map((x) => [x.method, x.seeds])).toEqual(r.compare.rows.map((x) => [x.method, 2]));
    for (const row of r.heldOut!.compare.rows) for (const k of ['ctr', 'ioi', 'ior', 'path_len'] as const) expect(Number.isFinite(row[k])).toBe(true);
    expect(r.heldOut!.compare.rows.find((x) => x.method === 'pretrained')!.std.ioi).toBe(0); // π_0 greedy: seed-free
    await expect(runRecExperiment({ dataset: toyDataset(1), methods: ['prorl'], seeds: [], baselines: false, sizes: EXPERIMENT_PRESETS.tiny })).rejects.toThrow(InvalidParamError);
  }, 120_000);

  test('heldOutRecords: [] skips the held-out scoring; the evaluation rows do not depend on it', async () => {
    const sizes = { ...EXPERIMENT_PRESETS.tiny, rlStepsPerEpoch: 1 };
    const base = { dataset: toyDataset(2), methods: ['prorl'] as const, seeds: [1], baselines: false, sizes };
    const without = await runRecExperiment({ ...base, heldOutRecords: [] });
    const withHeld = await runRecExperiment(base);
    expect(without.heldOut).toBeUndefined();
    expect(withHeld.heldOut?.compare.rows.map((x) => x.method)).toEqual(['prorl']);
    expect(withHeld.compare.rows).toEqual(without.compare.rows);
  }, 120_000);

  test('experimentSizes: ML-1M pretrains longer and runs RL at the paper\'s ML-1M lr; other datasets get the preset unchanged', () => {
    expect(experimentSizes('default', 'ml-100k')).toEqual(EXPERIMENT_PRESETS.default);
    expect(experimentSizes('default', 'toy')).toEqual(EXPERIMENT_PRESETS.default);
    const m = experimentSizes('default', 'ml-1m');
    expect([m.pretrainEpochs, m.rlLr, m.rlEpochs * m.rlStepsPerEpoch]).toEqual([15, 1e-4, 60]);
    expect(m.rlEpochsByMethod).toEqual({ reinforce_raw: 6 });
    expect(experimentSizes('full', 'ml-1m').rlStepsPerEpoch).toBe(EXPERIMENT_PRESETS.full.rlStepsPerEpoch);
    expect(datasetSizeChanges('tiny', 'ml-1m')).toEqual({});
    // a copy: changing it does not change the library's table
    datasetSizeChanges('default', 'ml-1m').rlLr = 1;
    expect(experimentSizes('default', 'ml-1m').rlLr).toBe(1e-4);
  });

  test('rlCurve: per-epoch means of path length and advantage variance', () => {
    const log = (epoch: number, len: number, v: number, valid = 1) => ({ step: 0, epoch, metrics: { 'rec/path_len': len, 'rec/adv_var': v, 'rec/item_valid_rate': valid }, elapsed: 0, rate: 0, eta: 0 });
    const c = rlCurve('reinforce', 3, [log(1, 4, 1, 0.9), log(1, 2, 3, 0.7), log(2, 1, 0.5)]);
    expect(c.epochs).toEqual([{ epoch: 1, path_len: 3, adv_var: 2, reward_step_mean: 0, item_valid_rate: 0.8 }, { epoch: 2, path_len: 1, adv_var: 0.5, reward_step_mean: 0, item_valid_rate: 1 }]);
  });
});
