import { describe, expect, it } from 'vitest';
import { measureVerifierThroughput } from './throughput.js';

describe('measureVerifierThroughput', () => {
  it('reports positive counts for a tiny run (no timing assertions)', async () => {
    const r = await measureVerifierThroughput({ seconds: 0.2, suite: 'code', batch: 8, workers: 1 });
    expect(r.suiteVerifications).toBeGreaterThanOrEqual(8);
    expect(r.codeEvaluations).toBeGreaterThanOrEqual(8);
    expect(r.sandboxWorkers).toBe(1);
    expect(Number.isFinite(r.codeEvaluationsPerSec)).toBe(true);
  });
});
