/**
 * Rollouts from an external decoder exported in the Hugging Face Optimum layout
 * (decoder-with-past: `input_ids`, `attention_mask`, optional `position_ids`,
 * `past_key_values.<l>.key|value` inputs; `logits`, `present.<l>.key|value` outputs; dynamic shapes,
 * weights inside the model). Same sampling and result contract as `OrtRolloutEngine`.
 *
 * Per call: left-padded prompts run once with an empty past (past length 0), then one run per new
 * token feeding the previous `present.*` as `past_key_values.*` (Optimum returns the whole cache,
 * which ORT copies every step: slower than our fixed-slot cache, fine for external models).
 * Layers are counted from the input names; heads and head width come from the caller (the HF
 * config's num_key_value_heads and head_dim) or, when the model declares them, from its metadata.
 */
import type { Rng } from '@prorl/rl-core';
import { PolicyInputError, int64, positionsFromMask } from '../onnx/feeds.js';
import { OPTIMUM_NAMES } from '../onnx/optimum-export.js';
import { type Feed, OrtSession, type OrtSessionOptions } from '../onnx/ort.js';
import { BatchSampler, type RolloutResult } from './batch-sampler.js';
import { type SamplingConfig, resolveSamplingConfig } from './sampler.js';

export interface OptimumDecoderInfo {
  /** Key/value heads per layer (HF num_key_value_heads). */
  kvHeads: number;
  /** Head width (HF head_dim, usually hidden_size / num_attention_heads). */
  headDim: number;
  /** Longest prompt + response accepted (checked before running). Default Infinity. */
  maxSeqLen?: number;
  /** Token id used for left padding (masked out). Default 0. */
  padTokenId?: number;
}

export interface OptimumGenerateRequest {
  prompts: readonly ArrayLike<number>[];
  seeds: readonly (number | Rng)[];
  sampling?: Partial<SamplingConfig>;
}

export class OptimumRolloutEngine {
  readonly nLayers: number;
  private readonly usesPositions: boolean;

  private constructor(
    private readonly session: OrtSession,
    readonly info: OptimumDecoderInfo,
  ) {
    const names = session.inputNames;
    const layers = names.map((n) => /^past_key_values\.(\d+)\.key$/.exec(n)).filter((m): m is RegExpExecArray => m !== null);
    if (!names.includes(OPTIMUM_NAMES.inputIds) || !names.includes(OPTIMUM_NAMES.attentionMask) || layers.length === 0) {
      throw new PolicyInputError(
        'config',
        `model inputs [${names.join(', ')}] are not an Optimum decoder-with-past`,
        'export with `optimum-cli export onnx --task text-generation-with-past` (inputs input_ids, attention_mask, past_key_values.N.key/value)',
      );
    }
    this.nLayers = layers.length;
    this.usesPositions = names.includes(OPTIMUM_NAMES.positionIds);
  }

  /** Loads model bytes (read a .onnx file with fs.readFile). */
  static async create(model: Uint8Array, info: OptimumDecoderInfo, session: Partial<OrtSessionOptions> = {}): Promise<OptimumRolloutEngine> {
    const s = await OrtSession.create(model, session);
    try {
      return new OptimumRolloutEngine(s, info);
    } catch (e) {
      await s.release();
      throw e;
    }
  }

  async generate(req: OptimumGenerateRequest): Promise<RolloutResult> {
    const sampling = resolveSamplingConfig(req.sampling);
    const B = req.prompts.length;
    if (B === 0) return { tokens: [], logProbs: [], finishReasons: [] };
    if (req.seeds.length !== B) throw new PolicyInputError('shape', `got ${req.seeds.length} seeds for ${B} prompts`, 'pass one seed per prompt row');
    const maxNew = sampling.maxNewTokens;
    const maxSeq = this.info.maxSeqLen ?? Infinity;
    const P = Math.max(...req.prompts.map((p) => p.length));
    req.prompts.forEach((p, b) => {
      if (p.length === 0) throw new PolicyInputError('shape', `prompt ${b} is empty`, 'give every row at least one token');
      if (p.length + maxNew > maxSeq) throw new PolicyInputError('too-long', `prompt ${b} has ${p.length} tokens + maxNewTokens ${maxNew} > maxSeqLen ${maxSeq}`, 'truncate the prompt or lower maxNewTokens');
    });
    const H = this.info.kvHeads;
    const dh = this.info.headDim;
    const L = this.nLayers;
    const pad = this.info.padTokenId ?? 0;

    const ids = new Array<number>(B * P).fill(pad);
    const mask: number[][] = Array.from({ length: B }, () => new Array<number>(P).fill(0));
    req.prompts.forEach((p, b) => {
      for (let i = 0; i < p.length; i++) {
        ids[b * P + P - p.length + i] = p[i]!;
        mask[b]![P - p.length + i] = 1;
      }
    });
    const lens = req.prompts.map((p) => p.length);
    let past: Record<string, Feed> = {};
    for (let l = 0; l < L; l++) {
      past[OPTIMUM_NAMES.pastKey(l)] = { data: new Float32Array(0), dims: [B, H, 0, dh] };
      past[OPTIMUM_NAMES.pastValue(l)] = { data: new Float32Array(0), dims: [B, H, 0, dh] };
    }
    const rows = new BatchSampler(B, sampling, req.seeds);
    let inputIds = ids;
    let S = P;
    let positions: ArrayLike<number> = positionsFromMask(mask.flat(), B, P);
    for (let step = 0; step < maxNew && !rows.done; step++) {
      const K = mask[0]!.length;
      const out = await this.session.run({
        ...past,
        [OPTIMUM_NAMES.inputIds]: { data: int64(inputIds), dims: [B, S] },
        [OPTIMUM_NAMES.attentionMask]: { data: int64(mask.flat()), dims: [B, K] },
        ...(this.usesPositions ? { [OPTIMUM_NAMES.positionIds]: { data: int64(positions), dims: [B, S] } } : {}),
      });
      const logits = out[OPTIMUM_NAMES.logits] as Float32Array;
      const V = logits.length / (B * S);
      const last = new Float32Array(B * V);
      for (let b = 0; b < B; b++) last.set(logits.subarray((b * S + S - 1) * V, (b * S + S) * V), b * V);
      rows.take(last, V);
      past = {};
      for (let l = 0; l < L; l++) {
        past[OPTIMUM_NAMES.pastKey(l)] = { data: out[OPTIMUM_NAMES.presentKey(l)] as Float32Array, dims: [B, H, K, dh] };
        past[OPTIMUM_NAMES.pastValue(l)] = { data: out[OPTIMUM_NAMES.presentValue(l)] as Float32Array, dims: [B, H, K, dh] };
      }
      inputIds = [...rows.last];
      S = 1;
      positions = lens.map((n) => n + step);
      for (const m of mask) m.push(1);
    }
    return rows.result();
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
