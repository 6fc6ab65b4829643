/**
 * The decode KV cache of `OrtRolloutEngine` (`./rollout.ts`), in the layout the decode graph reads
 * zero-copy: per layer keys and values [B,H,cap,dh] (keys after RoPE) and the key mask [B,cap+1]
 * whose last column (always 1) is the token being fed. Empty slots are 0 with mask 0.
 *
 * Each buffer is a view on a backing array sized for the final capacity `maxCap`, allocated once:
 * growing re-lays the rows out in place instead of allocating (and page-faulting) a new cache, and
 * compaction (dropping finished rows, so B shrinks) moves the kept rows to the front in place.
 * Views are replaced on every grow/compact: read `keys`, `values`, `mask` again afterwards.
 */
export class KvCache {
  private readonly backK: Float32Array[] = [];
  private readonly backV: Float32Array[] = [];
  private readonly backMask: Float32Array;
  keys: Float32Array[] = [];
  values: Float32Array[] = [];
  mask: Float32Array;
  cap = 0;

  constructor(
    public B: number,
    readonly H: number,
    readonly dh: number,
    readonly L: number,
    readonly maxCap: number,
    cap: number,
  ) {
    const n = B * H * maxCap * dh;
    for (let l = 0; l < L; l++) {
      this.backK.push(new Float32Array(n));
      this.backV.push(new Float32Array(n));
    }
    this.backMask = new Float32Array(B * (maxCap + 1));
    this.mask = this.backMask;
    this.setCap(cap);
    for (let b = 0; b < B; b++) this.mask[b * (cap + 1) + cap] = 1;
  }

  private setCap(cap: number): void {
    const n = this.B * this.H * cap * this.dh;
    this.cap = cap;
    this.keys = this.backK.map((a) => a.subarray(0, n));
    this.values = this.backV.map((a) => a.subarray(0, n));
    this.mask = this.backMask.subarray(0, this.B * (cap + 1));
  }

  /** Keeps only batch rows `keep` (ascending cache-row indices), moved to the front in order. */
  compact(keep: readonly number[]): void {
    const { H, dh, cap } = this;
    const block = H * cap * dh;
    for (const a of [...this.backK, ...this.backV]) {
      keep.forEach((src, dst) => {
        if (src !== dst) a.copyWithin(dst * block, src * block, (src + 1) * block);
      });
    }
    keep.forEach((src, dst) => {
      if (src !== dst) this.backMask.copyWithin(dst * (cap + 1), src * (cap + 1), (src + 1) * (cap + 1));
    });
    this.B = keep.length;
    this.setCap(cap);
  }

  /** Copies src [B,H,S,dh] into slots [at, at+S) of a cache buffer [B,H,cap,dh]. */
  write(buf: Float32Array, src: Float32Array, S: number, at: number): void {
    const { B, H, dh, cap } = this;
    const w = S * dh;
    if (S === 1) {
      // One slot: an element loop beats B·H tiny subarray+set calls.
      for (let bh = 0, si = 0; bh < B * H; bh++) {
        let di = (bh * cap + at) * dh;
        for (let d = 0; d < dh; d++) buf[di++] = src[si++]!;
      }
      return;
    }
    for (let bh = 0; bh < B * H; bh++) buf.set(src.subarray(bh * w, (bh + 1) * w), (bh * cap + at) * dh);
  }

  /**
   * Re-lays the cache out with capacity `cap` (> current, ≤ maxCap), in place: rows move to higher
   * offsets, so walking from the last row down never overwrites a row not yet moved. Filled slots and
   * the mask are kept; the new slots are zeroed (mask 0).
   */
  grow(cap: number): void {
    const { B, H, dh, cap: old } = this;
    if (cap <= old || cap > this.maxCap) throw new RangeError(`KvCache.grow: capacity ${cap} must be in (${old}, ${this.maxCap}]`);
    const rowOld = old * dh;
    const rowNew = cap * dh;
    for (const a of [...this.backK, ...this.backV]) {
      for (let bh = B * H - 1; bh >= 1; bh--) a.copyWithin(bh * rowNew, bh * rowOld, bh * rowOld + rowOld);
      for (let bh = 0; bh < B * H; bh++) a.fill(0, bh * rowNew + rowOld, (bh + 1) * rowNew);
    }
    const m = this.backMask;
    for (let b = B - 1; b >= 1; b--) m.copyWithin(b * (cap + 1), b * (old + 1), b * (old + 1) + old);
    for (let b = 0; b < B; b++) {
      m.fill(0, b * (cap + 1) + old, b * (cap + 1) + cap);
      m[b * (cap + 1) + cap] = 1;
    }
    this.setCap(cap);
  }
}
