import { Rng } from '@prorl/rl-core';
import { describe, expect, it } from 'vitest';
import { KvCache } from './kv-cache.js';

/** A plain map (row, head, slot) → vector, the reference the in-place layout is checked against. */
class RefCache {
  readonly rows: Map<number, Float32Array>[] = [];
  constructor(B: number) {
    for (let b = 0; b < B; b++) this.rows.push(new Map());
  }
}

describe('KvCache', () => {
  it('keeps every written slot and mask through in-place growth and compaction', () => {
    const rng = new Rng(4);
    const [B, H, dh, L, maxCap] = [5, 2, 3, 2, 11];
    const c = new KvCache(B, H, dh, L, maxCap, 4);
    // ref[layer][kind][row] : slot → values [H·dh] (h-major)
    const ref = Array.from({ length: L }, () => [new RefCache(B), new RefCache(B)]);
    let live = [0, 1, 2, 3, 4];
    const writeSlots = (S: number, at: number) => {
      for (let l = 0; l < L; l++) {
        for (const [kind, buf] of [[0, c.keys[l]!], [1, c.values[l]!]] as const) {
          const src = Float32Array.from({ length: c.B * H * S * dh }, () => rng.normal());
          c.write(buf, src, S, at);
          live.forEach((row, i) => {
            for (let s = 0; s < S; s++) {
              const v = new Float32Array(H * dh);
              for (let h = 0; h < H; h++) for (let d = 0; d < dh; d++) v[h * dh + d] = src[((i * H + h) * S + s) * dh + d]!;
              ref[l]![kind]!.rows[row]!.set(at + s, v);
            }
          });
        }
      }
      live.forEach((_, i) => {
        for (let s = 0; s < S; s++) c.mask[i * (c.cap + 1) + at + s] = 1;
      });
    };
    const check = () => {
      expect(c.keys[0]!.length).toBe(c.B * H * c.cap * dh);
      live.forEach((row, i) => {
        expect(c.mask[i * (c.cap + 1) + c.cap]).toBe(1); // the fed-token column
        for (let slot = 0; slot < c.cap; slot++) {
          const want = ref[0]![0]!.rows[row]!.get(slot);
          expect(c.mask[i * (c.cap + 1) + slot]).toBe(want ? 1 : 0);
          for (let l = 0; l < L; l++) {
            for (const [kind, buf] of [[0, c.keys[l]!], [1, c.values[l]!]] as const) {
              const w = ref[l]![kind]!.rows[row]!.get(slot);
              for (let h = 0; h < H; h++) for (let d = 0; d < dh; d++) expect(buf[((i * H + h) * c.cap + slot) * dh + d]).toBe(w ? w[h * dh + d] : 0);
            }
          }
        }
      });
    };
    writeSlots(3, 0); // a prefill of 3 slots
    check();
    writeSlots(1, 3);
    c.grow(7);
    check();
    writeSlots(1, 4);
    c.compact([0, 2, 3]); // rows 1 and 4 finished
    live = [0, 2, 3];
    check();
    c.grow(11);
    writeSlots(1, 5);
    check();
    c.compact([1, 2]);
    live = [2, 3];
    check();
    expect(() => c.grow(12)).toThrow(RangeError);
  });
});
