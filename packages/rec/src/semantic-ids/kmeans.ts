/**
 * Seeded k-means (k-means++ initialisation, Lloyd iterations) over row-major float vectors.
 * Empty clusters are re-seeded with the point farthest from its centroid, so every code is used
 * when there are at least K distinct points.
 */
import { Rng } from '@prorl/rl-core';

export interface KMeansResult {
  /** [K, D] centroids, row-major. */
  centroids: Float64Array;
  /** [N] cluster of each point. */
  assign: Int32Array;
  /** Sum of squared distances to the assigned centroids. */
  inertia: number;
}

/**
 * @param x [N, D] points, row-major
 */
export function kMeans(x: Float64Array, N: number, D: number, K: number, rng: Rng, iters = 25): KMeansResult {
  if (x.length !== N * D) throw new RangeError(`kMeans: x has ${x.length} values, expected N*D = ${N * D}`);
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`kMeans: K must be a positive integer, got ${K}`);
  const k = Math.min(K, N);
  const c = new Float64Array(K * D);
  // k-means++ init.
  const d2 = new Float64Array(N).fill(Infinity);
  let first = rng.int(N);
  for (let j = 0; j < k; j++) {
    c.set(x.subarray(first * D, first * D + D), j * D);
    let total = 0;
    for (let i = 0; i < N; i++) {
      const d = dist2(x, i * D, c, j * D, D);
      if (d < d2[i]!) d2[i] = d;
      total += d2[i]!;
    }
    if (j + 1 === k) break;
    if (total <= 0) {
      first = rng.int(N);
      continue;
    }
    let r = rng.next() * total;
    first = N - 1;
    for (let i = 0; i < N; i++) {
      r -= d2[i]!;
      if (r <= 0) {
        first = i;
        break;
      }
    }
  }
  const assign = new Int32Array(N);
  const counts = new Int32Array(K);
  let inertia = 0;
  for (let it = 0; it < iters; it++) {
    inertia = 0;
    let changed = false;
    for (let i = 0; i < N; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let j = 0; j < k; j++) {
        const d = dist2(x, i * D, c, j * D, D);
        if (d < bestD) {
          bestD = d;
          best = j;
        }
      }
      if (assign[i] !== best) changed = true;
      assign[i] = best;
      inertia += bestD;
    }
    c.fill(0);
    counts.fill(0);
    for (let i = 0; i < N; i++) {
      const j = assign[i]!;
      counts[j]!++;
      for (let d = 0; d < D; d++) c[j * D + d]! += x[i * D + d]!;
    }
    for (let j = 0; j < k; j++) {
      if (counts[j]! > 0) {
        for (let d = 0; d < D; d++) c[j * D + d]! /= counts[j]!;
      } else {
        // Re-seed an empty cluster with the worst-fitted point.
        let worst = 0;
        let worstD = -1;
        for (let i = 0; i < N; i++) {
          const dd = dist2(x, i * D, c, assign[i]! * D, D);
          if (dd > worstD) {
            worstD = dd;
            worst = i;
          }
        }
        c.set(x.subarray(worst * D, worst * D + D), j * D);
        assign[worst] = j;
        changed = true;
      }
    }
    if (!changed && it > 0) break;
  }
  return { centroids: c, assign, inertia };
}

function dist2(a: Float64Array, ao: number, b: Float64Array, bo: number, D: number): number {
  let s = 0;
  for (let d = 0; d < D; d++) {
    const t = a[ao + d]! - b[bo + d]!;
    s += t * t;
  }
  return s;
}
