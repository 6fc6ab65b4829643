/**
 * Training mini-batches from sampled rows: sequences `prompt ++ response` right-padded to the
 * mini-batch's longest, with the response mask, the rollout (old) log-probs and the per-row
 * advantage spread over the response tokens. Index t of every [B,T] array refers to token t
 * (logp[b,t] scores ids[b,t]), as in the policy's training graph.
 */
import type { SampledRow } from './sample.js';

export interface PolicyBatch {
  B: number;
  T: number;
  /** [B·T] token ids (pad 0 after the row's end). */
  ids: Int32Array;
  /** [B·T] 1 on real tokens. */
  attnMask: Float32Array;
  /** [B·T] 1 on response tokens (the policy's own), 0 on prompt and padding. */
  responseMask: Float32Array;
  /** [B·T] rollout-policy log-probs at response tokens, 0 elsewhere. */
  oldLogProb: Float64Array;
  /** [B·T] advantage of the row at response tokens, 0 elsewhere. */
  advantages: Float64Array;
  /** Number of response tokens. */
  tokens: number;
}

/** Builds one batch from `rows` with their per-row advantages `adv` [B]. */
export function buildPolicyBatch(rows: readonly SampledRow[], adv: ArrayLike<number>, padId: number): PolicyBatch {
  const B = rows.length;
  const T = Math.max(...rows.map((r) => r.promptIds.length + r.tokens.length));
  const ids = new Int32Array(B * T).fill(padId);
  const attnMask = new Float32Array(B * T);
  const responseMask = new Float32Array(B * T);
  const oldLogProb = new Float64Array(B * T);
  const advantages = new Float64Array(B * T);
  let tokens = 0;
  rows.forEach((r, b) => {
    const P = r.promptIds.length;
    for (let t = 0; t < P; t++) {
      ids[b * T + t] = r.promptIds[t]!;
      attnMask[b * T + t] = 1;
    }
    for (let i = 0; i < r.tokens.length; i++) {
      const k = b * T + P + i;
      ids[k] = r.tokens[i]!;
      attnMask[k] = 1;
      responseMask[k] = 1;
      oldLogProb[k] = r.logProbs[i]!;
      advantages[k] = adv[b]!;
      tokens++;
    }
  });
  return { B, T, ids, attnMask, responseMask, oldLogProb, advantages, tokens };
}
