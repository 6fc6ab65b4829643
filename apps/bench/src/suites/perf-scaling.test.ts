import { resolveModelConfig } from '@prorl/policy';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../report/types.js';
import { formatPerfScaling, perfScalingPlan, perfScalingToSuiteResult, runPerfScaling, type PerfScalingPlan } from './perf-scaling.js';

describe('perf-scaling plan', () => {
  for (const preset of PRESETS) {
    it(`${preset}: at least 4 distinct sizes per axis, within the models' limits`, () => {
      const p = perfScalingPlan(preset);
      const cfg = resolveModelConfig(p.model);
      for (const xs of [p.train.batchSizes, p.train.lengths, p.rollout.batchSizes, p.rollout.newTokens, p.sim.batchSizes, p.sim.lengths]) {
        expect(new Set(xs).size).toBe(xs.length);
        expect(xs.length).toBeGreaterThanOrEqual(4);
      }
      expect(Math.max(...p.train.lengths, p.train.atLength)).toBeLessThanOrEqual(cfg.maxSeqLen);
      expect(p.rollout.promptLen + Math.max(...p.rollout.newTokens, p.rollout.atNewTokens)).toBeLessThanOrEqual(cfg.maxSeqLen);
      expect(Math.max(...p.sim.lengths, p.sim.atLength)).toBeLessThanOrEqual(50);
    });
  }
});

describe('perf-scaling on a tiny plan (real engine and simulator)', () => {
  const plan: PerfScalingPlan = {
    seed: 3,
    model: { vocabSize: 16, dModel: 16, nHeads: 2, nLayers: 1, maxSeqLen: 64, mlp: 'swiglu', tieEmbeddings: false },
    modelLabel: 'micro',
    train: { batchSizes: [1, 2, 4, 8], atLength: 8, lengths: [4, 8, 16, 32], atBatch: 2, reps: 1 },
    rollout: { batchSizes: [1, 2, 4, 8], atNewTokens: 4, newTokens: [2, 4, 8, 16], atBatch: 2, promptLen: 4, reps: 1 },
    sim: { catalogue: 'ml-100k', kinds: ['gru4rec'], batchSizes: [8, 32, 128, 256], atLength: 10, lengths: [10, 20, 30, 40], atBatch: 8, reps: 1 },
  };
  it('sweeps every cost on both axes and reports exponents, one table per cost and one plot per axis', async () => {
    const lines: string[] = [];
    const r = await runPerfScaling(plan, (l) => lines.push(l));
    expect(r.sweeps.map((s) => `${s.cost}/${s.axis}`)).toEqual([
      'policy_train_step/batch',
      'policy_train_step/length',
      'policy_rollout/batch',
      'policy_rollout/length',
      'gru4rec_score/batch',
      'gru4rec_score/length',
    ]);
    for (const s of r.sweeps) {
      expect(s.points).toHaveLength(4);
      expect(s.points.every((p) => p.medianMs > 0 && p.items > 0)).toBe(true);
    }
    expect(r.sweeps[1]!.points.map((p) => p.items)).toEqual([8, 16, 32, 64]); // B = 2 rows × T tokens
    expect(r.policyParams).toBeGreaterThan(0);
    for (const sw of r.sweeps) expect(sw.outsideCores === null || sw.outsideCores! >= 0).toBe(true);
    expect(r.outsideCores === null || r.outsideCores >= 0).toBe(true);
    expect(lines).toHaveLength(24);
    expect(lines.at(-1)).toMatch(/^perf-scaling: \[24\/24, /);

    const s = perfScalingToSuiteResult(r);
    expect(s.status).toBe('ok');
    const exps = s.figures.filter((f) => f.name.endsWith('_exponent'));
    expect(exps).toHaveLength(6);
    expect(exps.every((f) => f.value !== null && Number.isFinite(f.value) && f.unit.includes('exponent'))).toBe(true);
    expect(s.figures.every((f) => f.unit.length > 0)).toBe(true);
    expect(s.tables!.map((t) => t.rows.length)).toEqual([8, 8, 8]);
    for (const t of s.tables!) for (const row of t.rows) expect(row).toHaveLength(t.columns.length);
    expect(s.figures.find((f) => f.name === 'outside_load_cores')?.unit).toBe('cores');
    expect(s.plots!.map((p) => p.id)).toEqual(['batch', 'length']);
    const text = formatPerfScaling(r).split('\n');
    expect(text[1]).toMatch(/^  policy train step vs batch size +k = -?\d+\.\d\d  \(T = 8; B:ms 1:/);
    expect(text.filter((l) => / k = /.test(l))).toHaveLength(6);
  });
});
