import { describe, expect, it } from 'vitest';
import { Graph, GraphBuildError, broadcastShapes } from './builder.js';
import { OrtSession } from './ort.js';

describe('Graph builder', () => {
  it('infers static shapes, de-duplicates small constants and rejects mismatches', () => {
    const g = new Graph();
    const a = g.input('a', [2, 3, 4]);
    const b = g.input('b', [4, 5]);
    expect(g.shape(g.matmul(a, b))).toEqual([2, 3, 5]);
    expect(g.shape(g.reduceSum(a, [1], false))).toEqual([2, 4]);
    expect(g.shape(g.reduceMean(a, [-1], true))).toEqual([2, 3, 1]);
    expect(g.shape(g.transpose(a, [2, 0, 1]))).toEqual([4, 2, 3]);
    expect(g.scalar(0.5)).toBe(g.scalar(0.5));
    expect(g.scalar(0.5)).not.toBe(g.scalar(0.25));
    expect(broadcastShapes([3, 1], [2, 1, 4])).toEqual([2, 3, 4]);
    expect(() => g.matmul(a, a)).toThrow(GraphBuildError);
    expect(() => g.reshape(a, [5, 5])).toThrow(GraphBuildError);
    expect(() => g.add(a, b)).toThrow(/broadcast/);
    expect(() => g.input('a', [1])).toThrow(/duplicate/);
  });

  it('encodes a model onnxruntime runs, in float32 and float64, with symbolic dims', async () => {
    for (const float of ['float32', 'float64'] as const) {
      const g = new Graph({ float });
      const x = g.input('x', [2, 3], float, ['batch', undefined]);
      const y = g.add(g.mul(x, g.scalar(2)), g.reduceSum(x, [1], true));
      g.output(g.softmax(y), 'y', ['batch', undefined]);
      g.constant([1, 2, 3], [3]); // unused: not encoded
      const s = await OrtSession.create(g.encode(), { graphOptimizationLevel: 'basic' });
      const data = float === 'float32' ? Float32Array.from([1, 2, 3, 0, 0, 0, 5, 5, 5]) : Float64Array.from([1, 2, 3, 0, 0, 0, 5, 5, 5]);
      const out = (await s.run({ x: { data, dims: [3, 3] } })).y!;
      expect(out.length).toBe(9);
      const row0 = [2 + 6, 4 + 6, 6 + 6].map(Math.exp);
      const z = row0.reduce((p, q) => p + q, 0);
      expect(out[0] as number).toBeCloseTo(row0[0]! / z, 6);
      expect(out[3] as number).toBeCloseTo(1 / 3, 6);
      await s.release();
    }
  });
});
