/**
 * The transformer body as ONNX ops, emitted from the one model definition (`../model/config.ts`,
 * whose JSDoc gives the math). Shared by the full-sequence graphs (`model-graph.ts`) and the
 * KV-cache graphs (`kv-graph.ts`): S new tokens attend to C cached slots plus themselves.
 *
 * Layout: the residual stream is 2-D [B·S, D] so every weight product is a plain 2-D MatMul (whose
 * gradients are two Gemm); attention runs 4-D as [B,H,S,dh]·[B,H,dh,C+S].
 */
import type { ModelConfig } from '../model/config.js';
import { paramSpecs } from '../model/params.js';
import { composite, geluTanh, matmulNT, rmsNorm, silu } from './autodiff.js';
import { type Graph, GraphBuildError, numel } from './builder.js';

/** Additive mask value for masked attention scores (config.ts: −1e9). */
export const MASK_VALUE = -1e9;
/** Slice end meaning "to the end of the axis" (ONNX clamps it). */
const SLICE_END = 2 ** 40;

/** Declares every weight as a graph input named as in params.ts; returns name → value. */
export function weightInputs(g: Graph, cfg: ModelConfig): Map<string, string> {
  const m = new Map<string, string>();
  for (const s of paramSpecs(cfg)) m.set(s.name, g.input(s.name, s.shape, g.float));
  return m;
}

/** cos/sin tables [maxSeqLen, dh] for rotate-half RoPE (angles in float64, then rounded). */
export function ropeTables(cfg: ModelConfig): { cos: Float64Array; sin: Float64Array; dh: number } {
  const dh = cfg.dModel / cfg.nHeads;
  const half = dh / 2;
  const cos = new Float64Array(cfg.maxSeqLen * dh);
  const sin = new Float64Array(cfg.maxSeqLen * dh);
  for (let p = 0; p < cfg.maxSeqLen; p++) {
    for (let j = 0; j < half; j++) {
      const invFreq = Math.pow(cfg.ropeTheta, (-2 * j) / dh);
      const a = p * invFreq;
      cos[p * dh + j] = cos[p * dh + j + half] = Math.cos(a);
      sin[p * dh + j] = sin[p * dh + j + half] = Math.sin(a);
    }
  }
  return { cos, sin, dh };
}

/**
 * rope(x) = x·cos + rotate_half(x)·sin, with rotate_half(x) = concat(−x2, x1) = x·R for a constant
 * signed permutation R [dh,dh]. Backward: dx = g·cos + (g·sin)·Rᵀ. x [B,H,S,dh], cos/sin [B,1,S,dh].
 *
 * With `sinSigned` (= sin with its first half negated, same shape) the composite avoids the [dh,dh]
 * matmul: rotate_half(x)·sin = swap(x)·sinSigned, where swap(x) = concat(x2, x1) is one Gather of
 * the two halves; swap is its own transpose, so dx = g·cos + swap(g·sinSigned). A copy instead of a
 * small, inefficient GEMM (3–4 % of the ~11M training step); the R form stays the reference.
 */
export function rope(g: Graph, x: string, cos: string, sin: string, composites = true, sinSigned?: string): string {
  const dh = g.shape(x).at(-1)!;
  const half = dh / 2;
  const R = new Array<number>(dh * dh).fill(0);
  const RT = new Array<number>(dh * dh).fill(0);
  for (let j = 0; j < half; j++) {
    R[(j + half) * dh + j] = -1; // out[j] = −x[j+half]
    R[j * dh + j + half] = 1; // out[j+half] = x[j]
    RT[j * dh + j + half] = -1;
    RT[(j + half) * dh + j] = 1;
  }
  const r = g.constant(R, [dh, dh]);
  const fwd = () => g.add(g.mul(x, cos), g.mul(g.matmul(x, r), sin));
  if (!composites) return fwd();
  if (sinSigned) {
    // Reshapes use −1 and the runtime shape, so symbolic batch / sequence dims keep working.
    const shape = g.shape(x);
    const rows = numel(shape) / dh;
    const swap = (t: string) => {
      const dtype = g.value(t).dtype;
      const halves = g.node('Reshape', [t, g.ints([-1, 2, half])], {}, [rows, 2, half], dtype);
      const swapped = g.node('Gather', [halves, g.constant([1, 0], [2], 'int64')], { axis: 1 }, [rows, 2, half], dtype);
      return g.node('Reshape', [swapped, g.node('Shape', [t], {}, [shape.length], 'int64')], {}, shape, dtype);
    };
    return composite(g, [x], () => g.add(g.mul(x, cos), g.mul(swap(x), sinSigned)), (gy) => [g.add(g.mul(gy, cos), swap(g.mul(gy, sinSigned)))]);
  }
  const rt = g.constant(RT, [dh, dh]);
  return composite(g, [x], fwd, (gy) => [g.add(g.mul(gy, cos), g.matmul(g.mul(gy, sin), rt))]);
}

/**
 * Attention over a KV cache (C > 0):
 * - 'concat': keys/values [B,H,C+S,dh] = concat(past, new), then one softmax·V. Simple, and `allK` /
 *   `allV` are the full caches (the Optimum layout returns them), but every run copies the whole cache.
 * - 'split': scores against the cache (q·pastKᵀ [B,H,S,C]) and against the new tokens (q·kᵀ [B,H,S,S])
 *   are concatenated (small), one softmax, then p[..,:C]·pastV + p[..,C:]·v. Same math, reads the cache
 *   once and never copies it; nothing in the graph depends on C, so C may be a symbolic dim (the key
 *   mask is unsqueezed, not reshaped). `allK` / `allV` are empty.
 */
export type CacheAttention = 'concat' | 'split';

export interface TransformerInputs {
  /** Weight value names (from `weightInputs`). */
  w: Map<string, string>;
  B: number;
  /** New tokens per row. */
  S: number;
  /** Cached slots per row (0 = no cache). */
  C: number;
  /** int64 [B,S] token ids. */
  ids: string;
  /** int64 [B,S] positions (RoPE), each < maxSeqLen. */
  positions: string;
  /** float [B,C+S] key mask: 1 real, 0 padding or empty cache slot. */
  keyMask: string;
  /** Per layer [B,H,C,dh] cached keys / values (after RoPE), when C > 0. */
  pastK?: string[];
  pastV?: string[];
  /** Composite ops with hand-written backward (default true); false = primitive ops only. */
  composites?: boolean;
  /** Only the last new token's logits ([B,V] as `logits`): the LM head skips the other S−1 rows. */
  lastOnly?: boolean;
  /**
   * How the S new tokens attend to the C cached slots (C > 0); default 'concat'. See `CacheAttention`.
   */
  cacheAttention?: CacheAttention;
  /**
   * Static mode only: no constant depends on B (reshapes lead with −1), so B may be a symbolic dim of
   * the inputs (one session for every batch size). Needs 'split' cache attention when C > 0.
   */
  symbolicBatch?: boolean;
  /**
   * Dynamic-shape mode (for exported models with symbolic dims): every reshape uses runtime shapes
   * and the caller supplies the additive attention mask; B, S, C then are example sizes used only
   * for build-time checks, and `keyMask` is ignored.
   */
  dynamic?: {
    /** int64 [2] = Shape(ids). */
    idsShape: string;
    /** Additive mask broadcastable to [B,1,S,C+S] (causal + padding). */
    additiveMask: string;
  };
}

export interface TransformerOutputs {
  /** [B·S, V] logits ([B,V] with `lastOnly`). */
  logits: string;
  /** Per layer [B,H,S,dh] keys (after RoPE) and values of the new tokens. */
  newK: string[];
  newV: string[];
  /** Per layer [B,H,C+S,dh]: cached then new keys / values ('concat' cache attention; empty with 'split'). */
  allK: string[];
  allV: string[];
}

/** Emits the forward pass (config.ts math) for S new tokens over C cached slots. */
export function emitTransformer(g: Graph, cfg: ModelConfig, x: TransformerInputs): TransformerOutputs {
  const { B, S, C, w } = x;
  const D = cfg.dModel;
  const H = cfg.nHeads;
  const dh = D / H;
  const N = B * S;
  const comp = x.composites ?? true;
  const W = (name: string): string => {
    const v = w.get(name);
    if (!v) throw new Error(`missing weight input '${name}'`);
    return v;
  };

  const dyn = x.dynamic;
  const raw = (t: string, target: string, shape: number[]) => g.node('Reshape', [t, target], {}, shape, g.value(t).dtype);
  // Symbolic batch: reshape targets lead with −1 instead of B (or B·S), so no constant holds B.
  const symB = x.symbolicBatch === true && !dyn;
  const rs = (t: string, shape: number[]) => (symB ? raw(t, g.ints([-1, ...shape.slice(1)]), shape) : g.reshape(t, shape));
  const flat = (t: string, width: number) => (dyn ? raw(t, g.ints([-1, width]), [N, width]) : rs(t, [N, width]));
  const headShape = dyn ? g.concat([dyn.idsShape, g.ints([H, dh])], 0) : '';
  const toHeads = (t: string) => (dyn ? raw(t, headShape, [B, S, H, dh]) : rs(t, [B, S, H, dh]));

  const tables = ropeTables(cfg);
  const cosT = g.constant(tables.cos, [cfg.maxSeqLen, dh]);
  const sinT = g.constant(tables.sin, [cfg.maxSeqLen, dh]);
  const ropeTab = (tab: string) => {
    const t = g.gather(tab, x.positions); // [B,S,dh]
    return dyn ? g.node('Unsqueeze', [t, g.ints([1])], {}, [B, 1, S, dh], g.float) : rs(t, [B, 1, S, dh]);
  };
  const cos = ropeTab(cosT);
  const sin = ropeTab(sinT);
  // sin with the first half of each row negated: rotate_half(x)·sin = swap(x)·sinSigned (see rope()).
  // Only for S > 1: a single-token decode has tiny activations, where the R matmul is one node and
  // the swap form's extra reshape nodes would cost more than they save.
  const signed = Float64Array.from(tables.sin, (v, i) => (i % dh < dh / 2 ? -v : v));
  const sinS = comp && S > 1 ? ropeTab(g.constant(signed, [cfg.maxSeqLen, dh])) : undefined;

  // Additive mask [B,1,S,C+S]: causal (new token i sits in slot C+i) + key padding.
  const K = C + S;
  const split = C > 0 && (x.cacheAttention ?? 'concat') === 'split';
  if (x.symbolicBatch && !dyn && C > 0 && !split) throw new GraphBuildError("symbolicBatch with a cache needs cacheAttention 'split' (a concat of past and new keys has a static batch)");
  let mask: string;
  /** 'split' only: causal mask [1,1,S,S] among the new tokens (static mode, S > 1). */
  let causalNew: string | undefined;
  if (dyn) {
    mask = dyn.additiveMask;
  } else if (split) {
    // No constant may depend on C here (C may be symbolic): unsqueeze the key mask, causal among new tokens only.
    const km = g.node('Unsqueeze', [x.keyMask, g.ints([1, 2])], {}, [B, 1, 1, K], g.float);
    mask = g.mul(g.sub(km, g.scalar(1)), g.scalar(-MASK_VALUE));
    if (S > 1) {
      const causal = new Array<number>(S * S).fill(0);
      for (let i = 0; i < S; i++) for (let j = i + 1; j < S; j++) causal[i * S + j] = MASK_VALUE;
      causalNew = g.constant(causal, [1, 1, S, S]);
    }
  } else {
    const causal = new Array<number>(S * K).fill(0);
    for (let i = 0; i < S; i++) for (let j = C + i + 1; j < K; j++) causal[i * K + j] = MASK_VALUE;
    const km = symB ? g.node('Unsqueeze', [x.keyMask, g.ints([1, 2])], {}, [B, 1, 1, K], g.float) : g.reshape(x.keyMask, [B, 1, 1, K]);
    const pad = g.mul(g.sub(km, g.scalar(1)), g.scalar(-MASK_VALUE));
    mask = g.add(g.constant(causal, [1, 1, S, K]), pad);
  }
  const scale = g.scalar(1 / Math.sqrt(dh));

  let h = flat(g.gather(W('tok_emb'), x.ids), D);
  const newK: string[] = [];
  const newV: string[] = [];
  const allK: string[] = [];
  const allV: string[] = [];
  for (let l = 0; l < cfg.nLayers; l++) {
    const p = `l${l}.`;
    const a = rmsNorm(g, h, W(`${p}attn_norm`), cfg.normEps, comp);
    const heads = (t: string) => g.transpose(toHeads(t), [0, 2, 1, 3]); // [B,H,S,dh]
    const q = rope(g, heads(g.matmul(a, W(`${p}wq`))), cos, sin, comp, sinS);
    const k = rope(g, heads(g.matmul(a, W(`${p}wk`))), cos, sin, comp, sinS);
    const v = heads(g.matmul(a, W(`${p}wv`)));
    newK.push(k);
    newV.push(v);
    let att: string; // [B,H,S,dh]
    if (split) {
      const pastK = x.pastK![l]!;
      const pastV = x.pastV![l]!;
      const sPast = g.matmul(q, g.transpose(pastK, [0, 1, 3, 2])); // [B,H,S,C]
      // S = 1: q·kᵀ per head is a dot product; no batch of 1×1 matmuls.
      let sNew = S === 1 ? g.reduceSum(g.mul(q, k), [3], true) : g.matmul(q, g.transpose(k, [0, 1, 3, 2])); // [B,H,S,S]
      if (causalNew) sNew = g.add(sNew, causalNew);
      const probs = g.softmax(g.add(g.mul(g.concat([sPast, sNew], 3), scale), mask), -1); // [B,H,S,C+S]
      const cut = (start: number, end: number, width: number) =>
        g.node('Slice', [probs, g.ints([start]), g.ints([end]), g.ints([3])], {}, [B, H, S, width], g.float);
      const pPast = cut(0, -S, C);
      const pNew = cut(-S, SLICE_END, S);
      att = g.add(g.matmul(pPast, pastV), S === 1 ? g.mul(pNew, v) : g.matmul(pNew, v));
    } else {
      const kAll = C > 0 ? g.concat([x.pastK![l]!, k], 2) : k;
      const vAll = C > 0 ? g.concat([x.pastV![l]!, v], 2) : v;
      allK.push(kAll);
      allV.push(vAll);
      const scores = g.add(g.mul(matmulNT(g, q, kAll, comp), scale), mask); // [B,H,S,K]
      att = g.matmul(g.softmax(scores, -1), vAll);
    }
    const merged = flat(g.transpose(att, [0, 2, 1, 3]), D);
    h = g.add(h, g.matmul(merged, W(`${p}wo`)));

    const m = rmsNorm(g, h, W(`${p}mlp_norm`), cfg.normEps, comp);
    let hidden: string;
    switch (cfg.mlp) {
      case 'swiglu':
        hidden = g.mul(silu(g, g.matmul(m, W(`${p}w_gate`)), comp), g.matmul(m, W(`${p}w_up`)));
        break;
      case 'gelu':
        hidden = geluTanh(g, g.matmul(m, W(`${p}w_up`)), comp);
        break;
      default: {
        const never: never = cfg.mlp;
        throw new Error(`unknown mlp ${String(never)}`);
      }
    }
    h = g.add(h, g.matmul(hidden, W(`${p}w_down`)));
  }
  if (x.lastOnly && S > 1) {
    if (dyn) throw new Error('lastOnly is not supported in dynamic mode');
    h = rs(g.slice(rs(h, [B, S, D]), 1, S - 1, S), [B, D]);
  }
  const fin = rmsNorm(g, h, W('final_norm'), cfg.normEps, comp);
  const logits = cfg.tieEmbeddings ? g.gemm(fin, W('tok_emb'), false, true) : g.matmul(fin, W('lm_head'));
  return { logits, newK, newV, allK, allV };
}
