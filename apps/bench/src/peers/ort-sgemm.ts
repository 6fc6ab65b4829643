/**
 * sgemm probe on onnxruntime, for when numpy is absent: a square float32 MatMul graph built with
 * @prorl/policy's public `Graph` builder and run with its `OrtSession` (the only onnxruntime-node
 * importer stays packages/policy/src/onnx/ort.ts). The graph returns a 1×1 slice of the product so the
 * output copy (~0.7 ms/MB) is not timed (research/ort-training-probe.md, pitfall 6).
 */
import { performance } from 'node:perf_hooks';
import { Graph, OrtSession } from '@prorl/policy';
import { median } from '../timing.js';
import { Rng } from '@prorl/rl-core';

export interface SgemmPoint {
  n: number;
  gflops: number;
  medianMs: number;
}

export async function ortSgemm(sizes: readonly number[], reps: number, seed = 1): Promise<SgemmPoint[]> {
  const out: SgemmPoint[] = [];
  const rng = new Rng(seed);
  for (const n of sizes) {
    const g = new Graph({ name: `sgemm${n}` });
    const a = g.input('a', [n, n]);
    const b = g.input('b', [n, n]);
    const c = g.matmul(a, b);
    g.output(g.slice(g.slice(c, 0, 0, 1), 1, 0, 1), 'c11');
    const session = await OrtSession.create(g.encode());
    try {
      const A = new Float32Array(n * n);
      const B = new Float32Array(n * n);
      for (let i = 0; i < A.length; i++) {
        A[i] = rng.normal();
        B[i] = rng.normal();
      }
      const feeds = { a: { data: A, dims: [n, n] }, b: { data: B, dims: [n, n] } };
      await session.run(feeds);
      const ts: number[] = [];
      for (let r = 0; r < reps; r++) {
        const t0 = performance.now();
        await session.run(feeds);
        ts.push(performance.now() - t0);
      }
      const ms = median(ts);
      out.push({ n, medianMs: ms, gflops: (2 * n ** 3) / (ms * 1e6) });
    } finally {
      await session.release();
    }
  }
  return out;
}
