import { Rng } from '@prorl/rl-core';
import { describe, expect, it } from 'vitest';
import { AdamWSimdKernel, SIMD_CHUNK, type AdamWScalars, adamwSimdModule, simdModule } from './adamw-simd.js';
import { AdamW } from './adamw.js';
import { OptimStateError } from './errors.js';

const f = Math.fround;

/** The kernel's float32 math, one op at a time (file doc of adamw-simd.ts). */
function f32Step(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, start: number, end: number, k: AdamWScalars, decay: number): void {
  for (let i = start; i < end; i++) {
    const gi = g[i]!;
    m[i] = f(f(f(k.b1) * m[i]!) + f(f(k.c1) * gi));
    v[i] = f(f(f(k.b2) * v[i]!) + f(f(f(k.c2) * gi) * gi));
    const den = f(f(f(Math.sqrt(v[i]!)) * f(k.invBc2Sqrt)) + f(k.eps));
    p[i] = f(f(p[i]! * f(decay)) - f(f(f(k.stepSize) * m[i]!) / den));
  }
}

const randn = (rng: Rng, n: number, scale = 1) => Float32Array.from({ length: n }, () => scale * rng.normal());

describe('AdamW WebAssembly SIMD kernel', () => {
  it('is valid WebAssembly with SIMD in this runtime', () => {
    expect(adamwSimdModule().length).toBeGreaterThan(100);
    expect(simdModule()).not.toBeNull(); // validated and compiled (null would mean the JS fallback)
  });

  it('equals the float32 scalar reference bit for bit: lanes, tails, chunk edges, sub-ranges', () => {
    const rng = new Rng(3);
    const n = 2 * SIMD_CHUNK + 7;
    const kern = new AdamWSimdKernel(n);
    const p = randn(rng, n);
    const ref = p.slice();
    const m = new Float32Array(n);
    const v = new Float32Array(n);
    for (let t = 1; t <= 3; t++) {
      const g = randn(rng, n, t === 2 ? 1e-4 : 1);
      const k: AdamWScalars = { b1: 0.9, c1: 0.1, b2: 0.95, c2: 0.05, stepSize: 0.01 / (1 - 0.9 ** t), invBc2Sqrt: 1 / Math.sqrt(1 - 0.95 ** t), eps: 1e-8 };
      // Two ranges with different decay, split at an index that is not a multiple of 4.
      const cut = SIMD_CHUNK + 3;
      kern.update(p, g, 0, cut, k, 0.999);
      kern.update(p, g, cut, n, k, 1);
      f32Step(ref, g, m, v, 0, cut, k, 0.999);
      f32Step(ref, g, m, v, cut, n, k, 1);
    }
    expect(p).toEqual(ref);
    expect(kern.m).toEqual(m);
    expect(kern.v).toEqual(v);
  });

  it('finds the first non-finite gradient in any chunk', () => {
    const n = SIMD_CHUNK + 9;
    const kern = new AdamWSimdKernel(n);
    const g = new Float32Array(n).fill(0.5);
    expect(kern.firstNonFinite(g)).toBe(-1);
    g[n - 1] = Number.NaN; // in the scalar tail of the second chunk
    expect(kern.firstNonFinite(g)).toBe(n - 1);
    g[SIMD_CHUNK + 2] = -Infinity;
    expect(kern.firstNonFinite(g)).toBe(SIMD_CHUNK + 2);
    g[5] = Infinity;
    expect(kern.firstNonFinite(g)).toBe(5);
  });

  it("AdamW 'simd' agrees with the 'js' reference over several steps (decay mask, varying lr), and rejects non-finite gradients untouched", () => {
    const rng = new Rng(9);
    const n = 1003;
    const mask = Uint8Array.from({ length: n }, (_, i) => (i < 300 || i > 700 ? 1 : 0));
    const cfg = { lr: 0.02, beta1: 0.8, beta2: 0.95, eps: 1e-6, weightDecay: 0.1 };
    const a = new AdamW(n, { ...cfg, impl: 'simd' }, mask);
    const b = new AdamW(n, { ...cfg, impl: 'js' }, mask);
    expect(a.impl).toBe('simd');
    expect(b.impl).toBe('js');
    const pa = randn(rng, n);
    const pb = pa.slice();
    for (let t = 1; t <= 5; t++) {
      const g = randn(rng, n, t % 2 ? 1 : 1e-3);
      a.update(pa, g, cfg.lr / t);
      b.update(pb, g, cfg.lr / t);
    }
    for (let i = 0; i < n; i++) expect(Math.abs(pa[i]! - pb[i]!)).toBeLessThan(1e-6 * (1 + Math.abs(pb[i]!)));
    const sa = a.state();
    const sb = b.state();
    // Moments mix terms of opposite sign: compare against the array's scale, not each entry.
    const scale = (xs: Float32Array) => xs.reduce((s, x) => Math.max(s, Math.abs(x)), 0);
    const [mScale, vScale] = [scale(sb.m), scale(sb.v)];
    for (let i = 0; i < n; i++) {
      expect(Math.abs(sa.m[i]! - sb.m[i]!)).toBeLessThan(1e-6 * mScale);
      expect(Math.abs(sa.v[i]! - sb.v[i]!)).toBeLessThan(1e-6 * vScale);
    }

    const before = pa.slice();
    const mBefore = a.state().m;
    const bad = randn(rng, n);
    bad[n - 2] = Number.NaN;
    expect(() => a.update(pa, bad)).toThrow(OptimStateError);
    expect(pa).toEqual(before);
    expect(a.state().m).toEqual(mBefore);
    expect(a.step).toBe(5);

    // state round trip through a fresh simd optimizer continues identically.
    const c = new AdamW(n, { ...cfg, impl: 'simd' }, mask);
    c.loadState(a.state());
    const pc = pa.slice();
    const g = randn(rng, n);
    a.update(pa, g);
    c.update(pc, g);
    expect(pc).toEqual(pa);
    a.reset();
    expect(a.state().m.every((x) => x === 0) && a.state().v.every((x) => x === 0) && a.step === 0).toBe(true);
  });

  it("falls back to the 'js' loop for a fragmented decay mask", () => {
    const n = 512;
    const opt = new AdamW(n, {}, Uint8Array.from({ length: n }, (_, i) => i % 2));
    expect(opt.impl).toBe('js');
  });
});
