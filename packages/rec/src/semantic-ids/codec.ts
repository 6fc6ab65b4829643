/**
 * Item ↔ token mapping for semantic IDs (the paper's tokenizer, `tokenizer.py`): an item with codes
 * [c0, c1, ..., c_{L-1}] becomes L tokens `base + c_d + d·W`, where W (the width of one level's token
 * block) is the largest code + 1 over all levels (256 for the released IDs; the collision digit is
 * 1-based and shares the scheme). The reference uses base 1 (pad 0), EOS = base + L·W.
 *
 * Decoding is strict: a group of L tokens decodes to an item only if every token lies in its level's
 * block and the code tuple belongs to a known item; otherwise it is invalid (a "hallucination").
 */
import type { SemanticIds } from '../data/types.js';

export class SemanticIdCodec {
  /** Tokens per item. */
  readonly levels: number;
  /** Token block width per level. */
  readonly width: number;
  /** Number of token ids the codec occupies: levels·width. */
  readonly size: number;
  private readonly byKey = new Map<string, string>();

  constructor(
    readonly ids: SemanticIds,
    /** First token id of the block (ids before it are left to the tokenizer's specials). */
    readonly base = 1,
  ) {
    let levels = -1;
    let maxCode = 0;
    for (const [item, codes] of ids) {
      if (levels < 0) levels = codes.length;
      if (codes.length !== levels) throw new Error(`semantic ids: item ${item} has ${codes.length} codes, others ${levels}`);
      for (const c of codes) maxCode = Math.max(maxCode, c);
      const key = codes.join(',');
      const prev = this.byKey.get(key);
      if (prev !== undefined) throw new Error(`semantic ids: items ${prev} and ${item} share the code ${key}; add a collision digit`);
      this.byKey.set(key, item);
    }
    if (levels < 1) throw new Error('semantic ids: empty map');
    this.levels = levels;
    this.width = maxCode + 1;
    this.size = levels * this.width;
  }

  /** Tokens of an item, or throws for an unknown item. */
  encode(item: string): number[] {
    const codes = this.ids.get(item);
    if (!codes) throw new Error(`semantic ids: unknown item '${item}'`);
    return codes.map((c, d) => this.base + c + d * this.width);
  }

  /** The item of L tokens, or null when they do not form a known item. */
  decode(tokens: ArrayLike<number>, offset = 0): string | null {
    const codes: number[] = [];
    for (let d = 0; d < this.levels; d++) {
      const t = tokens[offset + d];
      if (t === undefined) return null;
      const c = t - this.base - d * this.width;
      if (!Number.isInteger(c) || c < 0 || c >= this.width) return null;
      codes.push(c);
    }
    return this.byKey.get(codes.join(',')) ?? null;
  }

  /** Allowed token ids at position d of an item (for constrained decoding and tests). */
  levelRange(d: number): [number, number] {
    return [this.base + d * this.width, this.base + (d + 1) * this.width];
  }
}
