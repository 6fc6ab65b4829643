import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ComparisonRow, RlCurve } from '@prorl/rec';
import { PAPER_ML1M, checkClaims, reproRecPreset, reproRecSuite } from './repro-rec.js';
import { SuiteSkipped } from './suite.js';

const row = (method: string, ioi: number, ior: number, path_len: number): ComparisonRow => {
  const zero = { ctr: 0, coherence: 0, ioi: 0, ior: 0, path_len: 0, invalid_rate: 0 };
  return { method, ...zero, ioi, ior, path_len, seeds: 3, std: zero };
};
const curve = (method: RlCurve['method'], seed: number, lens: number[]): RlCurve => ({ method, seed, epochs: lens.map((path_len, i) => ({ epoch: i + 1, path_len, adv_var: 1, reward_step_mean: 0 })) });

describe('repro-rec suite', () => {
  it('presets: 3 seeds at default, 1 at smoke, RTG only at full', () => {
    expect(reproRecPreset('smoke').seeds).toEqual([1]);
    expect(reproRecPreset('default').seeds).toEqual([1, 2, 3]);
    expect(reproRecPreset('default').methods).toEqual(['prorl', 'reinforce', 'grpo']);
    expect(reproRecPreset('full').methods).toContain('rtg');
    expect(reproRecPreset('default').datasets).toEqual(['ml-1m', 'ml-100k']);
    expect(PAPER_ML1M.table1.prorl.ioi).toBe(2.8504);
  });

  it('checks the issue claims: ProRL beats REINFORCE / GRPO on IoI and IoR, length in [2, 8], REINFORCE shortcut', () => {
    const good = checkClaims('ml-1m', {
      compare: { dataset: 'ml-1m', rows: [row('prorl', 2, 500, 3.5), row('reinforce', 1, 300, 1.2), row('grpo', 1.5, 600, 10)] },
      curves: [curve('reinforce', 1, [5, 3, 1.5]), curve('reinforce', 2, [4, 2])],
    });
    expect(good.map((c) => [c.claim, c.holds])).toEqual([
      ['ProRL beats reinforce on IoI and IoR', true],
      ['ProRL beats grpo on IoI and IoR', false], // IoR 500 < 600
      ['ProRL mean path length in [2, 8]', true],
      ['REINFORCE shows the length shortcut (rollout path length falls over epochs)', true],
    ]);
    const bad = checkClaims('x', { compare: { dataset: 'x', rows: [row('prorl', 2, 500, 9)] }, curves: [curve('reinforce', 1, [2, 3])] });
    expect(bad.map((c) => c.holds)).toEqual([false, false]);
  });

  it('no data → SuiteSkipped naming what is missing', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'repro-rec-')), 'nothing');
    const opts = { repoRoot: '.', dir, log: () => {}, env: { PRORL_DATA_DIR: dir } };
    await expect(reproRecSuite('smoke', opts)).rejects.toThrow(SuiteSkipped);
    await expect(reproRecSuite('smoke', opts)).rejects.toThrow(/movielens-100k/);
  });
});
