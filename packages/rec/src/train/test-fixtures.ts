/**
 * Tiny synthetic fixtures for the tests of policy/, train/, eval/ and baselines/ (internal, not
 * exported): a 24-item catalogue with 4-token semantic IDs, a planted path rule and a toy simulator
 * (state = recency-weighted mean of item embeddings, logits = state·Eᵀ).
 */
import { Rng } from '@prorl/rl-core';
import type { Catalog, PathRecord, RecDataset, SemanticIds } from '../data/types.js';
import type { UserSimulator } from '../simulator/types.js';

export const TOY_N = 24;
export const toyItem = (i: number): string => `i${((i % TOY_N) + TOY_N) % TOY_N}`;

/** Item k (0..23) → codes [k%4, ⌊k/4⌋%3, ⌊k/12⌋, 1] (all distinct; width 4). */
export function toySemanticIds(): SemanticIds {
  return new Map(Array.from({ length: TOY_N }, (_, k) => [toyItem(k), [k % 4, Math.floor(k / 4) % 3, Math.floor(k / 12), 1]]));
}

/** Attribute = k % 3 (items share an attribute when equal mod 3). */
export function toyCatalog(): Catalog {
  return new Map(Array.from({ length: TOY_N }, (_, k) => [toyItem(k), { id: toyItem(k), attributes: [`a${k % 3}`] }]));
}

/**
 * The planted rule, level-wise on the codes [c0, c1, c2] of target t: the path is
 * [[c0, c1, 1−c2], [(c0+1)%4, c1, c2]] = [t+12 (mod 24), t with c0+1 (mod 4)].
 */
export const plantedPath = (t: number): string[] => {
  const k = ((t % TOY_N) + TOY_N) % TOY_N;
  const c0 = k % 4;
  return [toyItem(k + 12), toyItem(k - c0 + ((c0 + 1) % 4))];
};

/** `perTarget` records per target with random 3-item histories. */
export function toyRecords(seed: number, perTarget = 3): PathRecord[] {
  const rng = new Rng(seed);
  const out: PathRecord[] = [];
  for (let t = 0; t < TOY_N; t++) {
    for (let r = 0; r < perTarget; r++) {
      out.push({ history: Array.from({ length: 3 }, () => toyItem(rng.int(TOY_N))), path: plantedPath(t), target: toyItem(t) });
    }
  }
  return out;
}

export function toyDataset(seed = 1): RecDataset {
  const recs = toyRecords(seed);
  return { name: 'toy', catalog: toyCatalog(), train: recs, val: recs.slice(0, 12), test: toyRecords(seed + 1, 1), semanticIds: toySemanticIds(), notes: [] };
}

/** Dense ids 1..N over sorted raw ids (the simulator's `ItemIndex` convention), without depending on it. */
export interface ToyIds {
  readonly size: number;
  readonly rawIds: readonly string[];
  get(raw: string): number | undefined;
  tryEncode(seq: readonly string[]): number[];
  decode(dense: number): string;
}

export function denseIds(items: Iterable<string>): ToyIds {
  const rawIds = [...new Set(items)].sort();
  const map = new Map(rawIds.map((r, i) => [r, i + 1]));
  return {
    size: rawIds.length,
    rawIds,
    get: (raw) => map.get(raw),
    tryEncode: (seq) => seq.map((r) => map.get(r)).filter((d): d is number => d !== undefined),
    decode: (d) => {
      const r = rawIds[d - 1];
      if (r === undefined || d < 1) throw new RangeError(`dense id ${d} is outside 1..${rawIds.length}`);
      return r;
    },
  };
}

export function toyIndex(): ToyIds {
  return denseIds(toyCatalog().keys());
}

/**
 * A toy simulator: state = recency-weighted mean of item embeddings (weight 0.8^age), logits = state·Eᵀ,
 * E seeded normal with a zero padding row. `state` and `E` are exposed for hand checks.
 */
export function recencySimulator(N: number, D: number, seed: number): UserSimulator & { calls: number; state(s: readonly number[]): Float64Array; E: Float32Array } {
  const rng = new Rng(seed);
  const E = new Float32Array((N + 1) * D);
  for (let i = D; i < E.length; i++) E[i] = rng.normal();
  const state = (s: readonly number[]): Float64Array => {
    const h = new Float64Array(D);
    let wsum = 0;
    s.forEach((it, j) => {
      const w = Math.pow(0.8, s.length - 1 - j);
      wsum += w;
      for (let d = 0; d < D; d++) h[d]! += w * E[it * D + d]!;
    });
    for (let d = 0; d < D; d++) h[d]! /= Math.max(wsum, 1e-9);
    return h;
  };
  return {
    kind: 'toy',
    numItems: N,
    calls: 0,
    E,
    state,
    async scoreAll(seqs) {
      this.calls++;
      const out = new Float32Array(seqs.length * (N + 1));
      seqs.forEach((s, b) => {
        const h = state(s);
        for (let j = 0; j <= N; j++) {
          let v = 0;
          for (let d = 0; d < D; d++) v += h[d]! * E[j * D + d]!;
          out[b * (N + 1) + j] = v;
        }
      });
      return out;
    },
  };
}

/** Toy simulator over the toy ItemIndex (N = 24). */
export function toySimulator(seed = 3, D = 6): UserSimulator & { calls: number } {
  return recencySimulator(TOY_N, D, seed);
}

/** A small policy config for tests. */
export const TOY_POLICY_CONFIG = { model: { dModel: 64, nHeads: 2, nLayers: 2 }, maxHistoryItems: 3, maxPathItems: 4 };

/** Logit 2 for the item after the last one (dense last + 1), 0 for the others, −100 for padding. */
export function nextItemSimulator(N: number): UserSimulator {
  return {
    kind: 'next-item',
    numItems: N,
    async scoreAll(seqs) {
      const out = new Float32Array(seqs.length * (N + 1));
      seqs.forEach((s, b) => {
        out[b * (N + 1)] = -100;
        const nxt = s[s.length - 1]! + 1;
        if (nxt <= N) out[b * (N + 1) + nxt] = 2;
      });
      return out;
    },
  };
}

