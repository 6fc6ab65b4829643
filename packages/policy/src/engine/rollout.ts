/**
 * Batched generation on onnxruntime with a KV cache (`../onnx/kv-graph.ts`).
 *
 * Per call: prompts are left-padded to a bucketed length P (multiple of `promptBucket`), one prefill
 * run fills cache slots [0,P), then one single-token decode run per new token. The cache lives in JS
 * Float32Arrays [B,H,cap,dh] per layer, fed zero-copy; its capacity grows in chunks of `cacheChunk`
 * slots (up to C = P + maxNewTokens − 1) as tokens are generated, so early steps read a short cache.
 * The decode graph's 'split' attention (`../onnx/transformer.ts`) reads the cache without copying it;
 * batch size and cache length are symbolic dims, so one decode session serves every capacity and
 * batch, and rows that finished (stop token) are dropped from the computed batch (`compactFraction`)
 * instead of being decoded to the end. Each decode returns only the new token's keys/values, which
 * are written into slot P + step − 1. RoPE positions count real tokens only, so padding does not
 * shift them. Prefill sessions are per prompt bucket P (batch symbolic as well).
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
import { KvCache } from './kv-cache.js';
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
  /** Sessions kept (prefill: one per prompt bucket; decode: one). Default 8. */
  maxSessions: number;
  /** The KV cache grows in chunks of this many slots (smaller = less cache read per step, more regrowth copies). Default 32. */
  cacheChunk: number;
  /**
   * Finished rows (stop token) are dropped from the computed batch once they are at least this
   * fraction of it (0 = as soon as one finishes; > 1 = never). Each compaction moves the live rows'
   * cache once. Default 0.125.
   */
  compactFraction: number;
}

export const DEFAULT_ROLLOUT_ENGINE_OPTIONS: RolloutEngineOptions = { promptBucket: 16, session: {}, maxSessions: 8, cacheChunk: 32, compactFraction: 0.125 };

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
    for (const k of ['promptBucket', 'maxSessions', 'cacheChunk'] as const) {
      const v = this.options[k];
      if (!Number.isInteger(v) || v < 1) throw new PolicyInputError('config', `rollout option ${k} must be an integer >= 1, got ${v}`, `pass e.g. ${DEFAULT_ROLLOUT_ENGINE_OPTIONS[k]}`);
    }
    if (!(this.options.compactFraction >= 0)) throw new PolicyInputError('config', `rollout option compactFraction must be a number >= 0, got ${this.options.compactFraction}`, 'pass e.g. 0.125, or 2 to never compact');
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
    const prefill = await this.sessions.get(`prefill:${P}`, () => buildKvGraph(cfg, { batch: B, newTokens: P, cacheLen: 0, symbolicBatch: true }).encode());
    const pre = await prefill.run({
      ...weights,
      ids: { data: int64(ids), dims: [B, P] },
      positions: { data: int64(pos), dims: [B, P] },
      attn_mask: { data: pmask, dims: [B, P] },
    });

    const rows = new BatchSampler(B, sampling, req.seeds);
    rows.take(pre.logits as Float32Array, V);
    if (maxNew === 1 || rows.done) return rows.result();

    // Cache [B,H,cap,dh] per layer and key mask [B,cap+1] (last column: the token being fed). Decode
    // step s (1-based) reads slots [0, P+s−1) and its new keys go to slot P+s−1, so it needs cap ≥ P+s.
    const chunk = this.options.cacheChunk;
    const capFor = (need: number) => Math.min(C, Math.ceil(need / chunk) * chunk);
    const cache = new KvCache(B, H, dh, L, C, capFor(P + 1));
    for (let l = 0; l < L; l++) {
      cache.write(cache.keys[l]!, pre[presentKeyName(l)] as Float32Array, P, 0);
      cache.write(cache.values[l]!, pre[presentValueName(l)] as Float32Array, P, 0);
    }
    for (let b = 0; b < B; b++) for (let s = 0; s < P; s++) cache.mask[b * (cache.cap + 1) + s] = pmask[b * P + s]!;

    // One decode session for every batch size and cache length (both symbolic).
    const decode = await this.sessions.get('decode', () => buildKvGraph(cfg, { batch: B, newTokens: 1, cacheLen: C, symbolicBatch: true }).encode());
    /** Batch rows still computed, in cache order (finished rows are dropped by compaction). */
    let live = Array.from({ length: B }, (_, b) => b);
    for (let step = 1; step < maxNew && !rows.done; step++) {
      const finished = live.filter((b) => rows.finished(b)).length;
      if (finished > 0 && finished >= this.options.compactFraction * live.length) {
        const keep = live.flatMap((b, i) => (rows.finished(b) ? [] : [i]));
        cache.compact(keep);
        live = keep.map((i) => live[i]!);
      }
      const n = live.length;
      const slot = P + step - 1; // generated token #step−1 is fed now and occupies this slot
      if (slot + 1 > cache.cap) cache.grow(capFor(slot + 1));
      const cap = cache.cap;
      const ids1 = new BigInt64Array(n);
      const pos1 = new BigInt64Array(n);
      live.forEach((b, i) => {
        ids1[i] = BigInt(rows.last[b]!);
        pos1[i] = BigInt(lens[b]! + step - 1);
      });
      const feeds: Record<string, Feed> = {
        ...weights,
        ids: { data: ids1, dims: [n, 1] },
        positions: { data: pos1, dims: [n, 1] },
        attn_mask: { data: cache.mask, dims: [n, cap + 1] },
      };
      for (let l = 0; l < L; l++) {
        feeds[pastKeyName(l)] = { data: cache.keys[l]!, dims: [n, H, cap, dh] };
        feeds[pastValueName(l)] = { data: cache.values[l]!, dims: [n, H, cap, dh] };
      }
      const out = await decode.run(feeds);
      for (let l = 0; l < L; l++) {
        cache.write(cache.keys[l]!, out[presentKeyName(l)] as Float32Array, 1, slot);
        cache.write(cache.values[l]!, out[presentValueName(l)] as Float32Array, 1, slot);
      }
      for (let i = 0; i < n; i++) cache.mask[i * (cap + 1) + slot] = 1;
      rows.take(out.logits as Float32Array, V, live);
    }
    return rows.result();
  }

  /** Frees every session. */
  async release(): Promise<void> {
    await this.sessions.release();
  }
}
