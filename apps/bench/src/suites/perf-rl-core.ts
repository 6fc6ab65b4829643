/**
 * `perf rl-core`: throughput of the ProRL loss path on one large batch — GRPO advantages, k3 KL to the
 * reference, and the clipped policy loss (forward and closed-form backward, i.e. gradLogProbs) — in
 * tokens per second. `total` is the whole ProRL actor-loss path: advantages, then policy loss + k3 KL
 * with their summed gradient (what one training step costs in rl-core). Inputs are seeded random, shaped like a rollout batch (groups of 16 responses).
 */
import { Rng, actorLoss, clippedPolicyLoss, grpoAdvantage, klPenalty, resolveActorLossConfig } from '@prorl/rl-core';
import { timeIt, type TimingStats } from '../timing.js';

export interface PerfRlCoreOptions {
  /** Tokens per batch, B x T. Default 1M. */
  tokens: number;
  /** Timed repetitions. Default 7. */
  reps: number;
  seed?: number;
  /** T, tokens per row (response length). Default 1024. */
  seqLen?: number;
  /** B, rows (a multiple of the group size 16); when given, `tokens` is ignored and B·T tokens run. */
  rows?: number;
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
  const T = opts.seqLen ?? 1024;
  const groupSize = 16;
  if (!Number.isInteger(T) || T < 1) throw new RangeError(`seqLen must be a positive integer, got ${T}`);
  if (opts.rows !== undefined && (!Number.isInteger(opts.rows) || opts.rows < groupSize || opts.rows % groupSize !== 0)) {
    throw new RangeError(`rows must be a positive multiple of the group size ${groupSize}, got ${opts.rows}`);
  }
  const B = opts.rows ?? Math.max(groupSize, Math.round(opts.tokens / T / groupSize) * groupSize);
  const N = B * T;
  const rng = new Rng(opts.seed ?? 0);
  // A rollout-shaped batch: right-padded responses, one outcome reward at the last valid token.
  const mask = new Float32Array(N);
  const rewards = new Float32Array(N);
  const index = new Int32Array(B);
  const logProb = new Float32Array(N);
  const oldLogProb = new Float32Array(N);
  const refLogProb = new Float32Array(N);
  for (let b = 0; b < B; b++) {
    index[b] = Math.floor(b / groupSize);
    const len = 1 + rng.int(T);
    for (let t = 0; t < len; t++) mask[b * T + t] = 1;
    rewards[b * T + len - 1] = rng.next() < 0.5 ? 1 : 0;
  }
  for (let i = 0; i < N; i++) {
    oldLogProb[i] = -Math.abs(rng.normal());
    logProb[i] = oldLogProb[i]! + 0.1 * rng.normal();
    refLogProb[i] = oldLogProb[i]! + 0.1 * rng.normal();
  }
  const config = resolveActorLossConfig({});
  let advantages: Float64Array = new Float64Array(0);
  const stage = (fn: () => void) => {
    const s = timeIt(fn, opts.reps, 1);
    return { ...s, tokensPerSec: N / (s.medianMs / 1000) };
  };
  const grpo = stage(() => {
    advantages = grpoAdvantage({ B, T, tokenLevelRewards: rewards, responseMask: mask, index }).advantages;
  });
  const kl = stage(() => {
    klPenalty(logProb, refLogProb, 'k3');
  });
  const loss = stage(() => {
    clippedPolicyLoss(
      { dims: { B, T }, oldLogProb, logProb, advantages, mask },
      { clipLow: config.clipLow, clipHigh: config.clipHigh, clipC: config.clipC, aggMode: config.aggMode },
    );
  });
  const total = stage(() => {
    const adv = grpoAdvantage({ B, T, tokenLevelRewards: rewards, responseMask: mask, index }).advantages;
    actorLoss({ dims: { B, T }, oldLogProb, logProb, refLogProb, advantages: adv, mask }, config);
  });
  return {
    suite: 'perf-rl-core',
    tokens: N,
    B,
    T,
    groupSize,
    stages: {
      'grpo advantages': grpo,
      'k3 kl (value + grad)': kl,
      'clipped loss (fwd + grad)': loss,
    },
    total,
  };
}

export function formatPerfRlCore(r: PerfRlCoreResult): string {
  const lines = [`rl-core throughput on ${r.tokens} tokens (B=${r.B}, T=${r.T}, groups of ${r.groupSize})`];
  for (const [name, s] of Object.entries(r.stages)) {
    lines.push(`  ${name.padEnd(28)} ${s.medianMs.toFixed(1).padStart(8)} ms  ${(s.tokensPerSec / 1e6).toFixed(1).padStart(7)} M tokens/s`);
  }
  lines.push(`  ${'total'.padEnd(28)} ${r.total.medianMs.toFixed(1).padStart(8)} ms  ${(r.total.tokensPerSec / 1e6).toFixed(1).padStart(7)} M tokens/s`);
  return lines.join('\n');
}
