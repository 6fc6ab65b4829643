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
import { composite, geluTanh, rmsNorm, silu } from './autodiff.js';
import type { Graph } from './builder.js';

/** Additive mask value for masked attention scores (config.ts: −1e9). */
export const MASK_VALUE = -1e9;

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
 */
export function rope(g: Graph, x: string, cos: string, sin: string, composites = true): string {
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
  const rt = g.constant(RT, [dh, dh]);
  return composite(g, [x], fwd, (gy) => [g.add(g.mul(gy, cos), g.matmul(g.mul(gy, sin), rt))]);
}

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
  /**
   * Dynamic-shape mode (for exported models with symbolic dims): every reshape uses runtime shapes
   * and the caller supplies the additive attention mask; B, S, C then are example sizes used only
   * for build-time checks, and `keyMask` is ignored.
   */
  /** Only the last new token's logits ([B,V] as `logits`): the LM head skips the other S−1 rows. */
  lastOnly?: boolean;
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
  /** Per layer [B,H,C+S,dh]: cached then new keys / values. */
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
  const flat = (t: string, width: number) => (dyn ? raw(t, g.ints([-1, width]), [N, width]) : g.reshape(t, [N, width]));
  const headShape = dyn ? g.concat([dyn.idsShape, g.ints([H, dh])], 0) : '';
  const toHeads = (t: string) => (dyn ? raw(t, headShape, [B, S, H, dh]) : g.reshape(t, [B, S, H, dh]));

  const tables = ropeTables(cfg);
  const cosT = g.constant(tables.cos, [cfg.maxSeqLen, dh]);
  const sinT = g.constant(tables.sin, [cfg.maxSeqLen, dh]);
  const ropeTab = (tab: string) => {
    const t = g.gather(tab, x.positions); // [B,S,dh]
    return dyn ? g.node('Unsqueeze', [t, g.ints([1])], {}, [B, 1, S, dh], g.float) : g.reshape(t, [B, 1, S, dh]);
  };
  const cos = ropeTab(cosT);
  const sin = ropeTab(sinT);

  // Additive mask [B,1,S,C+S]: causal (new token i sits in slot C+i) + key padding.
  const K = C + S;
  let mask: string;
  if (dyn) {
    mask = dyn.additiveMask;
  } else {
    const causal = new Array<number>(S * K).fill(0);
    for (let i = 0; i < S; i++) for (let j = C + i + 1; j < K; j++) causal[i * K + j] = MASK_VALUE;
    const pad = g.mul(g.sub(g.reshape(x.keyMask, [B, 1, 1, K]), g.scalar(1)), g.scalar(-MASK_VALUE));
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
    const q = rope(g, heads(g.matmul(a, W(`${p}wq`))), cos, sin, comp);
    const k = rope(g, heads(g.matmul(a, W(`${p}wk`))), cos, sin, comp);
    const v = heads(g.matmul(a, W(`${p}wv`)));
    newK.push(k);
    newV.push(v);
    const kAll = C > 0 ? g.concat([x.pastK![l]!, k], 2) : k;
    const vAll = C > 0 ? g.concat([x.pastV![l]!, v], 2) : v;
    allK.push(kAll);
    allV.push(vAll);
    const scores = g.add(g.mul(g.matmul(q, g.transpose(kAll, [0, 1, 3, 2])), scale), mask); // [B,H,S,K]
    const att = g.matmul(g.softmax(scores, -1), vAll); // [B,H,S,dh]
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
    h = g.reshape(g.slice(g.reshape(h, [B, S, D]), 1, S - 1, S), [B, D]);
  }
  const fin = rmsNorm(g, h, W('final_norm'), cfg.normEps, comp);
  const logits = cfg.tieEmbeddings ? g.gemm(fin, W('tok_emb'), false, true) : g.matmul(fin, W('lm_head'));
  return { logits, newK, newV, allK, allV };
}
