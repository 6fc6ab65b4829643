import { countParams, resolveModelConfig } from '@prorl/policy';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../report/types.js';
import { renderPlot } from '../report/markdown.js';
import { checkWellFormed } from '../test-utils/xml.js';
import { LARGE_MODEL, matmulParams, perfPolicyPlan, RATIO_TOKENS, SMALL_MODEL, trainStepFlops } from './perf-policy-plan.js';
import { formatPerfPolicy, perfPolicyToSuiteResult, type PerfPolicyResult } from './perf-policy.js';

describe('perf policy plan', () => {
  it('every preset sweeps >= 4 token counts including the ratio point', () => {
    for (const p of PRESETS) {
      const plan = perfPolicyPlan(p);
      expect(plan.sweepTokens.length).toBeGreaterThanOrEqual(4);
      expect(plan.sweepTokens).toContain(plan.ratioTokens);
      expect(plan.pairs).toBeGreaterThanOrEqual(1);
    }
    // The documented comparison point (README) at default and full; smoke only checks the pipeline.
    expect(perfPolicyPlan('default').ratioTokens).toBe(RATIO_TOKENS);
    expect(perfPolicyPlan('full').ratioTokens).toBe(RATIO_TOKENS);
    expect(perfPolicyPlan('default').rollout).toEqual({ batch: 64, promptLen: 16, newTokens: 128 });
  });
  it('the models are ~1M and ~10M parameters', () => {
    expect(countParams(resolveModelConfig(SMALL_MODEL))).toBeGreaterThan(0.7e6);
    expect(countParams(resolveModelConfig(SMALL_MODEL))).toBeLessThan(1.3e6);
    expect(countParams(resolveModelConfig(LARGE_MODEL))).toBeGreaterThan(9e6);
    expect(countParams(resolveModelConfig(LARGE_MODEL))).toBeLessThan(12e6);
  });
  it('matmul params = all params minus embedding table and norm gains (untied head)', () => {
    const cfg = resolveModelConfig(SMALL_MODEL);
    expect(matmulParams(cfg)).toBe(countParams(cfg) - cfg.vocabSize * cfg.dModel - (2 * cfg.nLayers + 1) * cfg.dModel);
  });
  it('FLOPs per step match the ORT training probe (10.57 and 136.5 GFLOP, GELU, B32 T64)', () => {
    const a = resolveModelConfig({ vocabSize: 64, dModel: 128, nHeads: 4, nLayers: 4, mlp: 'gelu' });
    const b = resolveModelConfig({ vocabSize: 512, dModel: 384, nHeads: 6, nLayers: 6, mlp: 'gelu' });
    expect(trainStepFlops(a, 32, 64) / 1e9).toBeCloseTo(10.57, 2);
    expect(trainStepFlops(b, 32, 64) / 1e9).toBeCloseTo(136.5, 1);
  });
});

function fakeResult(withTorch: boolean): PerfPolicyResult {
  const sweep = [256, 512, 1024, 2048].map((tokens) => ({
    model: '1m' as const,
    params: 808064,
    B: tokens / 64,
    T: 64,
    tokens,
    flops: 1e9 * (tokens / 2048),
    ours: [tokens / 20],
    torch: withTorch ? [tokens / 16] : [],
    ratio: withTorch ? { median: 0.8, min: 0.8, max: 0.8, n: 1 } : null,
    outside: [0.5],
  }));
  return {
    suite: 'perf-policy',
    preset: 'smoke',
    plan: perfPolicyPlan('smoke'),
    status: withTorch ? 'ok' : 'skipped',
    ...(withTorch ? {} : { reason: 'PyTorch peer not available: PyTorch not found' }),
    ratios: {
      train_step_time_vs_torch_1m: withTorch ? 0.8 : null,
      train_step_time_vs_torch_10m: withTorch ? 1.1 : null,
      train_step_fraction_of_peak_10m: 0.4,
      torch_train_step_fraction_of_peak_10m: withTorch ? 0.45 : null,
      rollout_tokens_per_s_vs_torch: withTorch ? 1.7 : null,
    },
    peakGflops: 150,
    train: [...sweep, { model: '10m', params: 11e6, B: 32, T: 64, tokens: 2048, flops: 1.4e11, ours: [1000], torch: withTorch ? [900] : [], ratio: withTorch ? { median: 1.1, min: 1, max: 1.2, n: 3 } : null, outside: [null] }],
    rollout: { ours: [5000], torch: withTorch ? [3000] : [], ratio: withTorch ? { median: 1.7, min: 1.7, max: 1.7, n: 1 } : null, params: 808064, outside: [0.5] },
    outsideCoresMedian: 0.5,
    fits: { ours: { exponent: 1, scale: 0.05, r2: 1, n: 4 }, torch: withTorch ? { exponent: 1, scale: 0.0625, r2: 1, n: 4 } : null },
    sgemm: [{ at: 'start', numpy: withTorch ? { '1024': 150 } : null, torch: withTorch ? { '1024': 140 } : null, ort: [{ n: 1024, gflops: 120, medianMs: 17.9 }] }],
    torch: withTorch ? { version: '1.13.0a0', numpy: '1.24.2', blas: '/usr/lib/openblas-pthread/libblas.so.3', env: { OPENBLAS_NUM_THREADS: '2' } } : null,
    ourEngineError: null,
    torchError: null,
  };
}

describe('perf policy result', () => {
  it('the --json object carries the four required ratios', () => {
    const r = JSON.parse(JSON.stringify(fakeResult(true))) as PerfPolicyResult;
    for (const k of ['train_step_time_vs_torch_1m', 'train_step_time_vs_torch_10m', 'train_step_fraction_of_peak_10m', 'rollout_tokens_per_s_vs_torch']) {
      expect(typeof (r.ratios as unknown as Record<string, unknown>)[k]).toBe('number');
    }
  });
  it('becomes a suite result with units on every figure, tables and well-formed plots', () => {
    const s = perfPolicyToSuiteResult(fakeResult(true));
    expect(s.status).toBe('ok');
    for (const f of s.figures) expect(f.unit.length).toBeGreaterThan(0);
    expect(s.figures.find((f) => f.name === 'train_step_time_vs_torch_10m')!.value).toBe(1.1);
    expect(s.figures.find((f) => f.name === 'step_time_exponent_ours')!.value).toBe(1);
    expect(s.tables![0]!.rows).toHaveLength(5);
    expect(s.tables![0]!.rows[0]!.at(-1)).toBe(0.5);
    expect(s.figures.find((f) => f.name === 'outside_load_cores')!.note).toContain('shared');
    expect(s.backends!.find((b) => b.name === 'torch')!.version).toBe('1.13.0a0');
    const line = renderPlot(s.plots![0]!);
    checkWellFormed(line);
    expect(line).toContain('data-series="PyTorch"');
    expect(line).toContain('ours fit: time ∝ tokens^1.00');
    for (const t of ['256', '512', '1024', '2048']) expect(line).toContain(`>${t}</text>`);
    checkWellFormed(renderPlot(s.plots![1]!));
  });
  it('without torch: skipped with the reason, ratios n/a, our numbers kept', () => {
    const r = fakeResult(false);
    const s = perfPolicyToSuiteResult(r);
    expect(s.status).toBe('skipped');
    expect(s.reason).toContain('PyTorch peer not available');
    expect(s.figures.find((f) => f.name === 'train_step_time_vs_torch_1m')!.value).toBeNull();
    expect(s.figures.find((f) => f.name === 'train_step_ms_ours_10m')!.value).toBe(1000);
    expect(s.backends!.find((b) => b.name === 'torch')!.version).toBeNull();
    expect(formatPerfPolicy(r)).toMatch(/train_step_time_vs_torch_1m\s+n\/a/);
  });
});
