import { describe, expect, it, vi } from 'vitest';
let behaviour: 'crash' | 'ok' = 'ok';
vi.mock('./perf-rl-core.js', () => ({
  runPerfRlCore: (o: { tokens: number; reps: number; seqLen?: number; rows?: number }) => {
    if (behaviour === 'crash') throw new TypeError('boom');
    const T = o.seqLen ?? 1024;
    const tokens = o.rows !== undefined ? o.rows * T : o.tokens;
    // Time linear in tokens (10 ms per 1M), so both fitted exponents are 1.
    const ms = (10 * tokens) / 1e6;
    const s = { medianMs: ms, minMs: ms, maxMs: ms, reps: o.reps, tokensPerSec: tokens / (ms / 1000) };
    return { suite: 'perf-rl-core', tokens, B: tokens / T, T, groupSize: 16, stages: { 'GRPO advantages': s }, total: s };
  },
}));

const { perfRlCoreSuite } = await import('./perf-rl-core-suite.js');
const opts = { repoRoot: '/', dir: '/unused', log: () => {}, env: {} };

describe('perf-rl-core suite wrapper', () => {
  it('lets other errors through (the runner records them as failed)', async () => {
    behaviour = 'crash';
    await expect(perfRlCoreSuite('smoke', opts)).rejects.toThrow(TypeError);
  });
  it('turns the timings into figures with units, a table and a plot', async () => {
    behaviour = 'ok';
    const r = await perfRlCoreSuite('smoke', opts);
    expect(r.status).toBe('ok');
    expect(r.figures.map((f) => f.name)).toContain('grpo_advantages_tokens_per_s');
    expect(r.figures.every((f) => f.unit.length > 0)).toBe(true);
    expect(r.tables![0]!.rows).toHaveLength(2);
    expect(r.plots!.map((p) => p.id)).toEqual(['scaling', 'scaling-length', 'stages']);
    const k = r.figures.find((f) => f.name === 'time_vs_tokens_exponent');
    expect(k?.unit).toBe('exponent');
    expect(k?.value).toBeCloseTo(1, 6);
    const kT = r.figures.find((f) => f.name === 'time_vs_length_exponent');
    expect(kT?.unit).toBe('exponent');
    expect(kT?.value).toBeCloseTo(1, 6);
    // Scaling table: 5 batch sizes and 5 sequence lengths, the length rows at one fixed B.
    const t = r.tables![1]!;
    expect(t.rows.filter((row) => row[0] === 'batch size')).toHaveLength(5);
    const byLength = t.rows.filter((row) => row[0] === 'sequence length');
    expect(byLength.map((row) => row[2])).toEqual([128, 256, 512, 1024, 2048]);
    expect(new Set(byLength.map((row) => row[1])).size).toBe(1);
  });
});

describe('lengthSweepRows', () => {
  it('keeps whole groups of 16 and about 1/16 of the main batch at T = 1024', async () => {
    const { lengthSweepRows } = await import('./perf-rl-core-suite.js');
    expect(lengthSweepRows(100_000)).toBe(16);
    expect(lengthSweepRows(1_000_000)).toBe(64);
    expect(lengthSweepRows(1_000_000) % 16).toBe(0);
  });
});
