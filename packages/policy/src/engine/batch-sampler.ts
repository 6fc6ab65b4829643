/**
 * Per-row bookkeeping of a batched generation: one seeded generator per row, tokens, base-policy
 * log-probs, stop/length finish reasons. Shared by the rollout engines (ours and Optimum-layout).
 */
import { Rng } from '@prorl/rl-core';
import { type SamplingConfig, sampleToken } from './sampler.js';

export type FinishReason = 'stop' | 'length';

export interface RolloutResult {
  /** Generated tokens per row (a stop token is included). */
  tokens: number[][];
  /** Base-policy log-prob of each generated token: log_softmax(logits)[token] at temperature 1. */
  logProbs: number[][];
  finishReasons: FinishReason[];
}

export class BatchSampler {
  readonly tokens: number[][];
  readonly logProbs: number[][];
  private readonly finish: (FinishReason | null)[];
  /** Last token of each row (the next decode input; a finished row repeats its last token). */
  readonly last: number[];
  private readonly rngs: Rng[];
  private readonly stop: Set<number>;

  constructor(
    readonly B: number,
    private readonly sampling: SamplingConfig,
    seeds: readonly (number | Rng)[],
  ) {
    this.rngs = seeds.map((s) => (typeof s === 'number' ? new Rng(s) : s));
    this.stop = new Set(sampling.stopTokens);
    this.tokens = Array.from({ length: B }, () => []);
    this.logProbs = Array.from({ length: B }, () => []);
    this.finish = new Array(B).fill(null);
    this.last = new Array<number>(B).fill(0);
  }

  /**
   * Samples one token for every unfinished row. `logits` is [B,V] (row stride V), or, with `rows`,
   * [rows.length, V] where logits row i belongs to batch row rows[i] (a compacted batch).
   */
  take(logits: Float32Array, V: number, rows?: readonly number[]): void {
    const n = rows ? rows.length : this.B;
    for (let i = 0; i < n; i++) {
      const b = rows ? rows[i]! : i;
      if (this.finish[b] !== null) continue;
      const { token, logp } = sampleToken(logits.subarray(i * V, (i + 1) * V), this.sampling, this.rngs[b]!);
      this.tokens[b]!.push(token);
      this.logProbs[b]!.push(logp);
      this.last[b] = token;
      if (this.stop.has(token)) this.finish[b] = 'stop';
      else if (this.tokens[b]!.length >= this.sampling.maxNewTokens) this.finish[b] = 'length';
    }
  }

  /** Whether row b has finished (stop token or length). */
  finished(b: number): boolean {
    return this.finish[b] !== null;
  }

  get done(): boolean {
    return this.finish.every((f) => f !== null);
  }

  result(): RolloutResult {
    return { tokens: this.tokens, logProbs: this.logProbs, finishReasons: this.finish.map((f) => f ?? 'length') };
  }
}
