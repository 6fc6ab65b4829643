/**
 * Export of our model as a decoder in the Hugging Face Optimum layout (decoder-with-past, dynamic
 * shapes, weights baked in as initializers), so `engine/optimum-rollout.ts` — which loads external
 * decoders in that layout — can be tested against our own engine.
 *
 * Inputs: `input_ids` int64 [batch, seq], `attention_mask` int64 [batch, past+seq] (1 real, 0 pad),
 * `position_ids` int64 [batch, seq], `past_key_values.<l>.key|value` float [batch, H, past, dh]
 * (past may be 0). Outputs: `logits` [batch, seq, V], `present.<l>.key|value` [batch, H, past+seq, dh]
 * (the whole cache, as Optimum does).
 */
import type { ModelConfig } from '../model/config.js';
import { ParamLayout } from '../model/params.js';
import { Graph } from './builder.js';
import { PolicyInputError } from './feeds.js';
import { MASK_VALUE, emitTransformer } from './transformer.js';

export const OPTIMUM_NAMES = {
  inputIds: 'input_ids',
  attentionMask: 'attention_mask',
  positionIds: 'position_ids',
  logits: 'logits',
  pastKey: (l: number) => `past_key_values.${l}.key`,
  pastValue: (l: number) => `past_key_values.${l}.value`,
  presentKey: (l: number) => `present.${l}.key`,
  presentValue: (l: number) => `present.${l}.value`,
} as const;

/** Builds the Optimum-layout decoder with `params` baked in. */
export function buildOptimumDecoderGraph(cfg: ModelConfig, params: Float32Array): Graph {
  const layout = new ParamLayout(cfg);
  if (params.length !== layout.totalSize) {
    throw new PolicyInputError('weights-length', `weights have ${params.length} values but the config needs ${layout.totalSize}`, 'pass the flat buffer for this config');
  }
  const N = OPTIMUM_NAMES;
  // Example sizes for build-time checks only; the encoded dims are symbolic.
  const B = 2;
  const S = 3;
  const C = 4;
  const H = cfg.nHeads;
  const dh = cfg.dModel / H;
  const V = cfg.vocabSize;
  const g = new Graph({ name: 'prorl_optimum_decoder' });
  const w = new Map<string, string>();
  for (const e of layout.entries) w.set(e.name, g.constant(params.subarray(e.offset, e.offset + e.size), e.shape));

  const ids = g.input(N.inputIds, [B, S], 'int64', ['batch_size', 'sequence_length']);
  const am = g.input(N.attentionMask, [B, C + S], 'int64', ['batch_size', 'total_sequence_length']);
  const pos = g.input(N.positionIds, [B, S], 'int64', ['batch_size', 'sequence_length']);
  const pastK: string[] = [];
  const pastV: string[] = [];
  for (let l = 0; l < cfg.nLayers; l++) {
    pastK.push(g.input(N.pastKey(l), [B, H, C, dh], 'float32', ['batch_size', undefined, 'past_sequence_length', undefined]));
    pastV.push(g.input(N.pastValue(l), [B, H, C, dh], 'float32', ['batch_size', undefined, 'past_sequence_length', undefined]));
  }

  // Additive mask [B,1,S,K] from runtime shapes: causal (query i is slot K−S+i) + key padding.
  const idsShape = g.node('Shape', [ids], {}, [2], 'int64');
  const s1 = g.node('Shape', [ids], { start: 1 }, [1], 'int64');
  const k1 = g.node('Shape', [am], { start: 1 }, [1], 'int64');
  const scalar = (t: string) => g.node('Reshape', [t, g.constant([], [0], 'int64')], {}, [], 'int64');
  const kS = scalar(k1);
  const pS = scalar(g.sub(k1, s1));
  const zero = g.scalar(0, 'int64');
  const one = g.scalar(1, 'int64');
  const kidx = g.node('Range', [zero, kS, one], {}, [C + S], 'int64');
  const qidx = g.node('Range', [pS, kS, one], {}, [S], 'int64');
  const unsq = (t: string, axes: number[], shape: number[], dtype: 'int64' | 'float32') => g.node('Unsqueeze', [t, g.ints(axes)], {}, shape, dtype);
  const future = g.node('Less', [unsq(qidx, [1], [S, 1], 'int64'), unsq(kidx, [0], [1, C + S], 'int64')], {}, [S, C + S], 'bool');
  const causal = g.mul(g.cast(future, 'float32'), g.scalar(MASK_VALUE));
  const pad = g.mul(g.sub(g.cast(am, 'float32'), g.scalar(1)), g.scalar(-MASK_VALUE));
  const additiveMask = g.add(causal, unsq(pad, [1, 2], [B, 1, 1, C + S], 'float32'));

  const o = emitTransformer(g, cfg, { w, B, S, C, ids, positions: pos, keyMask: '', pastK, pastV, dynamic: { idsShape, additiveMask } });
  const logits = g.node('Reshape', [o.logits, g.concat([idsShape, g.ints([V])], 0)], {}, [B, S, V], 'float32');
  g.output(logits, N.logits, ['batch_size', 'sequence_length', undefined]);
  for (let l = 0; l < cfg.nLayers; l++) {
    g.output(o.allK[l]!, N.presentKey(l), ['batch_size', undefined, 'total_sequence_length', undefined]);
    g.output(o.allV[l]!, N.presentValue(l), ['batch_size', undefined, 'total_sequence_length', undefined]);
  }
  return g;
}
