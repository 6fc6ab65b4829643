/**
 * `OrtScorer`: forward-only token log-probs and entropies on onnxruntime (the forward graph of
 * `../onnx/model-graph.ts`), for old-policy and reference-policy log-probs in RL. Weights are passed
 * per call, so one scorer serves the policy and a frozen reference copy. Same bucketing as
 * `OrtTrainer` (padded rows/columns are dropped from the results).
 *
 * Note: `session.run` blocks the event loop; see `worker.ts`.
 */
import type { ModelConfig } from '../model/config.js';
import { ParamLayout } from '../model/params.js';
import { PolicyInputError, checkLength, checkTokens, positionsFromMask, weightFeeds } from '../onnx/feeds.js';
import { buildForwardGraph } from '../onnx/model-graph.js';
import type { OrtSessionOptions } from '../onnx/ort.js';
import { SessionCache } from './session-cache.js';

/** A batch to score, row-major [B,T] arrays. */
export interface ScoreBatch {
  B: number;
  T: number;
  ids: ArrayLike<number>;
  /** Key mask [B·T] (1 real, 0 padding). Default all 1. */
  attnMask?: ArrayLike<number>;
  /** RoPE positions [B·T]. Default from the mask (`positionsFromMask`). */
  positions?: ArrayLike<number>;
}

export interface ScoreResult {
  /** logp[b,t] = log_softmax(logits[b,t−1])[ids[b,t]], 0 at t = 0. [B·T] */
  logp: Float32Array;
  /** Entropy of the distribution that produced token t, 0 at t = 0. [B·T] */
  entropy: Float32Array;
}

export interface OrtScorerOptions {
  lengthBucket: number;
  batchBucket: number;
  maxTokensPerRun: number;
  session: Partial<OrtSessionOptions>;
  maxSessions: number;
}

export const DEFAULT_ORT_SCORER_OPTIONS: OrtScorerOptions = { lengthBucket: 16, batchBucket: 8, maxTokensPerRun: 16384, session: {}, maxSessions: 4 };

export class OrtScorer {
  readonly layout: ParamLayout;
  readonly options: OrtScorerOptions;
  private readonly sessions: SessionCache;

  constructor(
    readonly config: ModelConfig,
    options: Partial<OrtScorerOptions> = {},
  ) {
    this.layout = new ParamLayout(config);
    this.options = { ...DEFAULT_ORT_SCORER_OPTIONS, ...options };
    this.sessions = new SessionCache(this.options.session, this.options.maxSessions);
  }

  /** Token log-probs and entropies of `batch` under `weights` (flat, ParamLayout order). */
  async score(weights: Float32Array, batch: ScoreBatch): Promise<ScoreResult> {
    const cfg = this.config;
    const { B, T } = batch;
    const n = B * T;
    const feedsW = weightFeeds(this.layout, weights);
    if (!Number.isInteger(B) || !Number.isInteger(T) || B < 1 || T < 1) throw new PolicyInputError('shape', `batch dims must be positive integers, got B=${B}, T=${T}`, 'pass B and T of the row-major arrays');
    for (const [k, v] of [['ids', batch.ids], ['attnMask', batch.attnMask], ['positions', batch.positions]] as const) {
      if (v !== undefined && v.length !== n) throw new PolicyInputError('shape', `${k} has ${v.length} entries, expected B·T = ${n}`, `give ${k} as a row-major [B,T] array`);
    }
    checkLength(cfg, T, 'batch');
    checkTokens(cfg, batch.ids, 'batch.ids');
    const mask = batch.attnMask ?? new Array<number>(n).fill(1);
    const positions = batch.positions ?? positionsFromMask(mask, B, T);
    for (let i = 0; i < n; i++) {
      const p = positions[i]!;
      if (!Number.isInteger(p) || p < 0 || p >= cfg.maxSeqLen) throw new PolicyInputError('position-out-of-range', `positions[${i}] = ${p} is outside [0, ${cfg.maxSeqLen})`, 'leave positions out to derive them from the mask');
    }
    const Tb = Math.min(cfg.maxSeqLen, Math.ceil(T / this.options.lengthBucket) * this.options.lengthBucket);
    const bb = this.options.batchBucket;
    const rowsPerRun = Math.max(1, Math.floor(this.options.maxTokensPerRun / Tb));
    const chunk = Math.min(Math.ceil(B / bb) * bb, Math.max(bb, Math.floor(rowsPerRun / bb) * bb));
    const session = await this.sessions.get(`score:${chunk}:${Tb}`, () => buildForwardGraph(cfg, { batch: chunk, seqLen: Tb }, { logp: true, entropy: true }).encode());
    const logp = new Float32Array(n);
    const entropy = new Float32Array(n);
    for (let r0 = 0; r0 < B; r0 += chunk) {
      const rows = Math.min(chunk, B - r0);
      const ids = new BigInt64Array(chunk * Tb);
      const pos = new BigInt64Array(chunk * Tb);
      const m = new Float32Array(chunk * Tb);
      for (let r = 0; r < rows; r++) {
        for (let t = 0; t < T; t++) {
          const src = (r0 + r) * T + t;
          ids[r * Tb + t] = BigInt(batch.ids[src]!);
          pos[r * Tb + t] = BigInt(positions[src]!);
          m[r * Tb + t] = mask[src]!;
        }
      }
      const out = await session.run({
        ...feedsW,
        ids: { data: ids, dims: [chunk, Tb] },
        positions: { data: pos, dims: [chunk, Tb] },
        attn_mask: { data: m, dims: [chunk, Tb] },
      });
      const lp = out.logp as Float32Array;
      const en = out.entropy as Float32Array;
      for (let r = 0; r < rows; r++) {
        logp.set(lp.subarray(r * Tb, r * Tb + T), (r0 + r) * T);
        entropy.set(en.subarray(r * Tb, r * Tb + T), (r0 + r) * T);
      }
    }
    return { logp, entropy };
  }

  async release(): Promise<void> {
    await this.sessions.release();
  }
}
