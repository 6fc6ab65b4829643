import { describe, expect, it } from 'vitest';
import { runPerfRlCore } from './perf-rl-core.js';

describe('runPerfRlCore shapes', () => {
  it('derives B from the token budget at T = 1024 by default, in whole groups of 16', () => {
    const r = runPerfRlCore({ tokens: 40_000, reps: 1, seed: 1 });
    expect(r.T).toBe(1024);
    expect(r.B % 16).toBe(0);
    expect(r.tokens).toBe(r.B * r.T);
    expect(r.total.tokensPerSec).toBeGreaterThan(0);
  });
  it('takes a fixed B (rows) and T (seqLen) for the sequence-length sweep', () => {
    const r = runPerfRlCore({ tokens: 1, reps: 1, seed: 1, rows: 32, seqLen: 64 });
    expect([r.B, r.T, r.tokens]).toEqual([32, 64, 2048]);
  });
  it('rejects rows that are not whole groups and non-positive lengths', () => {
    expect(() => runPerfRlCore({ tokens: 1, reps: 1, rows: 20 })).toThrow(/multiple of the group size 16/);
    expect(() => runPerfRlCore({ tokens: 1, reps: 1, seqLen: 0 })).toThrow(/seqLen must be a positive integer/);
  });
});
