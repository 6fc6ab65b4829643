/**
 * The `perf-rl-core` suite for the report: `runPerfRlCore` (GRPO advantages + k3 KL + clipped loss,
 * forward and backward, in tokens/s), plus how the whole path's time grows with the batch size.
 */
import type { Preset } from '../report/types.js';
import { fitPowerLaw } from '../stats/power-law.js';
import { runPerfRlCore, type PerfRlCoreOptions } from './perf-rl-core.js';
import type { SuiteFn } from './suite.js';

export function perfRlCorePreset(preset: Preset): PerfRlCoreOptions {
  switch (preset) {
    case 'smoke':
      return { tokens: 100_000, reps: 3, seed: 1 };
    case 'default':
      return { tokens: 1_000_000, reps: 7, seed: 1 };
    case 'full':
      return { tokens: 1_000_000, reps: 15, seed: 1 };
    default: {
      const never: never = preset;
      throw new RangeError(`unknown preset ${String(never)}`);
    }
  }
}

/** Rows of the sequence-length sweep: about 1/16 of the main batch's tokens at T = 1024, in whole groups of 16. */
export function lengthSweepRows(tokens: number): number {
  return Math.max(16, Math.round(tokens / 16 / 1024 / 16) * 16);
}

/** 'k3 kl (value + grad)' -> 'k3_kl_value_grad': stable figure keys from stage labels. */
export function snake(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

export const perfRlCoreSuite: SuiteFn = async (preset, opts) => {
  const o = perfRlCorePreset(preset);
  opts.log(`perf-rl-core: ${o.tokens} tokens, ${o.reps} reps`);
  const r = runPerfRlCore(o);
  const stages = Object.entries(r.stages);
  // How the cost grows with batch size: the whole loss path at 1/16 .. 1x the batch (>= 4 points).
  const sweepTokens = [1 / 16, 1 / 8, 1 / 4, 1 / 2, 1].map((f) => Math.max(16 * 1024, Math.round(o.tokens * f)));
  const sweep = sweepTokens.map((tokens) => {
    const x = tokens === r.tokens ? r : runPerfRlCore({ ...o, tokens, reps: Math.max(3, Math.ceil(o.reps / 2)) });
    return { tokens: x.tokens, ms: x.total.medianMs };
  });
  const fit = fitPowerLaw(sweep.map((p) => p.tokens), sweep.map((p) => p.ms));
  // How it grows with the sequence length: T = 128 .. 2048 at a fixed number of rows (>= 4 points).
  const rows = lengthSweepRows(o.tokens);
  const lengths = [128, 256, 512, 1024, 2048];
  const byLength = lengths.map((T) => {
    const x = runPerfRlCore({ ...o, seqLen: T, rows, reps: Math.max(3, Math.ceil(o.reps / 2)) });
    return { T, tokens: x.tokens, ms: x.total.medianMs };
  });
  const fitT = fitPowerLaw(byLength.map((p) => p.T), byLength.map((p) => p.ms));
  return {
    status: 'ok',
    summary: `rl-core loss path: ${(r.total.tokensPerSec / 1e6).toFixed(2)} M tokens/s on ${r.tokens} tokens (B=${r.B}, T=${r.T})`,
    figures: [
      { name: 'total_tokens_per_s', value: r.total.tokensPerSec, unit: 'tokens/s', label: 'whole loss path' },
      { name: 'total_ms', value: r.total.medianMs, unit: 'ms', label: 'whole loss path, median' },
      ...stages.map(([k, s]) => ({ name: `${snake(k)}_tokens_per_s`, value: s.tokensPerSec, unit: 'tokens/s', label: k })),
      { name: 'time_vs_tokens_exponent', value: fit.exponent, unit: 'exponent', label: `time ∝ tokens^k over ${sweep.length} batch sizes (r² ${fit.r2.toFixed(3)})` },
      { name: 'time_vs_length_exponent', value: fitT.exponent, unit: 'exponent', label: `time ∝ T^k over ${byLength.length} sequence lengths at B = ${rows} (r² ${fitT.r2.toFixed(3)})` },
    ],
    tables: [
      {
        title: `rl-core stages on ${r.tokens} tokens (median of ${r.total.reps})`,
        columns: [{ name: 'stage', unit: '' }, { name: 'median', unit: 'ms' }, { name: 'min', unit: 'ms' }, { name: 'max', unit: 'ms' }, { name: 'throughput', unit: 'M tokens/s' }],
        rows: [...stages, ['total', r.total] as const].map(([k, s]) => [k, s.medianMs, s.minMs, s.maxMs, s.tokensPerSec / 1e6]),
      },
      {
        title: 'Whole loss path: time vs batch size (T = 1024) and vs sequence length (B fixed)',
        columns: [{ name: 'axis', unit: '' }, { name: 'B', unit: 'rows' }, { name: 'T', unit: 'tokens per row' }, { name: 'tokens', unit: 'count' }, { name: 'median', unit: 'ms' }, { name: 'throughput', unit: 'M tokens/s' }, { name: 'fitted exponent k', unit: 'time ∝ size^k' }],
        rows: [
          ...sweep.map((p) => ['batch size', p.tokens / r.T, r.T, p.tokens, p.ms, p.tokens / p.ms / 1e3, Number(fit.exponent.toFixed(3))]),
          ...byLength.map((p) => ['sequence length', rows, p.T, p.tokens, p.ms, p.tokens / p.ms / 1e3, Number(fitT.exponent.toFixed(3))]),
        ],
        note: 'k = least-squares slope of log time vs log size (tokens per batch on the batch axis, T on the length axis).',
      },
    ],
    plots: [
      {
        kind: 'line',
        id: 'scaling',
        title: `rl-core loss path: time vs batch tokens (exponent ${fit.exponent.toFixed(2)})`,
        xLabel: 'tokens per batch',
        yLabel: 'ms (median)',
        logX: true,
        logY: true,
        xTicks: sweep.map((p) => p.tokens),
        series: [
          { name: 'measured', points: sweep.map((p) => [p.tokens, p.ms] as const) },
          { name: `fit ∝ tokens^${fit.exponent.toFixed(2)}`, points: sweep.map((p) => [p.tokens, fit.scale * p.tokens ** fit.exponent] as const), dashed: true, colourIndex: 0 },
        ],
      },
      {
        kind: 'line',
        id: 'scaling-length',
        title: `rl-core loss path: time vs sequence length at B = ${rows} (exponent ${fitT.exponent.toFixed(2)})`,
        xLabel: 'sequence length T (tokens per row)',
        yLabel: 'ms (median)',
        logX: true,
        logY: true,
        xTicks: byLength.map((p) => p.T),
        series: [
          { name: 'measured', points: byLength.map((p) => [p.T, p.ms] as const) },
          { name: `fit ∝ T^${fitT.exponent.toFixed(2)}`, points: byLength.map((p) => [p.T, fitT.scale * p.T ** fitT.exponent] as const), dashed: true, colourIndex: 0 },
        ],
      },
      { kind: 'bar', id: 'stages', title: 'rl-core throughput by stage', valueLabel: 'M tokens/s', bars: stages.map(([k, s]) => ({ label: k, value: s.tokensPerSec / 1e6 })) },
    ],
    details: { ...r, scaling: { points: sweep, fit }, lengthScaling: { rows, points: byLength, fit: fitT } },
  };
};
