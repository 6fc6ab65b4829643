/**
 * `OrtTrainer`: the fast CPU training path. Runs the ONNX training graph (`../onnx/model-graph.ts`)
 * on a batch and returns the objective Σ coef·logp, the token log-probs and the flat gradient of
 * every weight; `step()` then applies an optimizer (AdamW from `../optim`) to the flat buffer in place.
 *
 * Coefficients: an RL loss from @prorl/rl-core returns gradLogProbs = d loss / d logp [B,T]; pass it
 * as `coef` and the gradient is d loss / d weights. SFT: coef = −mask/count (mean cross-entropy;
 * `objective` is then the loss). `entCoef` adds Σ entCoef·entropy (entropy bonus as a coefficient).
 *
 * Shapes are static per ONNX session, so a batch [B,T] is padded to a bucket (T up to a multiple of
 * `lengthBucket`, rows up to a multiple of `batchBucket`) with mask 0 and coef 0, which contributes
 * exactly nothing to objective or gradients; batches larger than `maxTokensPerRun` are split into
 * row chunks whose gradients are summed. Sessions are cached per bucket shape.
 *
 * Note: `session.run` blocks the event loop; run the trainer inside `worker.ts` for long jobs.
 */
import type { ModelConfig } from '../model/config.js';
import { ParamLayout } from '../model/params.js';
import { PolicyInputError, checkLength, checkTokens, positionsFromMask, weightFeeds } from '../onnx/feeds.js';
import { buildTrainingGraph } from '../onnx/model-graph.js';
import type { Feed, OrtSessionOptions } from '../onnx/ort.js';
import { SessionCache } from './session-cache.js';

/** What the trainer needs from an optimizer; `AdamW` from ../optim satisfies it. */
export interface Optimizer {
  /** One in-place update of `params` from `grads` (both [P]); `lr` overrides the configured rate. */
  update(params: Float32Array, grads: Float32Array, lr?: number): void;
  reset(): void;
}

/** One training batch, row-major [B,T] arrays. */
export interface OrtTrainBatch {
  B: number;
  T: number;
  /** Token ids [B·T]. */
  ids: ArrayLike<number>;
  /** d objective / d logp per token [B·T] (aligned with ids; index t scores token t). */
  coef: ArrayLike<number>;
  /** Key mask [B·T]: 1 real, 0 padding. Default all 1. */
  attnMask?: ArrayLike<number>;
  /** RoPE positions [B·T]. Default: real tokens counted from 0 in each row (`positionsFromMask`). */
  positions?: ArrayLike<number>;
  /** Optional entropy coefficients [B·T]. */
  entCoef?: ArrayLike<number>;
}

export interface GradResult {
  /** Σ coef·logp (+ Σ entCoef·entropy). */
  objective: number;
  /** Token log-probs [B·T] (0 at t = 0). */
  logp: Float32Array;
  /** Token entropies [B·T] (0 at t = 0). */
  entropy: Float32Array;
  /** d objective / d weights, flat, ParamLayout order. */
  grads: Float32Array;
}

export interface OrtTrainerOptions {
  /** T is padded up to a multiple of this (capped at maxSeqLen). Default 16. */
  lengthBucket: number;
  /** B is padded up to a multiple of this. Default 8. */
  batchBucket: number;
  /** Rows per run are limited so that rows·T ≤ this (gradients summed over chunks). Default 8192. */
  maxTokensPerRun: number;
  session: Partial<OrtSessionOptions>;
  maxSessions: number;
}

export const DEFAULT_ORT_TRAINER_OPTIONS: OrtTrainerOptions = {
  lengthBucket: 16,
  batchBucket: 8,
  maxTokensPerRun: 8192,
  session: {},
  maxSessions: 4,
};

export class OrtTrainer {
  readonly layout: ParamLayout;
  readonly options: OrtTrainerOptions;
  private readonly sessions: SessionCache;

  /**
   * `params` is held by reference and updated in place by `step()` (share it with an
   * `OrtRolloutEngine` so rollouts use the latest weights).
   */
  constructor(
    readonly config: ModelConfig,
    readonly params: Float32Array,
    readonly optimizer?: Optimizer,
    options: Partial<OrtTrainerOptions> = {},
  ) {
    this.layout = new ParamLayout(config);
    weightFeeds(this.layout, params);
    this.options = { ...DEFAULT_ORT_TRAINER_OPTIONS, ...options };
    this.sessions = new SessionCache(this.options.session, this.options.maxSessions);
  }

  /** Forward + backward: objective, logp, entropy and the flat gradient. Does not change the weights. */
  async gradients(batch: OrtTrainBatch): Promise<GradResult> {
    const cfg = this.config;
    const { B, T } = batch;
    const n = B * T;
    if (!Number.isInteger(B) || !Number.isInteger(T) || B < 1 || T < 1) throw new PolicyInputError('shape', `batch dims must be positive integers, got B=${B}, T=${T}`, 'pass B and T of the row-major arrays');
    for (const [k, v] of [['ids', batch.ids], ['coef', batch.coef], ['attnMask', batch.attnMask], ['positions', batch.positions], ['entCoef', batch.entCoef]] as const) {
      if (v !== undefined && v.length !== n) throw new PolicyInputError('shape', `${k} has ${v.length} entries, expected B·T = ${n}`, `give ${k} as a row-major [B,T] array`);
    }
    checkLength(cfg, T, 'batch');
    checkTokens(cfg, batch.ids, 'batch.ids');
    for (const [k, v] of [['coef', batch.coef], ['entCoef', batch.entCoef]] as const) {
      if (!v) continue;
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(v[i]!)) throw new PolicyInputError('non-finite', `${k}[${i}] = ${v[i]}`, 'check the loss for NaN/Infinity (e.g. log of 0, ratio overflow) before training');
      }
    }
    const mask = batch.attnMask ?? new Array<number>(n).fill(1);
    const positions = batch.positions ?? positionsFromMask(mask, B, T);
    for (let i = 0; i < n; i++) {
      const p = positions[i]!;
      if (!Number.isInteger(p) || p < 0 || p >= cfg.maxSeqLen) throw new PolicyInputError('position-out-of-range', `positions[${i}] = ${p} is outside [0, ${cfg.maxSeqLen})`, 'positions count tokens within the context; leave them out to derive them from the mask');
    }

    const Tb = Math.min(cfg.maxSeqLen, Math.ceil(T / this.options.lengthBucket) * this.options.lengthBucket);
    const rowsPerRun = Math.max(1, Math.floor(this.options.maxTokensPerRun / Tb));
    const bb = this.options.batchBucket;
    const chunk = Math.min(Math.ceil(B / bb) * bb, Math.max(bb, Math.floor(rowsPerRun / bb) * bb));
    const withEnt = batch.entCoef !== undefined;
    const session = await this.sessions.get(`train:${chunk}:${Tb}:${withEnt}`, () =>
      buildTrainingGraph(cfg, { batch: chunk, seqLen: Tb, entropyCoef: withEnt }).encode(),
    );
    const weights = weightFeeds(this.layout, this.params);
    const grads = new Float32Array(this.layout.totalSize);
    // The first chunk's gradients are written by onnxruntime straight into `grads` (no copy here).
    const gradViews: Record<string, Feed> = {};
    for (const e of this.layout.entries) gradViews[`grad.${e.name}`] = { data: grads.subarray(e.offset, e.offset + e.size), dims: e.shape };
    const logp = new Float32Array(n);
    const entropy = new Float32Array(n);
    let objective = 0;
    for (let r0 = 0; r0 < B; r0 += chunk) {
      const rows = Math.min(chunk, B - r0);
      const ids = new BigInt64Array(chunk * Tb);
      const pos = new BigInt64Array(chunk * Tb);
      const m = new Float32Array(chunk * Tb);
      const c = new Float32Array(chunk * Tb);
      const ec = withEnt ? new Float32Array(chunk * Tb) : undefined;
      for (let r = 0; r < rows; r++) {
        for (let t = 0; t < T; t++) {
          const src = (r0 + r) * T + t;
          const dst = r * Tb + t;
          ids[dst] = BigInt(batch.ids[src]!);
          pos[dst] = BigInt(positions[src]!);
          m[dst] = mask[src]!;
          c[dst] = batch.coef[src]!;
          if (ec) ec[dst] = batch.entCoef![src]!;
        }
      }
      const out = await session.run({
        ...weights,
        ids: { data: ids, dims: [chunk, Tb] },
        positions: { data: pos, dims: [chunk, Tb] },
        attn_mask: { data: m, dims: [chunk, Tb] },
        coef: { data: c, dims: [chunk, Tb] },
        ...(ec ? { ent_coef: { data: ec, dims: [chunk, Tb] } } : {}),
      }, undefined, r0 === 0 ? gradViews : undefined);
      objective += out.objective![0] as number;
      const lp = out.logp as Float32Array;
      const en = out.entropy as Float32Array;
      for (let r = 0; r < rows; r++) {
        logp.set(lp.subarray(r * Tb, r * Tb + T), (r0 + r) * T);
        entropy.set(en.subarray(r * Tb, r * Tb + T), (r0 + r) * T);
      }
      for (const e of this.layout.entries) {
        const gsrc = out[`grad.${e.name}`] as Float32Array;
        if (r0 > 0) for (let i = 0; i < e.size; i++) grads[e.offset + i]! += gsrc[i]!;
      }
    }
    return { objective, logp, entropy, grads };
  }

  /**
   * Gradient of the batch, then one optimizer update of `params` in place. The objective is
   * minimised: coef must be d loss / d logp. `lr` overrides the optimizer's rate (schedules).
   */
  async step(batch: OrtTrainBatch, lr?: number): Promise<GradResult> {
    if (!this.optimizer) throw new PolicyInputError('config', 'OrtTrainer.step needs an optimizer', 'construct the trainer with an optimizer, e.g. new AdamW(layout.totalSize, {...})');
    const r = await this.gradients(batch);
    if (lr === undefined) this.optimizer.update(this.params, r.grads);
    else this.optimizer.update(this.params, r.grads, lr);
    return r;
  }

  async release(): Promise<void> {
    await this.sessions.release();
  }
}
