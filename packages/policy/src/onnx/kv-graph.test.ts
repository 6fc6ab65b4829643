import { Rng } from '@prorl/rl-core';
import { describe, expect, it } from 'vitest';
import { resolveModelConfig } from '../model/config.js';
import { ParamLayout } from '../model/params.js';
import { int64, positionsFromMask, weightFeeds } from './feeds.js';
import { buildKvGraph, pastKeyName, pastValueName, presentKeyName, presentValueName } from './kv-graph.js';
import { buildForwardGraph } from './model-graph.js';
import { OrtSession } from './ort.js';

describe('KV-cache graphs', () => {
  it('prefill + single-token decode logits equal full-forward logits (left-padded rows)', async () => {
    const cfg = resolveModelConfig({ vocabSize: 13, dModel: 16, nHeads: 2, nLayers: 2, maxSeqLen: 16, mlp: 'swiglu' });
    const layout = new ParamLayout(cfg);
    const rng = new Rng(5);
    const w = new Float32Array(layout.totalSize);
    for (const e of layout.entries) for (let i = 0; i < e.size; i++) w[e.offset + i] = e.init === 'ones' ? 1 + 0.2 * rng.normal() : 0.3 * rng.normal();
    const B = 2;
    const P = 5;
    const steps = 3;
    const T = P + steps;
    const C = P + steps - 1; // the last fed token needs no slot
    const H = cfg.nHeads;
    const dh = cfg.dModel / H;
    const V = cfg.vocabSize;
    // Full sequences: row 0 has a 3-token prompt (2 pads), row 1 a 5-token prompt.
    const ids = Array.from({ length: B * T }, () => rng.int(V));
    const mask = Array.from({ length: B * T }, (_, i) => (i < 2 ? 0 : 1));
    for (let i = 0; i < 2; i++) ids[i] = 0;
    const pos = Array.from(positionsFromMask(mask, B, T));

    const fwd = await OrtSession.create(buildForwardGraph(cfg, { batch: B, seqLen: T }, { logits: true }).encode());
    const full = (await fwd.run({
      ...weightFeeds(layout, w),
      ids: { data: int64(ids), dims: [B, T] },
      positions: { data: int64(pos), dims: [B, T] },
      attn_mask: { data: Float32Array.from(mask), dims: [B, T] },
    })).logits as Float32Array;

    const col = (xs: number[], t0: number, n: number) => Array.from({ length: B }, (_, b) => xs.slice(b * T + t0, b * T + t0 + n)).flat();
    const pre = await OrtSession.create(buildKvGraph(cfg, { batch: B, newTokens: P, cacheLen: 0 }).encode());
    const dec = await OrtSession.create(buildKvGraph(cfg, { batch: B, newTokens: 1, cacheLen: C }).encode());
    const p = await pre.run({
      ...weightFeeds(layout, w),
      ids: { data: int64(col(ids, 0, P)), dims: [B, P] },
      positions: { data: int64(col(pos, 0, P)), dims: [B, P] },
      attn_mask: { data: Float32Array.from(col(mask, 0, P)), dims: [B, P] },
    });
    const check = (logits: Float32Array, t: number) => {
      for (let b = 0; b < B; b++) {
        for (let v = 0; v < V; v++) expect(Math.abs(logits[b * V + v]! - full[(b * T + t) * V + v]!)).toBeLessThan(2e-5);
      }
    };
    check(p.logits as Float32Array, P - 1);
    const caches = Array.from({ length: 2 * cfg.nLayers }, () => new Float32Array(B * H * C * dh).fill(123)); // garbage in empty slots
    const write = (cache: Float32Array, src: Float32Array, S: number, at: number) => {
      for (let bh = 0; bh < B * H; bh++) cache.set(src.subarray(bh * S * dh, (bh + 1) * S * dh), (bh * C + at) * dh);
    };
    for (let l = 0; l < cfg.nLayers; l++) {
      write(caches[2 * l]!, p[presentKeyName(l)] as Float32Array, P, 0);
      write(caches[2 * l + 1]!, p[presentValueName(l)] as Float32Array, P, 0);
    }
    const cmask = new Float32Array(B * (C + 1));
    for (let b = 0; b < B; b++) {
      for (let s = 0; s < P; s++) cmask[b * (C + 1) + s] = mask[b * T + s]!;
      cmask[b * (C + 1) + C] = 1;
    }
    for (let step = 0; step < steps; step++) {
      const t = P + step;
      const past: Record<string, { data: Float32Array; dims: number[] }> = {};
      for (let l = 0; l < cfg.nLayers; l++) {
        past[pastKeyName(l)] = { data: caches[2 * l]!, dims: [B, H, C, dh] };
        past[pastValueName(l)] = { data: caches[2 * l + 1]!, dims: [B, H, C, dh] };
      }
      const o = await dec.run({
        ...weightFeeds(layout, w),
        ...past,
        ids: { data: int64(col(ids, t, 1)), dims: [B, 1] },
        positions: { data: int64(col(pos, t, 1)), dims: [B, 1] },
        attn_mask: { data: cmask, dims: [B, C + 1] },
      });
      check(o.logits as Float32Array, t);
      if (t >= C) break; // the last token's keys are never needed
      for (let l = 0; l < cfg.nLayers; l++) {
        write(caches[2 * l]!, o[presentKeyName(l)] as Float32Array, 1, t);
        write(caches[2 * l + 1]!, o[presentValueName(l)] as Float32Array, 1, t);
      }
      for (let b = 0; b < B; b++) cmask[b * (C + 1) + t] = 1;
    }
    await Promise.all([fwd.release(), pre.release(), dec.release()]);
  });

  it("'split' cache attention equals 'concat' and serves any cache length from one session", async () => {
    const cfg = resolveModelConfig({ vocabSize: 11, dModel: 16, nHeads: 2, nLayers: 2, maxSeqLen: 16, mlp: 'gelu', tieEmbeddings: true });
    const layout = new ParamLayout(cfg);
    const rng = new Rng(8);
    const w = new Float32Array(layout.totalSize);
    for (const e of layout.entries) for (let i = 0; i < e.size; i++) w[e.offset + i] = e.init === 'ones' ? 1 + 0.2 * rng.normal() : 0.4 * rng.normal();
    const B = 3;
    const H = cfg.nHeads;
    const dh = cfg.dModel / H;
    const S = 2; // two new tokens: exercises the causal mask among new tokens too
    const split = await OrtSession.create(buildKvGraph(cfg, { batch: B, newTokens: S, cacheLen: 6, allLogits: true }).encode());
    // Symbolic batch too (built for B = 3, run with 2 rows below).
    const anyB = await OrtSession.create(buildKvGraph(cfg, { batch: B, newTokens: S, cacheLen: 6, allLogits: true, symbolicBatch: true }).encode());
    for (const C of [6, 4, 9]) {
      const concat = await OrtSession.create(buildKvGraph(cfg, { batch: B, newTokens: S, cacheLen: C, allLogits: true, cacheAttention: 'concat' }).encode());
      const feeds: Record<string, { data: Float32Array | BigInt64Array; dims: number[] }> = {
        ...weightFeeds(layout, w),
        ids: { data: int64(Array.from({ length: B * S }, () => rng.int(cfg.vocabSize))), dims: [B, S] },
        positions: { data: int64(Array.from({ length: B * S }, (_, i) => C + (i % S))), dims: [B, S] },
        attn_mask: { data: Float32Array.from({ length: B * (C + S) }, (_, i) => (i % (C + S) === 1 ? 0 : 1)), dims: [B, C + S] },
      };
      for (let l = 0; l < cfg.nLayers; l++) {
        feeds[pastKeyName(l)] = { data: Float32Array.from({ length: B * H * C * dh }, () => rng.normal()), dims: [B, H, C, dh] };
        feeds[pastValueName(l)] = { data: Float32Array.from({ length: B * H * C * dh }, () => rng.normal()), dims: [B, H, C, dh] };
      }
      const a = await split.run(feeds);
      const b = await concat.run(feeds);
      await concat.release();
      // The first two rows alone through the symbolic-batch graph.
      const two: typeof feeds = {};
      for (const [name, f] of Object.entries(feeds)) {
        const isData = name === 'ids' || name === 'positions' || name === 'attn_mask' || name.startsWith('past.');
        two[name] = isData ? { data: f.data.subarray(0, (f.data.length / B) * 2), dims: [2, ...f.dims.slice(1)] } : f;
      }
      const c = await anyB.run(two);
      for (const name of ['logits', presentKeyName(1), presentValueName(1)]) {
        const x = a[name] as Float32Array;
        const y = b[name] as Float32Array;
        const z = c[name] as Float32Array;
        expect(x.length).toBe(y.length);
        expect(z.length).toBe((y.length / B) * 2);
        for (let i = 0; i < x.length; i++) expect(Math.abs(x[i]! - y[i]!)).toBeLessThan(1e-5);
        for (let i = 0; i < z.length; i++) expect(Math.abs(z[i]! - y[i]!)).toBeLessThan(1e-5);
      }
    }
    await Promise.all([split.release(), anyB.release()]);
  });
});
