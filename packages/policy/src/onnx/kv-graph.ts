/**
 * Inference graph with a KV cache (static B and S; one graph per (B, S), and per C with 'concat').
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
 *
 * With the default 'split' cache attention (`transformer.ts`) the cache is read once per run and never
 * copied, and C is a symbolic dim (`past` / `keys` = C + S): one decode session serves every cache
 * length, so a caller can feed a cache that grows in chunks instead of the full capacity each step.
 * With `symbolicBatch` B is symbolic too (`batch`), so a caller can drop finished rows between runs.
 */
import type { ModelConfig } from '../model/config.js';
import { type FloatType, Graph } from './builder.js';
import { type CacheAttention, emitTransformer, weightInputs } from './transformer.js';

export interface KvGraphOptions {
  batch: number;
  /** S: new tokens per run. */
  newTokens: number;
  /** C: cached slots fed as `past.*` (0 = prefill without cache). */
  cacheLen: number;
  /** Output logits for every new token ([B,S,V]) instead of the last one ([B,V]). Default false. */
  allLogits?: boolean;
  /** Cache attention when C > 0 (see `CacheAttention`); default 'split', whose C is symbolic. */
  cacheAttention?: CacheAttention;
  /** B as a symbolic dim (`batch`): one session for every batch size. Default false. */
  symbolicBatch?: boolean;
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
  const cacheAttention = opts.cacheAttention ?? 'split';
  const symbolic = C > 0 && cacheAttention === 'split';
  const symB = opts.symbolicBatch === true;
  const bDim = symB ? 'batch' : undefined;
  const ids = g.input('ids', [B, S], 'int64', symB ? [bDim, undefined] : undefined);
  const positions = g.input('positions', [B, S], 'int64', symB ? [bDim, undefined] : undefined);
  const keyMask = g.input('attn_mask', [B, C + S], g.float, symbolic || symB ? [bDim, symbolic ? 'keys' : undefined] : undefined);
  const pastK: string[] = [];
  const pastV: string[] = [];
  if (C > 0) {
    const dims = symbolic || symB ? [bDim, undefined, symbolic ? 'past' : undefined, undefined] : undefined;
    for (let l = 0; l < cfg.nLayers; l++) {
      pastK.push(g.input(pastKeyName(l), [B, H, C, dh], g.float, dims));
      pastV.push(g.input(pastValueName(l), [B, H, C, dh], g.float, dims));
    }
  }
  const o = emitTransformer(g, cfg, { w, B, S, C, ids, positions, keyMask, pastK, pastV, lastOnly: !opts.allLogits, cacheAttention, symbolicBatch: symB });
  const logitsShape = opts.allLogits ? [B, S, V] : [B, V];
  const logits = symB ? g.node('Reshape', [o.logits, g.ints([-1, ...logitsShape.slice(1)])], {}, logitsShape, g.float) : g.reshape(o.logits, logitsShape);
  g.output(logits, 'logits', symB ? [bDim, ...logitsShape.slice(1).map(() => undefined)] : undefined);
  for (let l = 0; l < cfg.nLayers; l++) {
    g.output(o.newK[l]!, presentKeyName(l), symB ? [bDim, undefined, undefined, undefined] : undefined);
    g.output(o.newV[l]!, presentValueName(l), symB ? [bDim, undefined, undefined, undefined] : undefined);
  }
  return g;
}
