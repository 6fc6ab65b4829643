import { describe, expect, it } from 'vitest';
import { clipGradNorm, globalGradNorm } from './clip.js';

describe('clipGradNorm', () => {
  it('computes the global norm and scales down only above maxNorm', () => {
    const g = Float32Array.from([3, 4]);
    expect(globalGradNorm(g)).toBe(5);
    const r = clipGradNorm(g, 1);
    expect(r.norm).toBe(5);
    expect(r.scale).toBeCloseTo(0.2, 6);
    expect(globalGradNorm(g)).toBeCloseTo(1, 5);
    const h = Float32Array.from([0.3, 0.4]);
    expect(clipGradNorm(h, 1).scale).toBe(1);
    expect(Array.from(h)).toEqual([Math.fround(0.3), Math.fround(0.4)]);
  });

  it('Infinity disables clipping; non-finite norms are reported, not spread', () => {
    const g = Float32Array.from([30, 40]);
    expect(clipGradNorm(g, Infinity)).toEqual({ norm: 50, scale: 1 });
    const bad = Float32Array.from([1, Infinity]);
    const r = clipGradNorm(bad, 1);
    expect(r.norm).toBe(Infinity);
    expect(bad[0]).toBe(1);
  });
});
