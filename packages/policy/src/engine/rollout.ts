/**
 * Batched generation on onnxruntime with a KV cache (`../onnx/kv-graph.ts`).
 *
 * Per call: prompts are left-padded to a bucketed length P (multiple of `promptBucket`), one prefill
 * run fills cache slots [0,P), then one single-token decode run per new token over a fixed-capacity
 * cache of C = P + maxNewTokens − 1 slots. The cache lives in JS Float32Arrays fed zero-copy; each
 * decode returns only the new token's keys/values, which are written into slot P + step. RoPE
 * positions count real tokens only, so padding does not shift them.
 *
 * Weights are graph inputs: the engine reads the flat buffer it was given on every run, so an
 * optimizer updating that buffer in place is seen by the next `generate` without any export.
 *
 * Log-probs: `logProbs[b][i]` = log_softmax(logits)[token] at temperature 1, untruncated (the base
 * policy), the same quantity the training graph computes as `logp`.
 *
 * Note: `session.run` blocks the event loop; run this inside `worker.ts` when the process must stay live.
 */
import type { Rng } from '@prorl/rl-core';
import type { ModelConfig } from '../model/config.js';
import { ParamLayout } from '../model/params.js';
import { PolicyInputError, checkTokens, int64, weightFeeds } from '../onnx/feeds.js';
import { buildKvGraph, pastKeyName, pastValueName, presentKeyName, presentValueName } from '../onnx/kv-graph.js';
import type { Feed, OrtSessionOptions } from '../onnx/ort.js';
import { BatchSampler, type RolloutResult } from './batch-sampler.js';
import { type SamplingConfig, resolveSamplingConfig } from './sampler.js';
import { SessionCache } from './session-cache.js';

export type { FinishReason, RolloutResult } from './batch-sampler.js';

export interface GenerateRequest {
  /** Token ids per row (each non-empty). */
  prompts: readonly ArrayLike<number>[];
  /** One seed (or generator) per row: the same seed gives the same output. */
  seeds: readonly (number | Rng)[];
  sampling?: Partial<SamplingConfig>;
}

export interface RolloutEngineOptions {
  /** Prompt lengths are padded up to a multiple of this (fewer distinct sessions). Default 16. */
  promptBucket: number;
  session: Partial<OrtSessionOptions>;
  /** Sessions kept (one per batch size × prompt bucket × cache length). Default 8. */
  maxSessions: number;
}

export const DEFAULT_ROLLOUT_ENGINE_OPTIONS: RolloutEngineOptions = { promptBucket: 16, session: {}, maxSessions: 8 };

export class OrtRolloutEngine {
  readonly layout: ParamLayout;
  readonly options: RolloutEngineOptions;
  private readonly sessions: SessionCache;
  private weights: Float32Array;

  /** `weights` is held by reference (not copied): in-place updates are seen by the next call. */
  constructor(
    readonly config: ModelConfig,
    weights: Float32Array,
    options: Partial<RolloutEngineOptions> = {},
  ) {
    this.layout = new ParamLayout(config);
    this.options = { ...DEFAULT_ROLLOUT_ENGINE_OPTIONS, ...options };
    weightFeeds(this.layout, weights); // validates the length
    this.weights = weights;
    this.sessions = new SessionCache(this.options.session, this.options.maxSessions);
  }

  /** Replaces the weight buffer (held by reference). */
  setWeights(weights: Float32Array): void {
    weightFeeds(this.layout, weights);
    this.weights = weights;
  }

  async generate(req: GenerateRequest): Promise<RolloutResult> {
    const cfg = this.config;
    const sampling = resolveSamplingConfig(req.sampling);
    const B = req.prompts.length;
    if (B === 0) return { tokens: [], logProbs: [], finishReasons: [] };
    if (req.seeds.length !== B) throw new PolicyInputError('shape', `got ${req.seeds.length} seeds for ${B} prompts`, 'pass one seed per prompt row');
    const maxNew = sampling.maxNewTokens;
    let maxLen = 0;
    req.prompts.forEach((p, b) => {
      if (p.length === 0) throw new PolicyInputError('shape', `prompt ${b} is empty`, 'give every row at least one token (e.g. a BOS token)');
      checkTokens(cfg, p, `prompts[${b}]`);
      if (p.length + maxNew > cfg.maxSeqLen) {
        throw new PolicyInputError('too-long', `prompt ${b} has ${p.length} tokens + maxNewTokens ${maxNew} > maxSeqLen ${cfg.maxSeqLen}`, 'truncate the prompt or lower maxNewTokens');
      }
      maxLen = Math.max(maxLen, p.length);
    });
    checkTokens(cfg, sampling.stopTokens, 'sampling.stopTokens');

    const bucket = this.options.promptBucket;
    const P = Math.ceil(maxLen / bucket) * bucket;
    const C = P + maxNew - 1;
    const H = cfg.nHeads;
    const dh = cfg.dModel / H;
    const V = cfg.vocabSize;
    const L = cfg.nLayers;
    const weights = weightFeeds(this.layout, this.weights);

    // Prefill: left-padded prompts [B,P].
    const ids = new Array<number>(B * P).fill(0);
    const pos = new Array<number>(B * P).fill(0);
    const pmask = new Float32Array(B * P);
    const lens = req.prompts.map((p) => p.length);
    req.prompts.forEach((p, b) => {
      const off = P - p.length;
      for (let i = 0; i < p.length; i++) {
        ids[b * P + off + i] = p[i]!;
        pos[b * P + off + i] = i;
        pmask[b * P + off + i] = 1;
      }
    });
    const prefill = await this.sessions.get(`prefill:${B}:${P}`, () => buildKvGraph(cfg, { batch: B, newTokens: P, cacheLen: 0 }).encode());
    const pre = await prefill.run({
      ...weights,
      ids: { data: int64(ids), dims: [B, P] },
      positions: { data: int64(pos), dims: [B, P] },
      attn_mask: { data: pmask, dims: [B, P] },
    });

    // Cache [B,H,C,dh] per layer; mask [B,C+1] (last column: the token being fed).
    const K: Float32Array[] = [];
    const Vc: Float32Array[] = [];
    for (let l = 0; l < L; l++) {
      K.push(new Float32Array(B * H * C * dh));
      Vc.push(new Float32Array(B * H * C * dh));
      writeSlots(K[l]!, pre[presentKeyName(l)] as Float32Array, B, H, C, P, dh, 0);
      writeSlots(Vc[l]!, pre[presentValueName(l)] as Float32Array, B, H, C, P, dh, 0);
    }
    const mask = new Float32Array(B * (C + 1));
    for (let b = 0; b < B; b++) {
      for (let s = 0; s < P; s++) mask[b * (C + 1) + s] = pmask[b * P + s]!;
      mask[b * (C + 1) + C] = 1;
    }

    const rows = new BatchSampler(B, sampling, req.seeds);
    rows.take(pre.logits as Float32Array, V);

    if (maxNew > 1 && !rows.done) {
      const decode = await this.sessions.get(`decode:${B}:${C}`, () => buildKvGraph(cfg, { batch: B, newTokens: 1, cacheLen: C }).encode());
      const past: Record<string, Feed> = {};
      for (let l = 0; l < L; l++) {
        past[pastKeyName(l)] = { data: K[l]!, dims: [B, H, C, dh] };
        past[pastValueName(l)] = { data: Vc[l]!, dims: [B, H, C, dh] };
      }
      for (let step = 1; step < maxNew && !rows.done; step++) {
        // Feed generated token #step−1; it occupies slot P + step − 1.
        const posNow = lens.map((n) => n + step - 1);
        const out = await decode.run({
          ...weights,
          ...past,
          ids: { data: int64(rows.last), dims: [B, 1] },
          positions: { data: int64(posNow), dims: [B, 1] },
          attn_mask: { data: mask, dims: [B, C + 1] },
        });
        const slot = P + step - 1;
        for (let l = 0; l < L; l++) {
          writeSlots(K[l]!, out[presentKeyName(l)] as Float32Array, B, H, C, 1, dh, slot);
          writeSlots(Vc[l]!, out[presentValueName(l)] as Float32Array, B, H, C, 1, dh, slot);
        }
        for (let b = 0; b < B; b++) mask[b * (C + 1) + slot] = 1;
        rows.take(out.logits as Float32Array, V);
      }
    }
    return rows.result();
  }

  /** Frees every session. */
  async release(): Promise<void> {
    await this.sessions.release();
  }
}

/** Copies src [B,H,S,dh] into slots [at, at+S) of cache [B,H,C,dh]. */
function writeSlots(cache: Float32Array, src: Float32Array, B: number, H: number, C: number, S: number, dh: number, at: number): void {
  for (let bh = 0; bh < B * H; bh++) {
    cache.set(src.subarray(bh * S * dh, (bh + 1) * S * dh), (bh * C + at) * dh);
  }
}
