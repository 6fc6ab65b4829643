/**
 * The user-simulator contract (RecBole's model contract, narrowed to what ProRL needs). Items are
 * dense indices 1..N (0 is padding). A simulator encodes item sequences into states, and scores every
 * item of the catalogue as `logits = state · itemEmbᵀ` — true of SASRec, GRU4Rec and the embedding
 * simulators here — so the CTR reward σ(h(S)ᵀ v_i) uses the same two quantities.
 *
 * Shapes: B sequences, D state width, N items (+1 with the padding row 0).
 */
export interface UserSimulator {
  /** Family name, e.g. 'sasrec', 'gru4rec', 'fism'. */
  readonly kind: string;
  /** N: number of real items (dense ids 1..N). */
  readonly numItems: number;
  /** D: width of states and item embeddings. */
  readonly dim: number;
  /** [N+1, D] item embeddings used for scoring (row 0 = padding). */
  itemEmbeddings(): Float32Array;
  /**
   * States of B sequences (each a list of dense item ids, oldest first; the simulator keeps the last
   * `maxLen` items). Returns [B, D].
   */
  encode(seqs: readonly (readonly number[])[]): Promise<Float32Array>;
}
