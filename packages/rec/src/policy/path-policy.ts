/**
 * The generative path policy of ProRL-rec on @prorl/policy's decoder-only transformer.
 *
 * Difference from the paper (research/prorl-rec.md §3.2): the reference is a T5 encoder–decoder
 * (3 + 3 layers, d_model 128) whose encoder reads `history ⊕ target ⊕ EOS` and whose decoder emits
 * the path. The project has one causal model, so here prompt and path are one sequence,
 * `history tokens ⊕ target tokens ⊕ SEP ⊕ path tokens ⊕ EOS` (see `path-tokenizer.ts`), and the policy
 * attends causally over the prompt instead of through cross-attention. The action space is the same:
 * up to P = 10 items × K = 4 semantic-ID tokens, then EOS (at most P·K + 1 = 41 new tokens), decoded
 * without constraints (invalid codes are possible, "hallucinations").
 *
 * Dimensions: G prompts, S samples per prompt, B = G·S rows (row b = g·S + s), P items, K tokens per
 * item, Tt = P·K + 1 generated tokens per row.
 *
 * Ownership: `params` is held by reference (training updates it in place and the rollout engine sees
 * the update); `release()` frees the ONNX sessions.
 */
import { OrtRolloutEngine, ParamLayout, resolveModelConfig, type ModelConfig, type SamplingConfig } from '@prorl/policy';
import { InvalidParamError, Rng } from '@prorl/rl-core';
import type { PathRecord, SemanticIds } from '../data/types.js';
import { pathRowLength } from '../rl/path-batch.js';
import { PathPolicyError } from './errors.js';
import { PATH_EOS_TOKEN, PATH_PAD_TOKEN, PathTokenizer } from './path-tokenizer.js';

export interface PathPolicyConfig {
  /** Transformer shape; vocabSize and maxSeqLen are derived from the tokenizer and the limits. Default: D 128, H 4, L 4, swiglu (≈ the reference's 3 + 3 T5 layers at d_model 128). */
  model: Partial<Omit<ModelConfig, 'vocabSize' | 'maxSeqLen'>>;
  /** History items in the prompt (the paper: exactly 10). */
  maxHistoryItems: number;
  /** P: items per path (`max_proactive_length` 10). */
  maxPathItems: number;
}

export const DEFAULT_PATH_POLICY_CONFIG: PathPolicyConfig = {
  model: { dModel: 128, nHeads: 4, nLayers: 4 },
  maxHistoryItems: 10,
  maxPathItems: 10,
};

export function resolvePathPolicyConfig(partial: Partial<PathPolicyConfig> = {}): PathPolicyConfig {
  const c: PathPolicyConfig = { ...DEFAULT_PATH_POLICY_CONFIG, ...partial, model: { ...DEFAULT_PATH_POLICY_CONFIG.model, ...(partial.model ?? {}) } };
  for (const k of ['maxHistoryItems', 'maxPathItems'] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 1) throw new InvalidParamError(`policy.${k}`, `must be a positive integer, got ${c[k]}`, 'use 10 (the paper)');
  }
  return c;
}

/** The full model config for a tokenizer and limits: maxSeqLen = prompt + P·K + 1, rounded up to 16. */
export function pathModelConfig(c: PathPolicyConfig, tok: PathTokenizer): ModelConfig {
  const need = tok.promptLength(c.maxHistoryItems) + pathRowLength(c.maxPathItems, tok.tokensPerItem);
  return resolveModelConfig({ ...c.model, vocabSize: tok.vocabSize, maxSeqLen: Math.ceil(need / 16) * 16 });
}

/** Sampling settings of rollouts (the reference: HF `generate` defaults, temperature 1, top_k 50). */
export interface PathSampling {
  temperature: number;
  topK: number;
  topP: number;
}

export const DEFAULT_PATH_SAMPLING: PathSampling = { temperature: 1, topK: 50, topP: 1 };

/** A batch of rollouts: S rows per prompt, row b = g·S + s. */
export interface PathRollout {
  G: number;
  S: number;
  /** `[B]` prompt tokens of each row. */
  prompts: number[][];
  /** `[B]` generated tokens of each row (EOS included, nothing after it). */
  tokens: number[][];
  /** `[B]` base-policy log-probs of the generated tokens (temperature 1, untruncated). */
  logProbs: number[][];
}

/** The rollouts on the `[B,Tt]` grid of `splitPaths` (PAD after the generated tokens). */
export interface RolloutGrid {
  Tt: number;
  /** `[B,Tt]` generated tokens, PAD-filled. */
  tokens: Int32Array;
  /** `[B]` generated tokens per row. */
  lengths: Int32Array;
  /** `[B,Tt]` their log-probs, 0 on padding. */
  logProbs: Float64Array;
}

/** Places rollouts on a `[B,Tt]` grid, Tt = P·K + 1. */
export function rolloutGrid(r: Pick<PathRollout, 'tokens' | 'logProbs'>, P: number, K: number): RolloutGrid {
  const Tt = pathRowLength(P, K);
  const B = r.tokens.length;
  const tokens = new Int32Array(B * Tt).fill(PATH_PAD_TOKEN);
  const lengths = new Int32Array(B);
  const logProbs = new Float64Array(B * Tt);
  for (let b = 0; b < B; b++) {
    const row = r.tokens[b]!;
    if (row.length > Tt) throw new PathPolicyError('too-long', `row ${b} has ${row.length} generated tokens, more than Tt = ${Tt}`, 'generate with maxNewTokens = P·K + 1');
    lengths[b] = row.length;
    for (let t = 0; t < row.length; t++) {
      tokens[b * Tt + t] = row[t]!;
      logProbs[b * Tt + t] = r.logProbs[b]![t]!;
    }
  }
  return { Tt, tokens, lengths, logProbs };
}

/** Anything that proposes paths for records (the policy, baselines). */
export interface PathGenerator {
  readonly name: string;
  /**
   * K candidate paths per record (raw item ids, null where undecodable). K = 1 is the method's
   * deterministic (greedy, "@1") output; K > 1 its best-of-K candidates.
   */
  generate(records: readonly PathRecord[], k: number, seed: number): Promise<(string | null)[][][]>;
}

export interface PathPolicyOptions {
  config?: Partial<PathPolicyConfig>;
  /** Initial weights (held by reference); default: a fresh initialisation from `seed`. */
  params?: Float32Array;
  /** Seed of a fresh initialisation. Default 2024 (the paper's pretraining seed). */
  seed?: number;
  /** Sampling for `sample` / best-of-K. */
  sampling?: Partial<PathSampling>;
  /** Rows per rollout-engine call (larger batches are chunked; the last chunk is padded to keep one session). Default 256. */
  maxRowsPerCall?: number;
}

export class PathPolicy implements PathGenerator {
  readonly name: string = 'policy';
  readonly config: PathPolicyConfig;
  readonly tokenizer: PathTokenizer;
  readonly modelConfig: ModelConfig;
  readonly layout: ParamLayout;
  readonly sampling: PathSampling;
  readonly maxRowsPerCall: number;
  params: Float32Array;
  private engine: OrtRolloutEngine | null = null;

  constructor(tokenizer: PathTokenizer, o: PathPolicyOptions = {}) {
    this.config = resolvePathPolicyConfig(o.config);
    this.tokenizer = tokenizer;
    this.modelConfig = pathModelConfig(this.config, tokenizer);
    this.layout = new ParamLayout(this.modelConfig);
    this.sampling = { ...DEFAULT_PATH_SAMPLING, ...(o.sampling ?? {}) };
    this.maxRowsPerCall = o.maxRowsPerCall ?? 256;
    if (o.params && o.params.length !== this.layout.totalSize) {
      throw new PathPolicyError('checkpoint', `params have ${o.params.length} floats but the policy config needs ${this.layout.totalSize}`, 'load weights saved with the same policy config and semantic IDs');
    }
    this.params = o.params ?? this.layout.init(new Rng(o.seed ?? 2024));
  }

  static fromSemanticIds(ids: SemanticIds | undefined, o: PathPolicyOptions = {}): PathPolicy {
    if (!ids || ids.size === 0) throw new PathPolicyError('no-semantic-ids', 'the dataset has no semantic IDs', 'prepare the dataset with semantic IDs (prorl-rec prepare builds them)');
    return new PathPolicy(PathTokenizer.fromSemanticIds(ids), o);
  }

  /** A policy with the same config and tokenizer over other weights (held by reference). */
  withParams(params: Float32Array): PathPolicy {
    return new PathPolicy(this.tokenizer, { config: this.config, params, sampling: this.sampling, maxRowsPerCall: this.maxRowsPerCall });
  }

  /** Named copy for reports (e.g. 'pretrained', 'prorl'); shares the weights. */
  named(name: string): PathGenerator {
    return { name, generate: (r, k, s) => this.generate(r, k, s) };
  }

  /** K (tokens per item). */
  get tokensPerItem(): number {
    return this.tokenizer.tokensPerItem;
  }

  /** Tt = P·K + 1: the most new tokens a rollout produces. */
  get maxNewTokens(): number {
    return pathRowLength(this.config.maxPathItems, this.tokensPerItem);
  }

  promptOf(r: Pick<PathRecord, 'history' | 'target'>): number[] {
    return this.tokenizer.encodePrompt(r.history, r.target, this.config.maxHistoryItems);
  }

  /** Replaces the weight buffer (held by reference). */
  setParams(params: Float32Array): void {
    if (params.length !== this.layout.totalSize) throw new PathPolicyError('checkpoint', `params have ${params.length} floats, the policy needs ${this.layout.totalSize}`, 'pass weights of this policy config');
    this.params = params;
    this.engine?.setWeights(params);
  }

  private getEngine(): OrtRolloutEngine {
    if (!this.engine) this.engine = new OrtRolloutEngine(this.modelConfig, this.params, { promptBucket: 16 });
    return this.engine;
  }

  /**
   * S samples for each of G prompts: rows g·S .. g·S+S−1 belong to prompt g. `seeds[b]` seeds row b
   * (default: derived from `seed`). Stops at EOS or after P·K + 1 tokens.
   */
  async sample(prompts: readonly number[][], S: number, o: { seed?: number; seeds?: readonly number[]; sampling?: Partial<SamplingConfig> } = {}): Promise<PathRollout> {
    const G = prompts.length;
    const B = G * S;
    const rows: number[][] = [];
    for (const p of prompts) for (let s = 0; s < S; s++) rows.push(p);
    let seeds = o.seeds;
    if (!seeds) {
      const rng = new Rng(o.seed ?? 0);
      seeds = Array.from({ length: B }, () => rng.nextU32());
    }
    if (seeds.length !== B) throw new InvalidParamError('seeds', `has ${seeds.length} entries for B = G·S = ${B} rows`, 'pass one seed per row');
    const sampling: Partial<SamplingConfig> = { ...this.sampling, ...(o.sampling ?? {}), maxNewTokens: this.maxNewTokens, stopTokens: [PATH_EOS_TOKEN] };
    const engine = this.getEngine();
    const tokens: number[][] = [];
    const logProbs: number[][] = [];
    const chunk = Math.max(1, this.maxRowsPerCall);
    for (let r0 = 0; r0 < B; r0 += chunk) {
      const n = Math.min(chunk, B - r0);
      // pad a short last chunk (only when there were full chunks before) to reuse the session
      const width = B > chunk ? chunk : n;
      const ps: number[][] = [];
      const ss: number[] = [];
      for (let i = 0; i < width; i++) {
        const src = r0 + Math.min(i, n - 1);
        ps.push(rows[src]!);
        ss.push(seeds[src]!);
      }
      const out = await engine.generate({ prompts: ps, seeds: ss, sampling });
      for (let i = 0; i < n; i++) {
        tokens.push(out.tokens[i]!);
        logProbs.push(out.logProbs[i]!);
      }
    }
    return { G, S, prompts: rows, tokens, logProbs };
  }

  /** Greedy (argmax) outputs, one row per prompt. */
  async greedy(prompts: readonly number[][]): Promise<PathRollout> {
    return this.sample(prompts, 1, { seeds: prompts.map(() => 0), sampling: { temperature: 0, topK: 0, topP: 1 } });
  }

  /** Decodes every row's items (null = invalid code). */
  decodeRows(r: Pick<PathRollout, 'tokens'>): (string | null)[][] {
    return r.tokens.map((t) => this.tokenizer.decodeOutput(t, this.config.maxPathItems).items);
  }

  /**
   * K = 1: the greedy path; K > 1: K sampled paths (best-of-K candidates) with the policy's sampling.
   * Records whose target has no semantic ID get K empty paths.
   */
  async generate(records: readonly PathRecord[], k: number, seed: number): Promise<(string | null)[][][]> {
    if (!Number.isInteger(k) || k < 1) throw new InvalidParamError('k', `must be a positive integer, got ${k}`, 'use 1 for greedy (@1) or K > 1 for best-of-K');
    const ok = records.map((r) => this.tokenizer.knows(r.target));
    const prompts = records.filter((_, i) => ok[i]).map((r) => this.promptOf(r));
    const out: (string | null)[][][] = [];
    const roll = prompts.length === 0 ? null : k === 1 ? await this.greedy(prompts) : await this.sample(prompts, k, { seed });
    const decoded = roll ? this.decodeRows(roll) : [];
    let g = 0;
    for (let i = 0; i < records.length; i++) {
      if (!ok[i]) {
        out.push(Array.from({ length: k }, () => []));
        continue;
      }
      out.push(decoded.slice(g * k, g * k + k));
      g++;
    }
    return out;
  }

  async release(): Promise<void> {
    if (this.engine) await this.engine.release();
    this.engine = null;
  }
}
