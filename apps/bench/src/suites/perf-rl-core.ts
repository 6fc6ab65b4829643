/**
 * `perf rl-core`: throughput of the ProRL loss path on one large batch — GRPO advantages, k3 KL to the
 * reference, and the clipped policy loss (forward and closed-form backward, i.e. gradLogProbs) — in
 * tokens per second. Inputs are seeded random, shaped like a rollout batch (groups of 16 responses).
 */
import { Rng } from '@prorl/rl-core';
import { timeIt, type TimingStats } from '../timing.js';

export interface PerfRlCoreOptions {
  /** Tokens per batch, B x T. Default 1M. */
  tokens: number;
  /** Timed repetitions. Default 7. */
  reps: number;
  seed?: number;
}

export interface PerfRlCoreResult {
  suite: 'perf-rl-core';
  tokens: number;
  B: number;
  T: number;
  groupSize: number;
  stages: Record<string, TimingStats & { tokensPerSec: number }>;
  total: TimingStats & { tokensPerSec: number };
}

export function runPerfRlCore(opts: PerfRlCoreOptions): PerfRlCoreResult {
  void opts;
  void Rng;
  void timeIt;
  throw new Error('perf rl-core lands with the rl-core losses');
}

export function formatPerfRlCore(r: PerfRlCoreResult): string {
  const lines = [`rl-core throughput on ${r.tokens} tokens (B=${r.B}, T=${r.T}, groups of ${r.groupSize})`];
  for (const [name, s] of Object.entries(r.stages)) {
    lines.push(`  ${name.padEnd(28)} ${s.medianMs.toFixed(1).padStart(8)} ms  ${(s.tokensPerSec / 1e6).toFixed(1).padStart(7)} M tokens/s`);
  }
  lines.push(`  ${'total'.padEnd(28)} ${r.total.medianMs.toFixed(1).padStart(8)} ms  ${(r.total.tokensPerSec / 1e6).toFixed(1).padStart(7)} M tokens/s`);
  return lines.join('\n');
}
