import { describe, expect, test } from 'vitest';
import { Rng } from '@prorl/rl-core';
import { kMeans } from './kmeans.js';
import { itemEmbeddings, residualKMeansIds } from './residual-kmeans.js';

describe('k-means', () => {
  test('separates well-separated blobs and is seeded', () => {
    const rng = new Rng(1);
    const N = 90;
    const x = new Float64Array(N * 2);
    const centers = [
      [0, 0],
      [10, 0],
      [0, 10],
    ];
    for (let i = 0; i < N; i++) {
      const c = centers[i % 3]!;
      x[2 * i] = c[0]! + 0.1 * rng.normal();
      x[2 * i + 1] = c[1]! + 0.1 * rng.normal();
    }
    const a = kMeans(x, N, 2, 3, new Rng(7));
    const b = kMeans(x, N, 2, 3, new Rng(7));
    expect(Array.from(a.assign)).toEqual(Array.from(b.assign));
    for (let i = 3; i < N; i++) expect(a.assign[i]).toBe(a.assign[i % 3]);
    expect(new Set(a.assign).size).toBe(3);
    expect(a.inertia).toBeLessThan(N * 0.1);
  });
});

describe('residual k-means semantic IDs', () => {
  test('3 levels + collision digit; unique full codes; deterministic', () => {
    const rng = new Rng(2);
    const N = 200;
    const D = 8;
    const emb = new Float64Array(N * D);
    for (let i = 0; i < emb.length; i++) emb[i] = rng.normal();
    const items = Array.from({ length: N }, (_, i) => `i${i}`);
    const ids = residualKMeansIds(items, emb, D, { codebookSize: 4, seed: 3 });
    const again = residualKMeansIds(items, emb, D, { codebookSize: 4, seed: 3 });
    expect([...ids.entries()]).toEqual([...again.entries()]);
    const keys = new Set<string>();
    for (const codes of ids.values()) {
      expect(codes.length).toBe(4);
      for (const c of codes.slice(0, 3)) {
        expect(c).toBeGreaterThanOrEqual(0);
        expect(c).toBeLessThan(4);
      }
      expect(codes[3]).toBeGreaterThanOrEqual(1);
      keys.add(codes.join(','));
    }
    expect(keys.size).toBe(N);
    // Finer levels refine coarse ones: 4^3 = 64 prefixes are available, so most items share none.
    const prefixes = new Set([...ids.values()].map((c) => c.slice(0, 3).join(',')));
    expect(prefixes.size).toBeGreaterThan(30);
  });
  test('embeddings put co-consumed items together', () => {
    const seqs = new Map<string, string[]>();
    for (let u = 0; u < 200; u++) seqs.set(`u${u}`, u % 2 ? ['a', 'b'] : ['c', 'd']);
    const items = ['a', 'b', 'c', 'd'];
    const { emb, D } = itemEmbeddings(items, seqs, () => [], 16, 1);
    const cos = (i: number, j: number) => {
      let s = 0;
      for (let d = 0; d < D; d++) s += emb[i * D + d]! * emb[j * D + d]!;
      return s;
    };
    expect(cos(0, 1)).toBeGreaterThan(0.99);
    expect(Math.abs(cos(0, 2))).toBeLessThan(0.5);
  });
});
