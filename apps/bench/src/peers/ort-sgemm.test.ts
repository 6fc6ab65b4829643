import { describe, expect, it } from 'vitest';
import { ortSgemm } from './ort-sgemm.js';

describe('ortSgemm', () => {
  it('runs a MatMul graph through the policy package and reports GFLOP/s per size', async () => {
    const pts = await ortSgemm([32, 64], 2);
    expect(pts.map((p) => p.n)).toEqual([32, 64]);
    for (const p of pts) {
      expect(Number.isFinite(p.gflops)).toBe(true);
      expect(p.gflops).toBeGreaterThan(0);
      expect(p.gflops).toBeCloseTo((2 * p.n ** 3) / (p.medianMs * 1e6), 6);
    }
  });
});
