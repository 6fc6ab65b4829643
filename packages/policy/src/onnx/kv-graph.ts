/**
 * Inference graph with a KV cache (static shapes; one graph per (B, S, C)).
 *
 * S new tokens per row attend to C cached slots plus themselves (causal among the new ones). The
 * same builder gives the prefill graph (C = 0, S = prompt length) and the decode graph (S = 1,
 * C = cache capacity). Positions are inputs, so left-padded prompts keep RoPE positions counting
 * real tokens only.
 *
 * Inputs: every weight (named as in params.ts); `ids` int64 [B,S]; `positions` int64 [B,S];
 * `attn_mask` float [B,C+S] over cache slots then new tokens (1 = attend, 0 = padding or an empty
 * slot); when C > 0, `past.<l>.key` / `past.<l>.value` float [B,H,C,dh] (keys after RoPE).
 * Outputs: `logits` [B,V] of the last new token (or [B,S,V] with `allLogits`), and
 * `present.<l>.key` / `present.<l>.value` [B,H,S,dh]: the keys/values of the NEW tokens only. The
 * caller writes them into its cache buffers, which are fed back zero-copy: returning the whole cache
 * every step would copy all of it (ORT copies every output).
 */
import type { ModelConfig } from '../model/config.js';
import { type FloatType, Graph } from './builder.js';
import { emitTransformer, weightInputs } from './transformer.js';

export interface KvGraphOptions {
  batch: number;
  /** S: new tokens per run. */
  newTokens: number;
  /** C: cached slots fed as `past.*` (0 = prefill without cache). */
  cacheLen: number;
  /** Output logits for every new token ([B,S,V]) instead of the last one ([B,V]). Default false. */
  allLogits?: boolean;
  float?: FloatType;
}

export const pastKeyName = (l: number): string => `past.${l}.key`;
export const pastValueName = (l: number): string => `past.${l}.value`;
export const presentKeyName = (l: number): string => `present.${l}.key`;
export const presentValueName = (l: number): string => `present.${l}.value`;

export function buildKvGraph(cfg: ModelConfig, opts: KvGraphOptions): Graph {
  const { batch: B, newTokens: S, cacheLen: C } = opts;
  const H = cfg.nHeads;
  const dh = cfg.dModel / H;
  const V = cfg.vocabSize;
  const g = new Graph({ float: opts.float ?? 'float32', name: 'prorl_kv' });
  const w = weightInputs(g, cfg);
  const ids = g.input('ids', [B, S], 'int64');
  const positions = g.input('positions', [B, S], 'int64');
  const keyMask = g.input('attn_mask', [B, C + S], g.float);
  const pastK: string[] = [];
  const pastV: string[] = [];
  if (C > 0) {
    for (let l = 0; l < cfg.nLayers; l++) {
      pastK.push(g.input(pastKeyName(l), [B, H, C, dh]));
      pastV.push(g.input(pastValueName(l), [B, H, C, dh]));
    }
  }
  const o = emitTransformer(g, cfg, { w, B, S, C, ids, positions, keyMask, pastK, pastV, lastOnly: !opts.allLogits });
  g.output(g.reshape(o.logits, opts.allLogits ? [B, S, V] : [B, V]), 'logits');
  for (let l = 0; l < cfg.nLayers; l++) {
    g.output(o.newK[l]!, presentKeyName(l));
    g.output(o.newV[l]!, presentValueName(l));
  }
  return g;
}
