/**
 * Hot-loop helper: masks may be numbers or booleans (`MaskVec`), but a per-element type check in the
 * inner loops of the losses costs more than the arithmetic. `numericMask` converts a boolean mask
 * once (to a Uint8Array) and passes numeric masks through untouched.
 */
import type { MaskVec } from '../tensor.js';

export function numericMask(mask: MaskVec): ArrayLike<number> {
  if (mask.length === 0 || typeof mask[0] !== 'boolean') return mask as ArrayLike<number>;
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) out[i] = mask[i] ? 1 : 0;
  return out;
}
