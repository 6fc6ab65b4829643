/**
 * The `perf-rl-core` suite for the report: the lead's `runPerfRlCore` (GRPO advantages + k3 KL +
 * clipped loss, forward and backward, in tokens/s). Until rl-core's losses land it throws
 * "lands with the rl-core losses", which is recorded as skipped with that reason.
 */
import type { Preset } from '../report/types.js';
import { runPerfRlCore, type PerfRlCoreOptions } from './perf-rl-core.js';
import { SuiteSkipped, type SuiteFn } from './suite.js';

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

/** 'k3 kl (value + grad)' -> 'k3_kl_value_grad': stable figure keys from stage labels. */
export function snake(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

export const perfRlCoreSuite: SuiteFn = async (preset, opts) => {
  const o = perfRlCorePreset(preset);
  opts.log(`perf-rl-core: ${o.tokens} tokens, ${o.reps} reps`);
  let r;
  try {
    r = runPerfRlCore(o);
  } catch (err) {
    const msg = (err as Error).message ?? String(err);
    if (/lands with/.test(msg)) throw new SuiteSkipped(`${msg} (perf rl-core is not implemented yet)`);
    throw err;
  }
  const stages = Object.entries(r.stages);
  return {
    status: 'ok',
    summary: `rl-core loss path: ${(r.total.tokensPerSec / 1e6).toFixed(2)} M tokens/s on ${r.tokens} tokens (B=${r.B}, T=${r.T})`,
    figures: [
      { name: 'total_tokens_per_s', value: r.total.tokensPerSec, unit: 'tokens/s', label: 'whole loss path' },
      { name: 'total_ms', value: r.total.medianMs, unit: 'ms', label: 'whole loss path, median' },
      ...stages.map(([k, s]) => ({ name: `${snake(k)}_tokens_per_s`, value: s.tokensPerSec, unit: 'tokens/s', label: k })),
    ],
    tables: [
      {
        title: `rl-core stages on ${r.tokens} tokens (median of ${r.total.reps})`,
        columns: [{ name: 'stage', unit: '' }, { name: 'median', unit: 'ms' }, { name: 'min', unit: 'ms' }, { name: 'max', unit: 'ms' }, { name: 'throughput', unit: 'M tokens/s' }],
        rows: [...stages, ['total', r.total] as const].map(([k, s]) => [k, s.medianMs, s.minMs, s.maxMs, s.tokensPerSec / 1e6]),
      },
    ],
    plots: [{ kind: 'bar', id: 'stages', title: 'rl-core throughput by stage', valueLabel: 'M tokens/s', bars: stages.map(([k, s]) => ({ label: k, value: s.tokensPerSec / 1e6 })) }],
    details: r,
  };
};
