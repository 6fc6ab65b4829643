/**
 * Which parameters get weight decay: matrices yes, RMSNorm gains (rank-1) no — the usual GPT
 * convention. Embeddings (tok_emb, and lm_head) are decayed like other matrices.
 */
import type { ParamLayout } from '../model/params.js';

/** [P] mask over the flat buffer: 1 = decay, 0 = no decay. */
export function decayMaskFromLayout(layout: ParamLayout): Uint8Array {
  const mask = new Uint8Array(layout.totalSize);
  for (const e of layout.entries) if (e.shape.length >= 2) mask.fill(1, e.offset, e.offset + e.size);
  return mask;
}
