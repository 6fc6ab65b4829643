import { describe, expect, it } from 'vitest';
import { Rng } from '@prorl/rl-core';
import { AdamW, resolveAdamWConfig, type AdamWConfig } from './adamw.js';
import { OptimConfigError, OptimStateError } from './errors.js';

/** Readable float64 reference of one AdamW step, written from the paper / PyTorch docs. */
function referenceStep(p: number[], g: number[], m: number[], v: number[], t: number, c: AdamWConfig, lr: number, mask?: Uint8Array): void {
  for (let i = 0; i < p.length; i++) {
    m[i] = c.beta1 * m[i]! + (1 - c.beta1) * g[i]!;
    v[i] = c.beta2 * v[i]! + (1 - c.beta2) * g[i]! ** 2;
    const mHat = m[i]! / (1 - c.beta1 ** t);
    const vHat = v[i]! / (1 - c.beta2 ** t);
    const decayed = !mask || mask[i] === 1 ? p[i]! - lr * c.weightDecay * p[i]! : p[i]!;
    p[i] = decayed - (lr * mHat) / (Math.sqrt(vHat) + c.eps);
  }
}

describe('AdamW', () => {
  it('matches the readable reference over several steps (with decay mask and varying lr)', () => {
    const rng = new Rng(1);
    const n = 37;
    const cfg = resolveAdamWConfig({ lr: 0.05, beta1: 0.8, beta2: 0.95, eps: 1e-6, weightDecay: 0.1 });
    const mask = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : 1));
    const opt = new AdamW(n, cfg, mask);
    const p32 = Float32Array.from({ length: n }, () => rng.normal());
    const p = Array.from(p32);
    const m = new Array(n).fill(0);
    const v = new Array(n).fill(0);
    for (let t = 1; t <= 6; t++) {
      const g = Array.from({ length: n }, () => rng.normal() * (t % 2 ? 1 : 1e-3));
      const lr = cfg.lr / t;
      opt.update(p32, Float32Array.from(g), lr);
      referenceStep(p, g, m, v, t, cfg, lr, mask);
    }
    expect(opt.step).toBe(6);
    for (let i = 0; i < n; i++) expect(p32[i]).toBeCloseTo(p[i]!, 5);
    const s = opt.state();
    for (let i = 0; i < n; i++) {
      expect(s.m[i]).toBeCloseTo(m[i]!, 6);
      expect(s.v[i]).toBeCloseTo(v[i]!, 6);
    }
  });

  it('first step moves each weight by about lr·sign(g) (bias correction), decay is decoupled', () => {
    const opt = new AdamW(3, { lr: 0.01, weightDecay: 0 });
    const p = Float32Array.from([1, 1, 1]);
    opt.update(p, Float32Array.from([5, -0.001, 0]));
    expect(p[0]).toBeCloseTo(0.99, 6);
    expect(p[1]).toBeCloseTo(1.01, 4);
    expect(p[2]).toBe(1);
    const wd = new AdamW(1, { lr: 0.1, weightDecay: 0.5 });
    const q = Float32Array.from([2]);
    wd.update(q, Float32Array.from([0]));
    expect(q[0]).toBeCloseTo(2 * (1 - 0.05), 6); // zero gradient: only decoupled decay acts
  });

  it('reset() re-initialises m, v and the step: the next update equals a fresh optimizer', () => {
    const rng = new Rng(2);
    const g1 = Float32Array.from({ length: 8 }, () => rng.normal());
    const g2 = Float32Array.from({ length: 8 }, () => rng.normal());
    const a = new AdamW(8, { lr: 0.01 });
    const pa = new Float32Array(8).fill(0.5);
    a.update(pa, g1);
    a.update(pa, g1);
    a.reset();
    expect(a.step).toBe(0);
    expect(Array.from(a.state().m)).toEqual(new Array(8).fill(0));
    const b = new AdamW(8, { lr: 0.01 });
    const pb = Float32Array.from(pa);
    a.update(pa, g2);
    b.update(pb, g2);
    expect(Array.from(pa)).toEqual(Array.from(pb));
  });

  it('state round-trips and resumes identically', () => {
    const rng = new Rng(3);
    const gs = Array.from({ length: 4 }, () => Float32Array.from({ length: 5 }, () => rng.normal()));
    const a = new AdamW(5, { lr: 0.02 });
    const pa = new Float32Array(5).fill(1);
    a.update(pa, gs[0]!);
    a.update(pa, gs[1]!);
    const saved = a.state();
    const b = new AdamW(5, { lr: 0.02 });
    b.loadState(saved);
    const pb = Float32Array.from(pa);
    for (const g of gs.slice(2)) {
      a.update(pa, g);
      b.update(pb, g);
    }
    expect(Array.from(pb)).toEqual(Array.from(pa));
    expect(b.step).toBe(4);
    // state() is a copy
    saved.m.fill(99);
    expect(a.state().m[0]).not.toBe(99);
  });

  it('rejects bad configs, bad state and non-finite gradients without modifying anything', () => {
    expect(() => resolveAdamWConfig({ beta1: 1 })).toThrow(OptimConfigError);
    expect(() => resolveAdamWConfig({ lr: -1 })).toThrow(/lr/);
    expect(() => resolveAdamWConfig({ eps: 0 })).toThrow(/eps/);
    const opt = new AdamW(3);
    expect(() => opt.loadState({ step: 1, m: new Float32Array(2), v: new Float32Array(3) })).toThrow(OptimStateError);
    const p = Float32Array.from([1, 2, 3]);
    expect(() => opt.update(p, Float32Array.from([1, NaN, 1]))).toThrow(/gradient 1/);
    expect(Array.from(p)).toEqual([1, 2, 3]);
    expect(opt.step).toBe(0);
    expect(() => opt.update(new Float32Array(2), new Float32Array(2))).toThrow(OptimStateError);
  });
});
