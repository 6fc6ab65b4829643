/**
 * The user-simulator contract (RecBole's `full_sort_predict`, narrowed to what ProRL needs). Items
 * are dense indices 1..N (0 is padding). A simulator scores every item of the catalogue as the next
 * item after each given sequence. SASRec-style models compute `logits = h(S) · itemEmbᵀ`, so the CTR
 * reward σ(h(S)ᵀ v_i) is the sigmoid of item i's logit: logits are all the rewards need.
 *
 * Shapes: B sequences, N items (+1 with the padding index 0).
 */
export interface UserSimulator {
  /** Family name, e.g. 'sasrec', 'gru4rec'. */
  readonly kind: string;
  /** N: number of real items (dense ids 1..N). */
  readonly numItems: number;
  /**
   * Next-item logits after each of B sequences (dense ids, oldest first; the simulator keeps its last
   * `maxLen` items). Returns [B, N+1], row-major; column 0 is the padding item.
   */
  scoreAll(seqs: readonly (readonly number[])[]): Promise<Float32Array>;
}
