import { describe, expect, it, vi } from 'vitest';
let behaviour: 'crash' | 'ok' = 'ok';
vi.mock('./perf-rl-core.js', () => ({
  runPerfRlCore: (o: { tokens: number; reps: number }) => {
    if (behaviour === 'crash') throw new TypeError('boom');
    // Time linear in tokens (10 ms per 1M), so the fitted exponent is 1.
    const ms = (10 * o.tokens) / 1e6;
    const s = { medianMs: ms, minMs: ms, maxMs: ms, reps: o.reps, tokensPerSec: o.tokens / (ms / 1000) };
    return { suite: 'perf-rl-core', tokens: o.tokens, B: 16, T: 1024, groupSize: 16, stages: { 'GRPO advantages': s }, total: s };
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
    expect(r.plots!.map((p) => p.id)).toEqual(['scaling', 'stages']);
    const k = r.figures.find((f) => f.name === 'time_vs_tokens_exponent');
    expect(k?.unit).toBe('exponent');
    expect(k?.value).toBeCloseTo(1, 6);
  });
});
