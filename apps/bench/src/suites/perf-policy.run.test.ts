/**
 * The whole `perf policy` loop on tiny models and a tiny rollout: adjacent pairs, sgemm window, ratios,
 * fits and the record. With torch present both sides run; without it the suite is skipped with the
 * reason and our side is still measured. No timing assertions: only structure.
 */
import { describe, expect, it } from 'vitest';
import { probeTorch } from '../peers/torch.js';
import { perfPolicyPlan, type PerfPolicyPlan } from './perf-policy-plan.js';
import { perfPolicyToSuiteResult, runPerfPolicy } from './perf-policy.js';

const tiny = { vocabSize: 11, dModel: 8, nHeads: 2, nLayers: 1, maxSeqLen: 32 };
const plan: PerfPolicyPlan = {
  ...perfPolicyPlan('smoke'),
  pairs: 2,
  steps: 1,
  seqLen: 8,
  sweepTokens: [8, 16, 32, 64],
  ratioTokens: 32,
  small: tiny,
  large: { ...tiny, dModel: 16 },
  rollout: { batch: 2, promptLen: 3, newTokens: 4 },
  sgemmSizes: [32],
  sgemmReps: 1,
};
const hasTorch = probeTorch().available;

describe('runPerfPolicy (tiny plan)', () => {
  it('measures every point as adjacent pairs and reports the ratios', async () => {
    const lines: string[] = [];
    const r = await runPerfPolicy('smoke', { log: (l) => lines.push(l), env: process.env }, plan);
    expect(r.ourEngineError).toBeNull();
    expect(r.train.map((t) => [t.model, t.tokens])).toEqual([['1m', 8], ['1m', 16], ['1m', 32], ['1m', 64], ['10m', 32]]);
    for (const t of r.train) expect(t.ours).toHaveLength(2);
    for (const t of r.train) expect(t.outside).toHaveLength(2);
    if (process.platform === 'linux') expect(r.outsideCoresMedian).toBeGreaterThanOrEqual(0);
    expect(r.rollout.ours).toHaveLength(2);
    expect(r.sgemm.map((w) => w.at)).toEqual(['start', 'end']);
    expect(r.sgemm[0]!.ort[0]!.n).toBe(32);
    expect(r.peakGflops).toBeGreaterThan(0);
    expect(r.fits.ours!.n).toBe(4);
    expect(r.ratios.train_step_fraction_of_peak_10m).toBeGreaterThan(0);
    if (hasTorch) {
      expect(r.status).toBe('ok');
      for (const t of r.train) expect(t.torch).toHaveLength(2);
      expect(r.ratios.train_step_time_vs_torch_1m).toBeGreaterThan(0);
      expect(r.ratios.train_step_time_vs_torch_10m).toBeGreaterThan(0);
      expect(r.ratios.rollout_tokens_per_s_vs_torch).toBeGreaterThan(0);
      expect(r.sgemm[0]!.torch!['32']).toBeGreaterThan(0);
    } else {
      expect(r.status).toBe('skipped');
      expect(r.reason).toContain('PyTorch peer not available');
      expect(r.ratios.train_step_time_vs_torch_1m).toBeNull();
    }
    const s = perfPolicyToSuiteResult(r);
    expect(s.figures.find((f) => f.name === 'train_step_time_vs_torch_1m')!.label).toContain('32 tokens');
    expect(lines.some((l) => l.includes('train 10m'))).toBe(true);
  });

  it('without the peer: skipped with the reason, our side still measured', async () => {
    const r = await runPerfPolicy('smoke', { log: () => {}, env: { ...process.env, PRORL_TORCH_PYTHON: 'none' } }, { ...plan, pairs: 1, sweepTokens: [8, 16, 32, 64] });
    expect(r.status).toBe('skipped');
    expect(r.reason).toBe('PyTorch peer not available: PyTorch peer disabled (PRORL_TORCH_PYTHON=none)');
    expect(r.ratios.train_step_time_vs_torch_1m).toBeNull();
    expect(r.ratios.rollout_tokens_per_s_vs_torch).toBeNull();
    expect(r.train.every((t) => t.ours.length === 1 && t.torch.length === 0)).toBe(true);
    expect(r.sgemm[0]!.numpy).toBeNull();
    expect(r.peakGflops).toBeGreaterThan(0); // onnxruntime's MatMul: the sgemm fallback without numpy
    expect(r.torch).toBeNull();
  });
});
