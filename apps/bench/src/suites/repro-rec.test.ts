import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { experimentSizes, type ComparisonRow, type RlCurve } from '@prorl/rec';
import { PAPER_ML1M, checkClaims, datasetSizes, epochLengths, heldOutReport, reproRecPreset, reproRecSuite } from './repro-rec.js';
import { SuiteSkipped } from './suite.js';

const row = (method: string, ioi: number, ior: number, path_len: number): ComparisonRow => {
  const zero = { ctr: 0, coherence: 0, ioi: 0, ior: 0, path_len: 0, invalid_rate: 0 };
  return { method, ...zero, ioi, ior, path_len, seeds: 3, std: zero };
};
const curve = (method: RlCurve['method'], seed: number, lens: number[]): RlCurve => ({ method, seed, epochs: lens.map((path_len, i) => ({ epoch: i + 1, path_len, adv_var: 1, reward_step_mean: 0, item_valid_rate: 1 })) });

describe('repro-rec suite', () => {
  it('presets: 3 seeds at default, 1 at smoke, RTG only at full', () => {
    expect(reproRecPreset('smoke').seeds).toEqual([1]);
    expect(reproRecPreset('default').seeds).toEqual([1, 2, 3]);
    expect(reproRecPreset('default').methods).toEqual(['prorl', 'reinforce', 'grpo', 'reinforce_raw']);
    expect(reproRecPreset('full').methods).toContain('rtg');
    expect(reproRecPreset('default').datasets).toEqual(['ml-1m', 'ml-100k']);
    expect(datasetSizes(reproRecPreset('default'), 'ml-1m')).toEqual(experimentSizes('default', 'ml-1m'));
    expect(datasetSizes(reproRecPreset('full'), 'ml-100k')).toEqual(experimentSizes('full', 'ml-100k'));
    expect(PAPER_ML1M.table1.prorl.ioi).toBe(2.8504);
  });

  it('checks the issue claims: ProRL beats REINFORCE / GRPO on IoI and IoR, rollout length in [2, 8] every epoch, REINFORCE grows to the limit', () => {
    const good = checkClaims('ml-1m', {
      compare: { dataset: 'ml-1m', rows: [row('prorl', 2, 500, 1.2), row('reinforce', 1, 300, 10), row('grpo', 1.5, 600, 1)] },
      curves: [curve('prorl', 1, [2.5, 3, 4]), curve('prorl', 2, [2.1, 3.4, 4.2]), curve('reinforce', 1, [6, 9, 10]), curve('reinforce', 2, [5, 8, 9.6])],
    });
    expect(good.map((c) => [c.claim, c.holds])).toEqual([
      ['ProRL beats reinforce on IoI and IoR', true],
      ['ProRL beats grpo on IoI and IoR', false], // IoR 500 < 600
      ["ProRL rollout path length stays in [2, 8] (every RL epoch after the first, which is π_0's; that one ≥ 1.2)", true],
      ['REINFORCE shows the length shortcut (reinforce: rollout paths grow to ≥ 8 of 10 items)', true],
    ]);
    expect(epochLengths([curve('prorl', 1, [2, 4]), curve('prorl', 2, [4, 6])], 'prorl')).toEqual([3, 5]);
    // a collapse to one item in any epoch fails the length claim; REINFORCE that shrinks shows no shortcut
    const bad = checkClaims('x', { compare: { dataset: 'x', rows: [row('prorl', 2, 500, 9)] }, curves: [curve('prorl', 1, [2.5, 1.1, 1]), curve('reinforce', 1, [5, 3, 1.5])] });
    expect(bad.map((c) => c.holds)).toEqual([false, false]);
    // the first epoch is π_0's: 1.6 there (the paper's own ProRL row) passes, a collapse below 1.2 does not
    const lengthHolds = (lens: number[]) => checkClaims('x', { compare: { dataset: 'x', rows: [] }, curves: [curve('prorl', 1, lens)] })[0]!.holds;
    expect(lengthHolds([1.6, 3.1, 3.8])).toBe(true);
    expect(lengthHolds([1.1, 3.1, 3.8])).toBe(false);
    expect(lengthHolds([2.5, 3.1, 9.2])).toBe(false);
  });

  it('held-out report: one IoI / IoR / length figure per method and a table of every method, named by dataset', () => {
    const h = heldOutReport('ml-1m', { records: 677, compare: { dataset: 'ml-1m', rows: [row('prorl', -0.77, -204, 4.5), row('sim-greedy', 0.1, 3, 2)] } });
    expect(h.figures.map((f) => [f.name, f.value, f.unit])).toEqual([
      ['ml1m_heldout_prorl_ioi', -0.77, 'score'],
      ['ml1m_heldout_prorl_ior', -204, 'rank'],
      ['ml1m_heldout_prorl_path_len', 4.5, 'items'],
      ['ml1m_heldout_sim_greedy_ioi', 0.1, 'score'],
      ['ml1m_heldout_sim_greedy_ior', 3, 'rank'],
      ['ml1m_heldout_sim_greedy_path_len', 2, 'items'],
    ]);
    expect(h.table.title).toContain('677 held-out val records');
    expect(h.table.rows.map((r) => [r[0], r[3]])).toEqual([['prorl', '-0.7700 ± 0.0000'], ['sim-greedy', '0.1000 ± 0.0000']]);
    expect(h.table.rows[0]!.length).toBe(h.table.columns.length);
  });

  it('no data → SuiteSkipped naming what is missing', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'repro-rec-')), 'nothing');
    const opts = { repoRoot: '.', dir, log: () => {}, env: { PRORL_DATA_DIR: dir } };
    await expect(reproRecSuite('smoke', opts)).rejects.toThrow(SuiteSkipped);
    await expect(reproRecSuite('smoke', opts)).rejects.toThrow(/movielens-100k/);
  });
});
