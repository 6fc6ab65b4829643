import { Rng } from '@prorl/rl-core';
import { describe, expect, it } from 'vitest';
import { type ModelConfig, resolveModelConfig } from '../model/config.js';
import { ParamLayout } from '../model/params.js';
import { int64, weightFeeds } from './feeds.js';
import { buildForwardGraph, buildTrainingGraph } from './model-graph.js';
import { type Feed, OrtSession } from './ort.js';

const B = 2;
const T = 5;

function tinyConfig(over: Partial<ModelConfig>): ModelConfig {
  return resolveModelConfig({ vocabSize: 7, dModel: 8, nHeads: 2, nLayers: 2, dFF: 12, maxSeqLen: 8, ...over });
}

function randomData(cfg: ModelConfig, rng: Rng) {
  const layout = new ParamLayout(cfg);
  const w = new Float64Array(layout.totalSize);
  for (const e of layout.entries) {
    for (let i = 0; i < e.size; i++) w[e.offset + i] = e.init === 'ones' ? 1 + 0.3 * rng.normal() : 0.4 * rng.normal();
  }
  const ids = Array.from({ length: B * T }, () => rng.int(cfg.vocabSize));
  // Row 1 is left-padded by one token.
  const mask = Float64Array.from({ length: B * T }, (_, i) => (i === T ? 0 : 1));
  const positions = [0, 1, 2, 3, 4, 0, 0, 1, 2, 3];
  // The padded query (row 1, t = 0) has every key masked, so its scores sit at −1e9 where float64
  // rounding (ulp ≈ 1e-7) makes finite differences meaningless; like any prompt, its logp and the
  // next one get coef 0.
  const coef = Float64Array.from({ length: B * T }, (_, i) => (i === T || i === T + 1 ? 0 : rng.normal()));
  return { layout, w, ids, mask, positions, coef };
}

describe('training graph vs finite differences (float64)', () => {
  const cases: Partial<ModelConfig>[] = [
    { mlp: 'swiglu', tieEmbeddings: false },
    { mlp: 'swiglu', tieEmbeddings: true },
    { mlp: 'gelu', tieEmbeddings: false },
    { mlp: 'gelu', tieEmbeddings: true },
  ];
  for (const over of cases) {
    it(`${over.mlp}, tied=${over.tieEmbeddings}`, async () => {
      const cfg = tinyConfig(over);
      const rng = new Rng(7);
      const d = randomData(cfg, rng);
      const g = buildTrainingGraph(cfg, { batch: B, seqLen: T, float: 'float64' });
      const s = await OrtSession.create(g.encode(), { intraOpNumThreads: 1 });
      const feeds = (w: Float64Array): Record<string, Feed> => ({
        ...weightFeeds(d.layout, w),
        ids: { data: int64(d.ids), dims: [B, T] },
        positions: { data: int64(d.positions), dims: [B, T] },
        attn_mask: { data: d.mask, dims: [B, T] },
        coef: { data: d.coef, dims: [B, T] },
      });
      const base = await s.run(feeds(d.w));
      const obj = async (w: Float64Array) => (await s.run(feeds(w), ['objective'])).objective![0] as number;
      const h = 1e-5;
      let worst = 0;
      for (const e of d.layout.entries) {
        const grad = base[`grad.${e.name}`] as Float64Array;
        expect(grad.length, e.name).toBe(e.size);
        // Directional derivative along a random direction, plus two random coordinates.
        const dir = Float64Array.from({ length: e.size }, () => rng.normal());
        const coords = [rng.int(e.size), rng.int(e.size)];
        const probes: [Float64Array, number][] = [[dir, grad.reduce((a, gi, i) => a + gi * dir[i]!, 0)]];
        for (const c of coords) {
          const u = new Float64Array(e.size);
          u[c] = 1;
          probes.push([u, grad[c]!]);
        }
        for (const [u, analytic] of probes) {
          const wp = d.w.slice();
          const wm = d.w.slice();
          for (let i = 0; i < e.size; i++) {
            wp[e.offset + i]! += h * u[i]!;
            wm[e.offset + i]! -= h * u[i]!;
          }
          const fd = ((await obj(wp)) - (await obj(wm))) / (2 * h);
          const err = Math.abs(fd - analytic) / (1e-4 + Math.abs(fd));
          worst = Math.max(worst, err);
          expect(err, `${e.name}: fd ${fd} vs graph ${analytic}`).toBeLessThan(1e-5);
        }
      }
      // Every weight matters: the gradient is not trivially zero for the embedding.
      const ge = base['grad.tok_emb'] as Float64Array;
      expect(ge.some((x) => Math.abs(x) > 1e-6)).toBe(true);
      // logp is 0 at t = 0 and negative elsewhere; objective = Σ coef·logp.
      const logp = base.logp as Float64Array;
      expect(logp[0]).toBe(0);
      expect(logp[T]).toBe(0);
      expect(logp[1]!).toBeLessThan(0);
      const o = logp.reduce((a, x, i) => a + x * d.coef[i]!, 0);
      expect(base.objective![0] as number).toBeCloseTo(o, 10);
      await s.release();
    });
  }

  it('composite and primitive-only graphs agree, and the forward graph matches the training graph', async () => {
    const cfg = tinyConfig({ mlp: 'swiglu' });
    const d = randomData(cfg, new Rng(3));
    const data = {
      ids: { data: int64(d.ids), dims: [B, T] },
      positions: { data: int64(d.positions), dims: [B, T] },
      attn_mask: { data: d.mask, dims: [B, T] },
    };
    const run = async (composites: boolean) => {
      const s = await OrtSession.create(buildTrainingGraph(cfg, { batch: B, seqLen: T, float: 'float64', composites }).encode(), { graphOptimizationLevel: 'basic' });
      const r = await s.run({ ...weightFeeds(d.layout, d.w), ...data, coef: { data: d.coef, dims: [B, T] } });
      await s.release();
      return r;
    };
    const a = await run(true);
    const b = await run(false);
    for (const e of d.layout.entries) {
      const x = a[`grad.${e.name}`] as Float64Array;
      const y = b[`grad.${e.name}`] as Float64Array;
      for (let i = 0; i < x.length; i++) expect(Math.abs(x[i]! - y[i]!)).toBeLessThan(1e-12);
    }
    const fs = await OrtSession.create(buildForwardGraph(cfg, { batch: B, seqLen: T, float: 'float64' }, { logp: true, entropy: true, logits: true }).encode(), { graphOptimizationLevel: 'basic' });
    const f = await fs.run({ ...weightFeeds(d.layout, d.w), ...data });
    await fs.release();
    const fl = f.logp as Float64Array;
    for (let i = 0; i < fl.length; i++) expect(Math.abs(fl[i]! - (a.logp as Float64Array)[i]!)).toBeLessThan(1e-12);
    // logp[b,t] = log_softmax(logits[b,t−1])[ids[b,t]] from the logits output.
    const logits = f.logits as Float64Array;
    const V = cfg.vocabSize;
    for (let b = 0; b < B; b++) {
      for (let t = 1; t < T; t++) {
        const row = logits.subarray((b * T + t - 1) * V, (b * T + t) * V);
        const m = Math.max(...row);
        const lse = m + Math.log(row.reduce((s, x) => s + Math.exp(x - m), 0));
        expect(fl[b * T + t]!).toBeCloseTo(row[d.ids[b * T + t]!]! - lse, 10);
        const ent = -row.reduce((s, x) => s + Math.exp(x - lse) * (x - lse), 0);
        expect((f.entropy as Float64Array)[b * T + t]!).toBeCloseTo(ent, 10);
      }
    }
  });
});
