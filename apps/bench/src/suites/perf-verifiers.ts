/**
 * The `perf-verifiers` suite: verifications per second over the whole reasoning task suite (oracle
 * answers, so every verifier runs its full check), and code-task evaluations per second through the
 * QuickJS sandbox worker pool (process start-up excluded by a warm-up).
 */
import type { Preset } from '../report/types.js';
import type { SuiteFn } from './suite.js';

export function perfVerifiersPreset(preset: Preset): { seconds: number; batch: number } {
  switch (preset) {
    case 'smoke':
      // Half a second per measurement: enough batches of 64 for a rate; the rest is sandbox start-up.
      return { seconds: 1, batch: 64 };
    case 'default':
      return { seconds: 8, batch: 256 };
    case 'full':
      return { seconds: 30, batch: 512 };
    default: {
      const never: never = preset;
      throw new RangeError(`unknown preset ${String(never)}`);
    }
  }
}

export const perfVerifiersSuite: SuiteFn = async (preset, opts) => {
  const o = perfVerifiersPreset(preset);
  opts.log(`perf-verifiers: ${o.seconds} s, batches of ${o.batch}`);
  const { measureVerifierThroughput } = await import('@prorl/reasoning');
  const r = await measureVerifierThroughput({ seconds: o.seconds, batch: o.batch });
  return {
    status: 'ok',
    summary: `verifiers: ${r.suiteVerificationsPerSec.toFixed(0)} verifications/s over the suite; ${r.codeEvaluationsPerSec.toFixed(1)} sandboxed code evaluations/s (${r.sandboxWorkers} workers)`,
    figures: [
      { name: 'suite_verifications_per_s', value: r.suiteVerificationsPerSec, unit: 'verifications/s', label: 'every family, oracle answers' },
      { name: 'code_evaluations_per_s', value: r.codeEvaluationsPerSec, unit: 'evaluations/s', label: `code_function in the QuickJS sandbox, ${r.sandboxWorkers} worker processes` },
    ],
    tables: [
      {
        title: 'Verifier throughput',
        columns: [{ name: 'what', unit: '' }, { name: 'count', unit: 'items' }, { name: 'rate', unit: '1/s' }],
        rows: [
          ['whole suite (all families)', r.suiteVerifications, r.suiteVerificationsPerSec],
          ['code tasks through the sandbox', r.codeEvaluations, r.codeEvaluationsPerSec],
        ],
      },
    ],
    details: r,
  };
};
