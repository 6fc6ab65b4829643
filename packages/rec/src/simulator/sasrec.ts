/**
 * SASRec user simulator (Kang & McAuley 2018; RecBole's `SASRec`, as the paper's simulator), built
 * from the policy package's one model definition: a causal transformer over item ids with
 *   vocab V = N + 1 (dense items 1..N, 0 = padding), tied embeddings (logits = h · tok_embᵀ, RecBole's
 *   `full_sort_predict` = seq_output · item_embᵀ), 2 layers, width 64, 2 heads, FFN 256 (GELU), max
 *   length 50, full-catalogue softmax, next-item cross-entropy.
 * Differences from RecBole's SASRec (documented, deliberate): RMSNorm instead of LayerNorm, rotary
 * position embeddings instead of learned absolute positions, no biases, no dropout (RecBole: 0.5);
 * the policy model's final norm plays the role of SASRec's input LayerNorm. Training uses every
 * position of a window (RecBole trains each prefix's last position; same targets, summed).
 *
 * Padding semantics: a sequence's score is the output at its LAST REAL position with padding after it
 * masked (right padding, as RecBole's evaluation — not the left-padded quirk of the paper's training
 * reward, see research/prorl-rec.md §2). `scoreAllReference` computes exactly that on the full
 * forward graph ([B,T,V] logits, right padding, gather at len − 1). The fast `scoreAll` packs each
 * row flush right (pads first, masked as keys, RoPE positions counted from the first real item) and
 * runs the transformer with `lastOnly`, so the LM head runs on one row per sequence ([B,V] out, not
 * [B,T,V]); under the causal + key mask this is the same function, checked by an equivalence test.
 *
 * Shapes: B sequences, T padded length (≤ maxLen), V = N + 1.
 */
import { Rng } from '@prorl/rl-core';
import {
  Graph,
  OrtTrainer,
  ParamLayout,
  SessionCache,
  buildForwardGraph,
  decayMaskFromLayout,
  emitTransformer,
  loadCheckpoint,
  paramSpecs,
  resolveModelConfig,
  saveCheckpoint,
  weightFeeds,
  type ModelConfig,
} from '@prorl/policy';
import { SimulatorConfigError, SimulatorInputError, checkSequences } from './errors.js';
import { DEFAULT_SIMULATOR_SESSION_OPTIONS, scoreChunks, type SimulatorSessionOptions } from './score-chunks.js';
import type { LossAndGrad, TrainableSimulator } from './trainable.js';
import type { WindowBatch } from './windows.js';

export interface SasRecConfig {
  /** N: real items (dense ids 1..N). */
  numItems: number;
  /** Width. Paper/RecBole: 64. */
  dModel: number;
  /** Paper/RecBole: 2. */
  nHeads: number;
  /** Paper/RecBole: 2. */
  nLayers: number;
  /** FFN inner size. RecBole: 256. */
  dFF: number;
  /** MAX_ITEM_LIST_LENGTH. Paper: 50. */
  maxLen: number;
}

export const DEFAULT_SASREC_CONFIG: Omit<SasRecConfig, 'numItems'> = { dModel: 64, nHeads: 2, nLayers: 2, dFF: 256, maxLen: 50 };

export function resolveSasRecConfig(partial: Partial<SasRecConfig> & { numItems: number }): SasRecConfig {
  const cfg: SasRecConfig = { ...DEFAULT_SASREC_CONFIG, ...partial };
  if (!Number.isInteger(cfg.numItems) || cfg.numItems < 1) throw new SimulatorConfigError('numItems', `must be a positive integer, got ${cfg.numItems}`, 'pass the catalogue size (ItemIndex.size)');
  if (!Number.isInteger(cfg.maxLen) || cfg.maxLen < 2) throw new SimulatorConfigError('maxLen', `must be an integer >= 2, got ${cfg.maxLen}`, 'use 50 (the paper)');
  sasrecModelConfig(cfg); // validates the transformer fields (ModelConfigError names the field)
  return cfg;
}

/** The policy-package model config of a SASRec simulator. */
export function sasrecModelConfig(c: SasRecConfig): ModelConfig {
  return resolveModelConfig({
    vocabSize: c.numItems + 1,
    dModel: c.dModel,
    nHeads: c.nHeads,
    nLayers: c.nLayers,
    dFF: c.dFF,
    maxSeqLen: c.maxLen,
    mlp: 'gelu',
    tieEmbeddings: true,
  });
}

export type SasRecOptions = SimulatorSessionOptions;

export class SasRecSimulator implements TrainableSimulator {
  readonly kind = 'sasrec' as const;
  readonly config: SasRecConfig;
  readonly model: ModelConfig;
  readonly layout: ParamLayout;
  readonly params: Float32Array;
  private readonly sessions: SessionCache;
  private trainer: OrtTrainer | undefined;
  private readonly options: SasRecOptions;

  /** `params` (flat, ParamLayout order of `sasrecModelConfig(config)`) is held by reference. */
  constructor(config: SasRecConfig, params: Float32Array, options: Partial<SasRecOptions> = {}) {
    this.config = resolveSasRecConfig(config);
    this.model = sasrecModelConfig(this.config);
    this.layout = new ParamLayout(this.model);
    weightFeeds(this.layout, params); // validates the length
    this.params = params;
    this.options = { ...DEFAULT_SIMULATOR_SESSION_OPTIONS, ...options };
    this.sessions = new SessionCache(this.options.session, this.options.maxSessions);
  }

  /** A freshly initialised simulator (GPT-2-style init from the seeded generator). */
  static create(partial: Partial<SasRecConfig> & { numItems: number }, rng: Rng, options: Partial<SasRecOptions> = {}): SasRecSimulator {
    const cfg = resolveSasRecConfig(partial);
    return new SasRecSimulator(cfg, new ParamLayout(sasrecModelConfig(cfg)).init(rng), options);
  }

  get numItems(): number {
    return this.config.numItems;
  }
  get maxLen(): number {
    return this.config.maxLen;
  }

  decayMask(): Uint8Array {
    return decayMaskFromLayout(this.layout);
  }

  /** Next-item logits [B, N+1] at each sequence's last real item (fast path, see file doc). */
  async scoreAll(seqs: readonly (readonly number[])[]): Promise<Float32Array> {
    const rows = checkSequences(seqs, this.numItems, this.maxLen);
    const V = this.numItems + 1;
    const out = new Float32Array(rows.length * V);
    const weights = weightFeeds(this.layout, this.params);
    for (const { r0, n, rows: chunk, T } of scoreChunks(rows, this.maxLen)) {
      const session = await this.sessions.get(`score:${chunk}:${T}`, () => buildSasRecScoreGraph(this.model, chunk, T).encode());
      const ids = new BigInt64Array(chunk * T);
      const pos = new BigInt64Array(chunk * T);
      const mask = new Float32Array(chunk * T);
      for (let r = 0; r < n; r++) {
        const s = rows[r0 + r]!;
        const pad = T - s.length;
        for (let t = 0; t < s.length; t++) {
          ids[r * T + pad + t] = BigInt(s[t]!);
          pos[r * T + pad + t] = BigInt(t);
          mask[r * T + pad + t] = 1;
        }
      }
      const res = await session.run({
        ...weights,
        ids: { data: ids, dims: [chunk, T] },
        positions: { data: pos, dims: [chunk, T] },
        attn_mask: { data: mask, dims: [chunk, T] },
      });
      out.set((res.logits as Float32Array).subarray(0, n * V), r0 * V);
    }
    return out;
  }

  /**
   * Readable reference of `scoreAll`: the policy's full forward graph on right-padded rows [B,T]
   * (T = longest sequence), logits [B,T,V], gathered at each row's last real position. Slow on large
   * batches (computes every position's logits); used by the equivalence test.
   */
  async scoreAllReference(seqs: readonly (readonly number[])[]): Promise<Float32Array> {
    const rows = checkSequences(seqs, this.numItems, this.maxLen, 'scoreAllReference');
    const B = rows.length;
    const T = rows.reduce((m, s) => Math.max(m, s.length), 1);
    const V = this.numItems + 1;
    const ids = new BigInt64Array(B * T);
    const pos = new BigInt64Array(B * T);
    const mask = new Float32Array(B * T);
    rows.forEach((s, b) =>
      s.forEach((it, t) => {
        ids[b * T + t] = BigInt(it);
        pos[b * T + t] = BigInt(t);
        mask[b * T + t] = 1;
      }),
    );
    const session = await this.sessions.get(`ref:${B}:${T}`, () => buildForwardGraph(this.model, { batch: B, seqLen: T }, { logits: true }).encode());
    const res = await session.run({
      ...weightFeeds(this.layout, this.params),
      ids: { data: ids, dims: [B, T] },
      positions: { data: pos, dims: [B, T] },
      attn_mask: { data: mask, dims: [B, T] },
    });
    const logits = res.logits as Float32Array;
    const out = new Float32Array(B * V);
    rows.forEach((s, b) => out.set(logits.subarray((b * T + s.length - 1) * V, (b * T + s.length) * V), b * V));
    return out;
  }

  /**
   * Mean next-item cross-entropy of a right-padded window batch and its gradient, on the policy's
   * training graph via `OrtTrainer` (coef = −trainMask / Σ trainMask: the objective is the loss).
   */
  async lossAndGrad(batch: WindowBatch): Promise<LossAndGrad> {
    if (batch.targets === 0) throw new SimulatorInputError('no-data', 'training batch has no next-item targets', 'give windows with at least two items');
    if (batch.T > this.maxLen) throw new SimulatorInputError('too-long', `window length ${batch.T} exceeds maxLen ${this.maxLen}`, 'cut sequences with trainingWindows(seqs, maxLen)');
    for (let i = 0; i < batch.ids.length; i++) {
      const it = batch.ids[i]!;
      if (it < 0 || it > this.numItems) throw new SimulatorInputError('item-out-of-range', `training batch holds item ${it}, outside 0..${this.numItems}`, 'encode items with the simulator\'s ItemIndex');
    }
    this.trainer ??= new OrtTrainer(this.model, this.params, undefined, { lengthBucket: 16, batchBucket: 8, maxTokensPerRun: 8192, session: this.options.session, maxSessions: 4 });
    const coef = new Float32Array(batch.trainMask.length);
    const inv = -1 / batch.targets;
    for (let i = 0; i < coef.length; i++) coef[i] = batch.trainMask[i]! * inv;
    const r = await this.trainer.gradients({ B: batch.B, T: batch.T, ids: batch.ids, coef, attnMask: batch.mask });
    return { loss: r.objective, grads: r.grads };
  }

  async save(dir: string, metadata: Record<string, unknown> = {}): Promise<void> {
    await saveCheckpoint(dir, { config: this.model, params: this.params, step: 0, metadata: { ...metadata, simulator: { kind: this.kind, config: this.config } } });
  }

  /** Loads a checkpoint written by `save` (policy checkpoint directory). */
  static async load(dir: string, options: Partial<SasRecOptions> = {}): Promise<SasRecSimulator> {
    const ck = await loadCheckpoint(dir);
    const sim = ck.metadata?.simulator as { kind?: string; config?: SasRecConfig } | undefined;
    if (!sim || sim.kind !== 'sasrec' || !sim.config) {
      throw new SimulatorConfigError('checkpoint', `${dir} is a policy checkpoint without SASRec simulator metadata`, 'load a directory written by SasRecSimulator.save / trainSimulator');
    }
    return new SasRecSimulator(sim.config, ck.params, options);
  }

  async release(): Promise<void> {
    await this.sessions.release();
    if (this.trainer) await this.trainer.release();
    this.trainer = undefined;
  }
}

/**
 * Scoring graph: inputs = every weight, `ids` int64 [B,T], `positions` int64 [B,T], `attn_mask`
 * float [B,T] (rows packed flush right); output `logits` [B,V] at the last column.
 */
export function buildSasRecScoreGraph(cfg: ModelConfig, B: number, T: number): Graph {
  const g = new Graph({ name: 'sasrec_score' });
  const w = new Map<string, string>();
  for (const s of paramSpecs(cfg)) w.set(s.name, g.input(s.name, s.shape, g.float));
  const ids = g.input('ids', [B, T], 'int64');
  const positions = g.input('positions', [B, T], 'int64');
  const keyMask = g.input('attn_mask', [B, T], g.float);
  const { logits } = emitTransformer(g, cfg, { w, B, S: T, C: 0, ids, positions, keyMask, lastOnly: true });
  g.output(logits, 'logits');
  return g;
}
