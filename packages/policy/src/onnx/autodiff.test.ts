import { Rng } from '@prorl/rl-core';
import { describe, expect, it } from 'vitest';
import { Graph } from './builder.js';
import { Tape, geluTanh, matmulNT, rmsNorm, silu } from './autodiff.js';
import { rope } from './transformer.js';
import { OrtSession } from './ort.js';

type Inputs = Record<string, { shape: number[]; data: Float64Array }>;

/**
 * Builds `body` in float64 with a tape, reduces its output against a fixed random projection to a
 * scalar, and checks every input gradient against central finite differences.
 */
async function checkGrads(inputs: Record<string, number[]>, body: (g: Graph, x: Record<string, string>) => string, seed = 1) {
  const rng = new Rng(seed);
  const g = new Graph({ float: 'float64' });
  const tape = new Tape(g);
  const names: Record<string, string> = {};
  const feeds: Inputs = {};
  for (const [n, shape] of Object.entries(inputs)) {
    names[n] = g.input(n, shape);
    tape.watch(n);
    feeds[n] = { shape, data: Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()) };
  }
  const y = body(g, names);
  const ys = g.shape(y);
  const proj = g.constant(Array.from({ length: ys.reduce((a, b) => a * b, 1) }, () => rng.normal()), ys);
  const loss = g.reduceSum(g.mul(y, proj), [...ys.keys()], false);
  const grads = tape.backward(loss, Object.keys(inputs));
  g.output(loss, 'loss');
  for (const [w, gv] of grads) g.output(gv, `grad.${w}`);
  const s = await OrtSession.create(g.encode(), { intraOpNumThreads: 1 });
  const run = async () => {
    const out = await s.run(Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, { data: v.data, dims: v.shape }])));
    return out;
  };
  const base = await run();
  const h = 1e-6;
  for (const n of Object.keys(inputs)) {
    const x = feeds[n]!.data;
    const grad = base[`grad.${n}`] as Float64Array;
    expect(grad.length).toBe(x.length);
    for (let i = 0; i < x.length; i++) {
      const old = x[i]!;
      x[i] = old + h;
      const lp = (await run()).loss![0] as number;
      x[i] = old - h;
      const lm = (await run()).loss![0] as number;
      x[i] = old;
      const fd = (lp - lm) / (2 * h);
      expect(Math.abs(fd - grad[i]!), `${n}[${i}] fd ${fd} vs ${grad[i]}`).toBeLessThan(1e-6 * (1 + Math.abs(fd)));
    }
  }
  await s.release();
}

describe('autodiff rules vs finite differences (float64)', () => {
  it('broadcasting elementwise ops', async () => {
    await checkGrads({ a: [2, 3, 4], b: [3, 1], c: [4] }, (g, x) => {
      const t = g.mul(g.add(x.a!, x.b!), x.c!);
      const u = g.div(g.sub(t, x.b!), g.add(g.mul(x.c!, x.c!), g.scalar(1)));
      return g.add(g.unary('Tanh', u), g.unary('Sigmoid', g.unary('Neg', u)));
    });
  });
  it('2-D matmul, gemm variants, batched broadcast matmul', async () => {
    await checkGrads({ a: [3, 4], b: [4, 5], c: [5, 3], d: [2, 2, 3, 4], e: [4, 4] }, (g, x) => {
      const m = g.matmul(x.a!, x.b!); // [3,5]
      const p = g.gemm(m, x.c!, true, true); // [3,5]^T [5,3]^T -> [5,3]·... = [5,5]? (m^T [5,3]) · (c^T [3,5]) = [5,5]
      const q = g.gemm(x.c!, m, false, false); // [5,5]
      const r = g.gemm(x.a!, x.e!, false, true); // [3,4]
      const s = g.gemm(x.e!, x.a!, true, true); // [4,3]
      const bm = g.matmul(x.d!, x.e!); // [2,2,3,4]
      const bb = g.matmul(bm, g.transpose(x.d!, [0, 1, 3, 2])); // [2,2,3,3]
      return g.concat([
        g.reshape(g.add(p, q), [25]),
        g.reshape(g.add(r, g.transpose(s, [1, 0])), [12]),
        g.reshape(bb, [36]),
        g.reshape(g.gemm(x.a!, x.a!, true, false), [16]),
      ], 0);
    });
  });
  it('reductions, softmax, logsoftmax, reshape, transpose', async () => {
    await checkGrads({ a: [2, 3, 5] }, (g, x) => {
      const sm = g.softmax(x.a!);
      const ls = g.logSoftmax(g.transpose(x.a!, [2, 0, 1]));
      const r = g.reduceMean(g.mul(x.a!, x.a!), [1], true); // [2,1,5]
      const s = g.reduceSum(sm, [0, 2], false); // [3]
      return g.add(g.add(g.reshape(ls, [5, 6]), g.reshape(g.mul(sm, r), [5, 6])), g.reshape(g.expand(g.reshape(s, [3, 1]), [3, 10]), [5, 6]));
    });
  });
  it('gather via one-hot gemm (repeated indices)', async () => {
    await checkGrads({ emb: [5, 3] }, (g, x) => {
      const ids = g.constant([0, 4, 4, 1, 0, 0], [2, 3], 'int64');
      return g.gather(x.emb!, ids);
    });
  });
  for (const composites of [true, false]) {
    it(`matmulNT a·bᵀ and rope in both forms (composites ${composites})`, async () => {
      await checkGrads({ a: [2, 3, 4], b: [2, 5, 4], x: [2, 2, 3, 4] }, (g, x) => {
        const dh = 4;
        const ang = Array.from({ length: 3 * dh }, (_, i) => 0.3 * (i + 1));
        const cos = g.constant(ang.map(Math.cos), [1, 1, 3, dh]);
        const sinV = ang.map(Math.sin);
        const sin = g.constant(sinV, [1, 1, 3, dh]);
        const sinSigned = g.constant(sinV.map((v, i) => (i % dh < dh / 2 ? -v : v)), [1, 1, 3, dh]);
        const viaR = rope(g, x.x!, cos, sin, composites); // the [dh,dh] matmul form
        const viaSwap = rope(g, x.x!, cos, sin, composites, sinSigned); // the half-swap form
        return g.concat([
          g.reshape(matmulNT(g, x.a!, x.b!, composites), [30]),
          g.reshape(viaR, [48]),
          g.reshape(g.mul(viaSwap, g.scalar(1.5)), [48]),
        ], 0);
      });
    });
    it(`rmsNorm, silu, geluTanh (composites ${composites})`, async () => {
      await checkGrads({ x: [4, 6], gain: [6] }, (g, x) => {
        const h = rmsNorm(g, x.x!, x.gain!, 1e-5, composites);
        return g.add(silu(g, h, composites), geluTanh(g, h, composites));
      });
    });
  }
});

describe('embedding gradient on 2 threads (no scatter race)', () => {
  it('one-hot Gemm gradient of Gather equals the host sum over 4096 heavily repeated ids, every run', async () => {
    const V = 16;
    const D = 64;
    const N = 4096;
    const rng = new Rng(3);
    const g = new Graph();
    const tape = new Tape(g);
    const emb = g.input('emb', [V, D]);
    tape.watch(emb);
    const ids = g.input('ids', [N], 'int64');
    const up = g.input('up', [N, D]);
    const loss = g.reduceSum(g.mul(g.gather(emb, ids), up), [0, 1], false);
    g.output(tape.backward(loss, [emb]).get(emb)!, 'grad');
    const s = await OrtSession.create(g.encode(), { intraOpNumThreads: 2 });
    const idv = Array.from({ length: N }, () => rng.int(V));
    const upv = Float32Array.from({ length: N * D }, () => rng.normal());
    const ref = new Float64Array(V * D);
    for (let n = 0; n < N; n++) for (let d = 0; d < D; d++) ref[idv[n]! * D + d]! += upv[n * D + d]!;
    for (let rep = 0; rep < 5; rep++) {
      const out = await s.run({ emb: { data: new Float32Array(V * D), dims: [V, D] }, ids: { data: BigInt64Array.from(idv, BigInt), dims: [N] }, up: { data: upv, dims: [N, D] } });
      const gr = out.grad as Float32Array;
      for (let i = 0; i < V * D; i++) expect(Math.abs(gr[i]! - ref[i]!)).toBeLessThan(1e-3);
    }
    await s.release();
  });
});
