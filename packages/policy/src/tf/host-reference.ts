/**
 * A plain-JS float64 forward of the spec in `../model/config.ts`, written loop by loop for reading,
 * not speed. Tests use it as an independent check of the tfjs model (forward agreement, and float64
 * finite differences for gradients). Tiny configs only: O(B·T²·D + B·T·D·F) scalar work.
 */
import type { ModelConfig } from '../model/config.js';
import { ParamLayout } from '../model/params.js';

/** Logits [B*T*V] (row-major [B,T,V]) in float64. ids, positions, attnMask row-major [B*T]. */
export function hostLogits(
  cfg: ModelConfig,
  flat: ArrayLike<number>,
  ids: ArrayLike<number>,
  B: number,
  T: number,
  positions?: ArrayLike<number>,
  attnMask?: ArrayLike<number>,
): Float64Array {
  const layout = new ParamLayout(cfg);
  const P = (name: string) => {
    const e = layout.byName.get(name)!;
    return (i: number) => flat[e.offset + i]!;
  };
  const { dModel: D, nHeads: H, vocabSize: V, dFF: F, normEps: eps } = cfg;
  const dh = D / H;
  const half = dh / 2;
  const N = B * T;
  const emb = P('tok_emb');
  let x = new Float64Array(N * D);
  for (let n = 0; n < N; n++) for (let d = 0; d < D; d++) x[n * D + d] = emb(ids[n]! * D + d);
  const norm = (src: Float64Array, w: (i: number) => number) => {
    const out = new Float64Array(N * D);
    for (let n = 0; n < N; n++) {
      let ms = 0;
      for (let d = 0; d < D; d++) ms += src[n * D + d]! ** 2;
      const r = 1 / Math.sqrt(ms / D + eps);
      for (let d = 0; d < D; d++) out[n * D + d] = src[n * D + d]! * r * w(d);
    }
    return out;
  };
  const mm = (a: Float64Array, rows: number, inner: number, w: (i: number) => number, cols: number) => {
    const out = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) {
        let s = 0;
        for (let k = 0; k < inner; k++) s += a[r * inner + k]! * w(k * cols + c);
        out[r * cols + c] = s;
      }
    return out;
  };
  const rope = (q: Float64Array) => {
    for (let n = 0; n < N; n++) {
      const pos = positions ? positions[n]! : n % T;
      for (let h = 0; h < H; h++)
        for (let j = 0; j < half; j++) {
          const ang = pos * Math.pow(cfg.ropeTheta, (-2 * j) / dh);
          const i1 = n * D + h * dh + j;
          const i2 = i1 + half;
          const x1 = q[i1]!;
          const x2 = q[i2]!;
          q[i1] = x1 * Math.cos(ang) - x2 * Math.sin(ang);
          q[i2] = x2 * Math.cos(ang) + x1 * Math.sin(ang);
        }
    }
  };
  for (let l = 0; l < cfg.nLayers; l++) {
    const h = norm(x, P(`l${l}.attn_norm`));
    const q = mm(h, N, D, P(`l${l}.wq`), D);
    const k = mm(h, N, D, P(`l${l}.wk`), D);
    const v = mm(h, N, D, P(`l${l}.wv`), D);
    rope(q);
    rope(k);
    const att = new Float64Array(N * D);
    for (let b = 0; b < B; b++)
      for (let hh = 0; hh < H; hh++)
        for (let i = 0; i < T; i++) {
          const s = new Float64Array(T);
          for (let j = 0; j < T; j++) {
            let dot = 0;
            for (let c = 0; c < dh; c++) dot += q[(b * T + i) * D + hh * dh + c]! * k[(b * T + j) * D + hh * dh + c]!;
            s[j] = dot / Math.sqrt(dh) + (j > i ? -1e9 : 0) + (attnMask && attnMask[b * T + j] === 0 ? -1e9 : 0);
          }
          const mx = Math.max(...s);
          let z = 0;
          for (let j = 0; j < T; j++) z += (s[j] = Math.exp(s[j]! - mx));
          for (let j = 0; j < T; j++)
            for (let c = 0; c < dh; c++) att[(b * T + i) * D + hh * dh + c]! += (s[j]! / z) * v[(b * T + j) * D + hh * dh + c]!;
        }
    const o = mm(att, N, D, P(`l${l}.wo`), D);
    x = x.map((xv, i) => xv + o[i]!);
    const h2 = norm(x, P(`l${l}.mlp_norm`));
    const up = mm(h2, N, D, P(`l${l}.w_up`), F);
    let act: Float64Array;
    if (cfg.mlp === 'swiglu') {
      const g = mm(h2, N, D, P(`l${l}.w_gate`), F);
      act = g.map((gv, i) => (gv / (1 + Math.exp(-gv))) * up[i]!);
    } else {
      const c = Math.sqrt(2 / Math.PI);
      act = up.map((u) => 0.5 * u * (1 + Math.tanh(c * (u + 0.044715 * u ** 3))));
    }
    const m = mm(act, N, F, P(`l${l}.w_down`), D);
    x = x.map((xv, i) => xv + m[i]!);
  }
  const hf = norm(x, P('final_norm'));
  if (cfg.tieEmbeddings) return mm(hf, N, D, (i) => emb((i % V) * D + Math.floor(i / V)), V);
  return mm(hf, N, D, P('lm_head'), V);
}

/** Token log-probs [B*T] (0 at t = 0) from float64 logits [B*T*V]. */
export function hostTokenLogProbs(logits: Float64Array, ids: ArrayLike<number>, B: number, T: number, V: number): Float64Array {
  const out = new Float64Array(B * T);
  for (let b = 0; b < B; b++)
    for (let t = 1; t < T; t++) {
      const row = logits.subarray((b * T + t - 1) * V, (b * T + t) * V);
      const mx = Math.max(...row);
      let z = 0;
      for (const v of row) z += Math.exp(v - mx);
      out[b * T + t] = row[ids[b * T + t]!]! - mx - Math.log(z);
    }
  return out;
}
