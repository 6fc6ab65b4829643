/**
 * FNV-1a, 32-bit, over the UTF-16 code units of a string. Used for stable ids → seeds and for split
 * assignment; not cryptographic (nothing here defends against adversarial collisions).
 */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Final avalanche (murmur3 fmix32) so nearby strings spread over the whole range.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** The hash mapped to [0, 1). */
export function unitHash(text: string): number {
  return fnv1a32(text) / 4294967296;
}
