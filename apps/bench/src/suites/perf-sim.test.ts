import { describe, expect, it } from 'vitest';
import { PRESETS } from '../report/types.js';
import { formatPerfSim, perfSimPlan, perfSimToSuiteResult, runPerfSim, SIM_KINDS, type PerfSimPlan } from './perf-sim.js';

describe('perf-sim plan', () => {
  it('every preset covers both catalogues and both simulators, at the paper\'s history length 50', () => {
    for (const p of PRESETS) {
      const plan = perfSimPlan(p);
      expect(plan.catalogues).toEqual(['ml-100k', 'ml-1m']);
      expect(plan.sims).toEqual([...SIM_KINDS]);
      expect(plan.historyLen).toBe(50);
      expect(plan.pathLen).toBeLessThan(plan.historyLen);
    }
    expect(perfSimPlan('smoke').scoreBatch).toBeLessThan(perfSimPlan('default').scoreBatch);
  });
});

describe('perf-sim on a tiny workload (real simulators)', () => {
  const plan: PerfSimPlan = { catalogues: ['ml-100k'], sims: ['sasrec', 'gru4rec'], scoreBatch: 8, historyLen: 12, paths: 3, pathLen: 4, reps: 1, seed: 7 };
  it('measures sequences/s and step rewards/s per simulator and turns them into figures, tables and plots', async () => {
    const r = await runPerfSim(plan);
    expect(r.rows.map((x) => [x.sim, x.numItems])).toEqual([['sasrec', 1682], ['gru4rec', 1682]]);
    for (const row of r.rows) {
      expect(row.params).toBeGreaterThan(1682 * 64); // at least the item table
      expect(row.scoring.sequences).toBe(8);
      expect(row.scoring.sequencesPerSec).toBeCloseTo(8 / (row.scoring.medianMs / 1000), 6);
      expect(row.stepRewards.steps).toBe(12);
      expect(row.stepRewards.sequences).toBe(15);
      expect(row.stepRewards.stepRewardsPerSec).toBeGreaterThan(0);
    }
    const s = perfSimToSuiteResult(r);
    expect(s.status).toBe('ok');
    expect(s.figures.map((f) => f.name)).toEqual(['sasrec_ml100k_sequences_per_s', 'sasrec_ml100k_step_rewards_per_s', 'gru4rec_ml100k_sequences_per_s', 'gru4rec_ml100k_step_rewards_per_s', 'outside_load_cores']);
    expect(s.figures.every((f) => f.unit.length > 0)).toBe(true);
    expect(s.figures.filter((f) => f.unit !== 'cores').every((f) => (f.value ?? 0) > 0)).toBe(true);
    // Others' CPU is measured (Linux /proc) or null elsewhere, never left out.
    for (const row of r.rows) expect(row.outsideCores === null || row.outsideCores >= 0).toBe(true);
    expect(s.tables!.map((t) => t.rows.length)).toEqual([2, 2]);
    for (const t of s.tables!) for (const row of t.rows) expect(row).toHaveLength(t.columns.length);
    expect(s.plots!.map((p) => p.id)).toEqual(['sequences-per-s', 'step-rewards-per-s']);
    expect(s.summary).toContain('SASRec');
    const text = formatPerfSim(r).split('\n');
    expect(text[1]).toMatch(/^  SASRec, 1682 items +\d+ sequences\/s +\d+ step rewards\/s$/);
    expect(text[2]).toMatch(/^  GRU4Rec, 1682 items/);
  });
  it('rejects paths as long as the history', async () => {
    await expect(runPerfSim({ ...plan, pathLen: 12 })).rejects.toThrow(/pathLen 12 must be below historyLen 12/);
  });
});
