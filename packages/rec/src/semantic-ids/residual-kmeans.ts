/**
 * Semantic IDs by residual k-means (a non-neural residual quantiser, the same code structure as the
 * released IDs: `levels` codes in 0..K−1 plus a 1-based collision digit). Level 1 clusters the item
 * embeddings; each next level clusters what the previous levels' centroids leave unexplained. Items
 * that end with the same codes get collision digits 1, 2, ... in item order.
 */
import { Rng } from '@prorl/rl-core';
import type { SemanticIds } from '../data/types.js';
import { kMeans } from './kmeans.js';

export interface ResidualKMeansConfig {
  /** Quantisation levels. Released IDs: 3. */
  levels: number;
  /** Codes per level. Released IDs: 256; smaller catalogues want fewer (e.g. 32 for ML-100K). */
  codebookSize: number;
  /** Lloyd iterations per level. */
  iters: number;
  seed: number;
}

export const DEFAULT_RESIDUAL_KMEANS: ResidualKMeansConfig = { levels: 3, codebookSize: 32, iters: 25, seed: 0 };

/**
 * @param items item ids, in the order of the rows of `emb`
 * @param emb [N, D] item embeddings, row-major
 */
export function residualKMeansIds(items: readonly string[], emb: Float64Array, D: number, config: Partial<ResidualKMeansConfig> = {}): SemanticIds {
  const cfg = { ...DEFAULT_RESIDUAL_KMEANS, ...config };
  const N = items.length;
  const rng = new Rng(cfg.seed);
  const residual = Float64Array.from(emb);
  const codes: number[][] = items.map(() => []);
  for (let l = 0; l < cfg.levels; l++) {
    const { centroids, assign } = kMeans(residual, N, D, cfg.codebookSize, rng, cfg.iters);
    for (let i = 0; i < N; i++) {
      const j = assign[i]!;
      codes[i]!.push(j);
      for (let d = 0; d < D; d++) residual[i * D + d]! -= centroids[j * D + d]!;
    }
  }
  const seen = new Map<string, number>();
  const out: SemanticIds = new Map();
  items.forEach((item, i) => {
    const key = codes[i]!.join(',');
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    out.set(item, [...codes[i]!, n]);
  });
  return out;
}

/**
 * Item embeddings from interactions and attributes, for catalogues without semantic IDs: a seeded
 * Gaussian random projection of each item's (degree-normalised) user incidence vector, which keeps
 * cosine similarities of co-consumption (Johnson–Lindenstrauss), concatenated with the item's
 * attributes as a scaled multi-hot. Rows are L2-normalised.
 */
export function itemEmbeddings(
  items: readonly string[],
  sequences: Map<string, string[]>,
  attributes: (item: string) => readonly string[],
  dim = 32,
  seed = 0,
  attributeWeight = 0.5,
): { emb: Float64Array; D: number } {
  const rng = new Rng(seed);
  const index = new Map(items.map((it, i) => [it, i]));
  const attrNames = [...new Set(items.flatMap((it) => attributes(it)))].sort();
  const attrIndex = new Map(attrNames.map((a, i) => [a, i]));
  const D = dim + attrNames.length;
  const emb = new Float64Array(items.length * D);
  const userVec = new Float64Array(dim);
  for (const seq of sequences.values()) {
    for (let d = 0; d < dim; d++) userVec[d] = rng.normal();
    const uniq = new Set(seq);
    const w = 1 / Math.sqrt(uniq.size);
    for (const it of uniq) {
      const i = index.get(it);
      if (i === undefined) continue;
      for (let d = 0; d < dim; d++) emb[i * D + d]! += w * userVec[d]!;
    }
  }
  for (let i = 0; i < items.length; i++) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += emb[i * D + d]! ** 2;
    const s = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dim; d++) emb[i * D + d]! *= s;
    const attrs = attributes(items[i]!);
    const aw = attrs.length > 0 ? attributeWeight / Math.sqrt(attrs.length) : 0;
    for (const a of attrs) emb[i * D + dim + attrIndex.get(a)!] = aw;
  }
  return { emb, D };
}
