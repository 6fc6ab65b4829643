import { describe, expect, it, vi } from 'vitest';
import { SuiteSkipped } from './suite.js';

let behaviour: 'not-yet' | 'crash' | 'ok' = 'not-yet';
vi.mock('./perf-rl-core.js', () => ({
  runPerfRlCore: (o: { tokens: number; reps: number }) => {
    if (behaviour === 'not-yet') throw new Error('perf rl-core lands with the rl-core losses');
    if (behaviour === 'crash') throw new TypeError('boom');
    const s = { medianMs: 10, minMs: 9, maxMs: 12, reps: o.reps, tokensPerSec: o.tokens / 0.01 };
    return { suite: 'perf-rl-core', tokens: o.tokens, B: 16, T: 1024, groupSize: 16, stages: { 'GRPO advantages': s }, total: s };
  },
}));

const { perfRlCoreSuite } = await import('./perf-rl-core-suite.js');
const opts = { repoRoot: '/', dir: '/unused', log: () => {}, env: {} };

describe('perf-rl-core suite wrapper', () => {
  it("reports the lead's 'lands with' placeholder as skipped with that reason", async () => {
    behaviour = 'not-yet';
    const err = await perfRlCoreSuite('smoke', opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SuiteSkipped);
    expect((err as SuiteSkipped).reason).toContain('lands with the rl-core losses');
  });
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
    expect(r.plots).toHaveLength(1);
  });
});
