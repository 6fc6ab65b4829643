/**
 * The tfjs reference implementation of the model in `../model/config.ts` (read its JSDoc for the math),
 * over the flat parameter layout of `../model/params.ts`.
 *
 * Two layers of API:
 * - functional: `transformerLogits`, `tokenLogProbsFromLogits`, `tokenEntropiesFromLogits` take a
 *   params map `{ name -> tf.Tensor }`, so `tf.grads` / `tf.valueAndGrads` differentiate every weight;
 * - `TfTransformer`: owns one tf.Variable per parameter plus a host copy of the flat buffer, validates
 *   inputs, and gives forward / log-probs / entropies / weight gradients of `Σ coef·logp`.
 *
 * Dimensions: B batch, T tokens, V vocab, D width, H heads, dh = D/H, F MLP width.
 * Tensor ownership: every method that returns a tf.Tensor hands it to the caller (dispose it);
 * methods returning typed arrays leave no tensors behind.
 *
 * Numerics: RoPE cos/sin tables and the additive mask bias are computed on the host in float64 and
 * uploaded as float32 constants; everything else runs in float32 on the active tfjs backend.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '@prorl/rl-core';
import type { ModelConfig } from '../model/config.js';
import { ParamLayout } from '../model/params.js';
import { TfModelError } from './errors.js';

/** Parameter name -> tensor with the shape of `paramSpecs(config)`. */
export type TfParams = Record<string, tf.Tensor>;

/** Token ids [B,T]: a rectangular nested array, or an int32 tf.Tensor2D (not disposed by callees). */
export type TokenIds = tf.Tensor2D | ReadonlyArray<ArrayLike<number>>;

/** A [B,T] numeric input (positions or masks) in the same forms as TokenIds. */
export type BatchMatrix = tf.Tensor2D | ReadonlyArray<ArrayLike<number>>;

export interface ForwardOptions {
  /** Positions [B,T] used by RoPE; default t = 0..T-1 in every row. Integers in [0, maxSeqLen). */
  positions?: BatchMatrix;
  /** Key mask [B,T]: 1 = real token, 0 = padding (never attended to). Default all 1. */
  attnMask?: BatchMatrix;
}

/** Mask bias [B,1,T,T] from the spec: causal (key > query) −1e9, plus key padding −1e9. Host float64. */
export function attentionBias(B: number, T: number, attnMask?: ArrayLike<number>): Float32Array {
  const out = new Float32Array(B * T * T);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < T; i++) {
      for (let j = 0; j < T; j++) {
        let v = j > i ? -1e9 : 0;
        if (attnMask && attnMask[b * T + j] === 0) v += -1e9;
        out[(b * T + i) * T + j] = v;
      }
    }
  }
  return out;
}

/** RoPE tables cos, sin [B,T,dh/2] (row-major) for positions [B*T] and head width dh. Host float64. */
export function ropeTables(positions: ArrayLike<number>, dh: number, theta: number): { cos: Float32Array; sin: Float32Array } {
  const half = dh / 2;
  const n = positions.length;
  const cos = new Float32Array(n * half);
  const sin = new Float32Array(n * half);
  for (let i = 0; i < n; i++) {
    const p = positions[i]!;
    for (let j = 0; j < half; j++) {
      const angle = p * Math.pow(theta, (-2 * j) / dh);
      cos[i * half + j] = Math.cos(angle);
      sin[i * half + j] = Math.sin(angle);
    }
  }
  return { cos, sin };
}

/** Host-side constants a forward pass needs besides ids and weights. */
export interface ForwardConstants {
  /** [B,1,T,T] additive attention bias. */
  bias: tf.Tensor4D;
  /** [B,1,T,dh/2] each. */
  cos: tf.Tensor4D;
  sin: tf.Tensor4D;
}

/** Builds the constants from host arrays (row-major [B,T]). Caller disposes (or runs inside tidy). */
export function forwardConstants(cfg: ModelConfig, B: number, T: number, positions?: ArrayLike<number>, attnMask?: ArrayLike<number>): ForwardConstants {
  const dh = cfg.dModel / cfg.nHeads;
  let pos = positions;
  if (!pos) {
    const p = new Float64Array(B * T);
    for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) p[b * T + t] = t;
    pos = p;
  }
  const { cos, sin } = ropeTables(pos, dh, cfg.ropeTheta);
  return {
    bias: tf.tensor4d(attentionBias(B, T, attnMask), [B, 1, T, T]),
    cos: tf.tensor4d(cos, [B, 1, T, dh / 2]),
    sin: tf.tensor4d(sin, [B, 1, T, dh / 2]),
  };
}

function param(p: TfParams, name: string): tf.Tensor {
  const t = p[name];
  if (!t) throw new TfModelError('shape-mismatch', `parameter '${name}' is missing from the params map. Fix: build params with tfParamsFromFlat(config, flat)`);
  return t;
}

/** rmsnorm(x)·w over the last axis. x [N,D], w [D]. */
export function rmsNorm(x: tf.Tensor2D, w: tf.Tensor, eps: number): tf.Tensor2D {
  const ms = tf.mean(tf.square(x), -1, true);
  return tf.mul(tf.mul(x, tf.rsqrt(tf.add(ms, eps))), w) as tf.Tensor2D;
}

/** gelu_tanh(u) = 0.5u(1 + tanh(√(2/π)(u + 0.044715u³))). */
export function geluTanh(u: tf.Tensor): tf.Tensor {
  const c = Math.sqrt(2 / Math.PI);
  const inner = tf.mul(tf.add(u, tf.mul(tf.pow(u, 3), 0.044715)), c);
  return tf.mul(tf.mul(u, 0.5), tf.add(tf.tanh(inner), 1));
}

/** silu(u) = u·sigmoid(u). */
export function silu(u: tf.Tensor): tf.Tensor {
  return tf.mul(u, tf.sigmoid(u));
}

/** Rotate-half RoPE on x [B,H,T,dh] with cos, sin [B,1,T,dh/2]. */
export function applyRope(x: tf.Tensor4D, cos: tf.Tensor4D, sin: tf.Tensor4D): tf.Tensor4D {
  const [B, H, T, dh] = x.shape;
  const half = dh / 2;
  const x1 = tf.slice(x, [0, 0, 0, 0], [B, H, T, half]);
  const x2 = tf.slice(x, [0, 0, 0, half], [B, H, T, half]);
  return tf.concat([tf.sub(tf.mul(x1, cos), tf.mul(x2, sin)), tf.add(tf.mul(x2, cos), tf.mul(x1, sin))], 3) as tf.Tensor4D;
}

/**
 * Logits [B,T,V] of the spec's forward. ids: int32 [B,T] (already validated); consts from
 * `forwardConstants`. Pure function of its inputs: differentiable w.r.t. every tensor in `p`.
 * Makes intermediates: call inside tf.tidy / tf.grads.
 */
export function transformerLogits(cfg: ModelConfig, p: TfParams, ids: tf.Tensor2D, consts: ForwardConstants): tf.Tensor3D {
  const [B, T] = ids.shape;
  const { dModel: D, nHeads: H, vocabSize: V, normEps: eps } = cfg;
  const dh = D / H;
  const N = B * T;
  const emb = param(p, 'tok_emb');
  let x = tf.gather(emb, tf.reshape(ids, [N])) as tf.Tensor2D; // [N,D]
  const heads = (t: tf.Tensor2D) => tf.transpose(tf.reshape(t, [B, T, H, dh]), [0, 2, 1, 3]) as tf.Tensor4D; // [B,H,T,dh]
  const scale = 1 / Math.sqrt(dh);
  for (let l = 0; l < cfg.nLayers; l++) {
    const h = rmsNorm(x, param(p, `l${l}.attn_norm`), eps);
    const q = applyRope(heads(tf.matMul(h, param(p, `l${l}.wq`) as tf.Tensor2D)), consts.cos, consts.sin);
    const k = applyRope(heads(tf.matMul(h, param(p, `l${l}.wk`) as tf.Tensor2D)), consts.cos, consts.sin);
    const v = heads(tf.matMul(h, param(p, `l${l}.wv`) as tf.Tensor2D));
    const s = tf.add(tf.mul(tf.matMul(q, k, false, true), scale), consts.bias); // [B,H,T,T]
    const a = tf.matMul(tf.softmax(s, -1), v); // [B,H,T,dh]
    const merged = tf.reshape(tf.transpose(a, [0, 2, 1, 3]), [N, D]) as tf.Tensor2D;
    x = tf.add(x, tf.matMul(merged, param(p, `l${l}.wo`) as tf.Tensor2D));
    const h2 = rmsNorm(x, param(p, `l${l}.mlp_norm`), eps);
    let m: tf.Tensor2D;
    switch (cfg.mlp) {
      case 'swiglu': {
        const g = silu(tf.matMul(h2, param(p, `l${l}.w_gate`) as tf.Tensor2D));
        const u = tf.matMul(h2, param(p, `l${l}.w_up`) as tf.Tensor2D);
        m = tf.matMul(tf.mul(g, u) as tf.Tensor2D, param(p, `l${l}.w_down`) as tf.Tensor2D);
        break;
      }
      case 'gelu':
        m = tf.matMul(geluTanh(tf.matMul(h2, param(p, `l${l}.w_up`) as tf.Tensor2D)) as tf.Tensor2D, param(p, `l${l}.w_down`) as tf.Tensor2D);
        break;
      default: {
        const never: never = cfg.mlp;
        throw new TfModelError('shape-mismatch', `unknown mlp kind ${String(never)}`);
      }
    }
    x = tf.add(x, m);
  }
  const hf = rmsNorm(x, param(p, 'final_norm'), eps);
  const logits = cfg.tieEmbeddings ? tf.matMul(hf, emb as tf.Tensor2D, false, true) : tf.matMul(hf, param(p, 'lm_head') as tf.Tensor2D);
  return tf.reshape(logits, [B, T, V]);
}

/**
 * Token log-probs [B,T] aligned with ids: logp[b,t] = log_softmax(logits[b,t−1])[ids[b,t]], 0 at t = 0.
 * logits [B,T,V], ids int32 [B,T].
 */
export function tokenLogProbsFromLogits(logits: tf.Tensor3D, ids: tf.Tensor2D): tf.Tensor2D {
  const [B, T, V] = logits.shape;
  if (T < 2) return tf.zeros([B, T]);
  const lsm = tf.logSoftmax(tf.slice(logits, [0, 0, 0], [B, T - 1, V]), -1); // [B,T-1,V]
  const next = tf.slice(ids, [0, 1], [B, T - 1]);
  const picked = tf.sum(tf.mul(lsm, tf.oneHot(next, V)), -1); // [B,T-1]
  return tf.concat([tf.zeros([B, 1]), picked], 1) as tf.Tensor2D;
}

/**
 * Entropies [B,T] aligned like log-probs: ent[b,t] = H(softmax(logits[b,t−1])) (the distribution
 * token t was drawn from), 0 at t = 0. logits [B,T,V].
 */
export function tokenEntropiesFromLogits(logits: tf.Tensor3D): tf.Tensor2D {
  const [B, T, V] = logits.shape;
  if (T < 2) return tf.zeros([B, T]);
  const lsm = tf.logSoftmax(tf.slice(logits, [0, 0, 0], [B, T - 1, V]), -1);
  const ent = tf.neg(tf.sum(tf.mul(tf.exp(lsm), lsm), -1));
  return tf.concat([tf.zeros([B, 1]), ent], 1) as tf.Tensor2D;
}

/** Splits a flat buffer into tensors by name (copies into tf). Caller owns the tensors. */
export function tfParamsFromFlat(cfg: ModelConfig, flat: Float32Array): TfParams {
  const layout = new ParamLayout(cfg);
  checkParamsLength(layout, flat);
  const out: TfParams = {};
  for (const e of layout.entries) out[e.name] = tf.tensor(flat.subarray(e.offset, e.offset + e.size), e.shape, 'float32');
  return out;
}

function checkParamsLength(layout: ParamLayout, flat: Float32Array): void {
  if (!(flat instanceof Float32Array) || flat.length !== layout.totalSize) {
    const got = flat instanceof Float32Array ? `${flat.length} floats` : `a ${Object.prototype.toString.call(flat)}`;
    throw new TfModelError(
      'params-length',
      `params buffer has ${got}, but config (V ${layout.config.vocabSize}, D ${layout.config.dModel}, L ${layout.config.nLayers}, F ${layout.config.dFF}, mlp ${layout.config.mlp}, tied ${layout.config.tieEmbeddings}) needs ${layout.totalSize}. Fix: build it with new ParamLayout(config).init(rng) or load the checkpoint that matches this config`,
    );
  }
}

/** Host copy [B*T] of a [B,T] input plus its shape; validates rectangularity. */
function hostMatrix(what: string, m: BatchMatrix): { data: Float64Array; B: number; T: number } {
  if (m instanceof tf.Tensor) {
    if (m.rank !== 2) throw new TfModelError('shape-mismatch', `${what} must be rank 2 [B,T], got shape [${m.shape}]`);
    return { data: Float64Array.from(m.dataSync()), B: m.shape[0], T: m.shape[1] };
  }
  const B = m.length;
  const T = B > 0 ? m[0]!.length : 0;
  const data = new Float64Array(B * T);
  for (let b = 0; b < B; b++) {
    const row = m[b]!;
    if (row.length !== T) throw new TfModelError('shape-mismatch', `${what} row ${b} has length ${row.length}, row 0 has ${T}. Fix: pad rows to one length and pass attnMask`);
    for (let t = 0; t < T; t++) data[b * T + t] = row[t]!;
  }
  return { data, B, T };
}

/** Validated host view of a batch: ids, positions and mask, all row-major [B*T]. */
export interface PreparedBatch {
  B: number;
  T: number;
  ids: Int32Array;
  positions?: Float64Array;
  attnMask?: Float64Array;
}

/** Validates ids (integers in [0,V)), T ≤ maxSeqLen, positions and mask shapes. Throws TfModelError. */
export function prepareBatch(cfg: ModelConfig, ids: TokenIds, opts: ForwardOptions = {}): PreparedBatch {
  const m = hostMatrix('ids', ids);
  const { B, T } = m;
  if (B < 1 || T < 1) throw new TfModelError('shape-mismatch', `ids must be a non-empty [B,T] batch, got [${B},${T}]`);
  if (T > cfg.maxSeqLen) {
    throw new TfModelError('sequence-too-long', `sequence length ${T} exceeds maxSeqLen ${cfg.maxSeqLen}. Fix: truncate prompts/responses or raise maxSeqLen in the model config`);
  }
  const out = new Int32Array(B * T);
  for (let i = 0; i < out.length; i++) {
    const v = m.data[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= cfg.vocabSize) {
      throw new TfModelError('token-out-of-range', `token id ${v} at [${Math.floor(i / T)},${i % T}] is outside [0, ${cfg.vocabSize}). Fix: check the tokenizer's vocabSize matches the model config`);
    }
    out[i] = v;
  }
  const res: PreparedBatch = { B, T, ids: out };
  if (opts.positions !== undefined) {
    const p = hostMatrix('positions', opts.positions);
    if (p.B !== B || p.T !== T) throw new TfModelError('shape-mismatch', `positions shape [${p.B},${p.T}] != ids shape [${B},${T}]`);
    for (let i = 0; i < p.data.length; i++) {
      const v = p.data[i]!;
      if (!Number.isInteger(v) || v < 0 || v >= cfg.maxSeqLen) {
        throw new TfModelError('sequence-too-long', `position ${v} at [${Math.floor(i / T)},${i % T}] is outside [0, maxSeqLen ${cfg.maxSeqLen}). Fix: positions are integer token indices within the context`);
      }
    }
    res.positions = p.data;
  }
  if (opts.attnMask !== undefined) {
    const a = hostMatrix('attnMask', opts.attnMask);
    if (a.B !== B || a.T !== T) throw new TfModelError('shape-mismatch', `attnMask shape [${a.B},${a.T}] != ids shape [${B},${T}]`);
    for (let i = 0; i < a.data.length; i++) {
      const v = a.data[i]!;
      if (v !== 0 && v !== 1) throw new TfModelError('shape-mismatch', `attnMask value ${v} at [${Math.floor(i / T)},${i % T}] must be 0 or 1`);
    }
    res.attnMask = a.data;
  }
  return res;
}

/** Result of `TfTransformer.coefGradients`. */
export interface CoefGradResult {
  /** Σ_bt coef[b,t]·logp[b,t] (+ Σ entropyCoef[b,t]·ent[b,t]). */
  loss: number;
  /** d loss / d params, flat, in ParamLayout order (same layout as the params buffer). */
  grads: Float32Array;
  /** Token log-probs [B*T] row-major (aligned with ids, 0 at t = 0). */
  logProbs: Float32Array;
}

/**
 * The tfjs reference model. Holds one tf.Variable per parameter (disposed by `dispose()`) and a host
 * copy `flat` of all weights (the source of truth for the optimizer; `setFlatParams` re-uploads).
 */
export class TfTransformer {
  readonly layout: ParamLayout;
  /** Host copy of all weights, ParamLayout order. Do not mutate without calling setFlatParams. */
  readonly flat: Float32Array;
  private readonly vars: tf.Variable[];
  private disposed = false;

  /** `params` is copied; its length must equal `new ParamLayout(config).totalSize`. */
  constructor(
    readonly config: ModelConfig,
    params: Float32Array,
  ) {
    this.layout = new ParamLayout(config);
    checkParamsLength(this.layout, params);
    this.flat = Float32Array.from(params);
    this.vars = this.layout.entries.map((e) =>
      tf.tidy(() => tf.variable(tf.tensor(this.flat.subarray(e.offset, e.offset + e.size), e.shape, 'float32'), true)),
    );
  }

  /** A freshly initialised model (ParamLayout.init with the given generator). */
  static init(config: ModelConfig, rng: Rng): TfTransformer {
    return new TfTransformer(config, new ParamLayout(config).init(rng));
  }

  /** Params map over the live variables (not owned by the caller: do not dispose). */
  paramsMap(): TfParams {
    this.assertLive();
    const out: TfParams = {};
    this.layout.entries.forEach((e, i) => (out[e.name] = this.vars[i]!));
    return out;
  }

  /** The variables in ParamLayout order (not owned by the caller). */
  variables(): readonly tf.Variable[] {
    this.assertLive();
    return this.vars;
  }

  /** Replaces all weights (copied into `flat` and uploaded). */
  setFlatParams(params: Float32Array): void {
    this.assertLive();
    checkParamsLength(this.layout, params);
    if (params !== this.flat) this.flat.set(params);
    this.layout.entries.forEach((e, i) => {
      tf.tidy(() => this.vars[i]!.assign(tf.tensor(this.flat.subarray(e.offset, e.offset + e.size), e.shape, 'float32')));
    });
  }

  /** A copy of all weights as one flat buffer. */
  getFlatParams(): Float32Array {
    return Float32Array.from(this.flat);
  }

  /** Logits [B,T,V]. Caller owns the returned tensor. */
  forward(ids: TokenIds, opts: ForwardOptions = {}): tf.Tensor3D {
    const batch = prepareBatch(this.config, ids, opts);
    return tf.tidy(() => this.logitsOf(batch, this.paramsMap()));
  }

  /** Token log-probs [B,T] (0 at t = 0). Caller owns the returned tensor. */
  tokenLogProbs(ids: TokenIds, opts: ForwardOptions = {}): tf.Tensor2D {
    const batch = prepareBatch(this.config, ids, opts);
    return tf.tidy(() => {
      const idsT = tf.tensor2d(batch.ids, [batch.B, batch.T], 'int32');
      return tokenLogProbsFromLogits(this.logitsOf(batch, this.paramsMap()), idsT);
    });
  }

  /** Token entropies [B,T] aligned with log-probs (0 at t = 0). Caller owns the returned tensor. */
  tokenEntropies(ids: TokenIds, opts: ForwardOptions = {}): tf.Tensor2D {
    const batch = prepareBatch(this.config, ids, opts);
    return tf.tidy(() => tokenEntropiesFromLogits(this.logitsOf(batch, this.paramsMap())));
  }

  /**
   * Loss Σ coef[b,t]·logp[b,t] (+ Σ entropyCoef[b,t]·ent[b,t]) and its gradient w.r.t. every weight, as
   * one flat Float32Array in ParamLayout order. This is how RL losses enter: rl-core returns
   * coef = d loss / d logp per token. coef, entropyCoef: [B*T] row-major. Leaves no tensors.
   */
  coefGradients(ids: TokenIds, coef: ArrayLike<number>, opts: ForwardOptions & { entropyCoef?: ArrayLike<number> } = {}): CoefGradResult {
    const batch = prepareBatch(this.config, ids, opts);
    const n = batch.B * batch.T;
    if (coef.length !== n) throw new TfModelError('shape-mismatch', `coef has ${coef.length} entries, expected B·T = ${n}`);
    if (opts.entropyCoef && opts.entropyCoef.length !== n) throw new TfModelError('shape-mismatch', `entropyCoef has ${opts.entropyCoef.length} entries, expected B·T = ${n}`);
    let logProbs = new Float32Array(n);
    const grads = new Float32Array(this.layout.totalSize);
    let loss = 0;
    // T = 1: no token is predicted, log-probs and entropies are the constant 0, the gradient is 0.
    if (batch.T < 2) return { loss, grads, logProbs };
    tf.tidy(() => {
      const names = this.layout.entries.map((e) => e.name);
      const idsT = tf.tensor2d(batch.ids, [batch.B, batch.T], 'int32');
      const coefT = tf.tensor2d(Float32Array.from(coef), [batch.B, batch.T]);
      const entT = opts.entropyCoef ? tf.tensor2d(Float32Array.from(opts.entropyCoef), [batch.B, batch.T]) : null;
      let lpKept: tf.Tensor | null = null;
      const f = (...ws: tf.Tensor[]): tf.Scalar => {
        const p: TfParams = {};
        names.forEach((nm, i) => (p[nm] = ws[i]!));
        const logits = this.logitsOf(batch, p);
        const lp = tokenLogProbsFromLogits(logits, idsT);
        lpKept = tf.keep(lp);
        let l = tf.sum(tf.mul(lp, coefT));
        if (entT) l = tf.add(l, tf.sum(tf.mul(tokenEntropiesFromLogits(logits), entT)));
        return l as tf.Scalar;
      };
      const { value, grads: gs } = tf.valueAndGrads(f)(this.vars);
      loss = value.dataSync()[0]!;
      this.layout.entries.forEach((e, i) => grads.set(gs[i]!.dataSync(), e.offset));
      logProbs = Float32Array.from((lpKept as tf.Tensor | null)!.dataSync());
      (lpKept as tf.Tensor | null)!.dispose();
    });
    return { loss, grads, logProbs };
  }

  /** Frees the variables. The model is unusable afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.vars.forEach((v) => v.dispose());
    this.disposed = true;
  }

  private logitsOf(batch: PreparedBatch, p: TfParams): tf.Tensor3D {
    const consts = forwardConstants(this.config, batch.B, batch.T, batch.positions, batch.attnMask);
    const idsT = tf.tensor2d(batch.ids, [batch.B, batch.T], 'int32');
    return transformerLogits(this.config, p, idsT, consts);
  }

  private assertLive(): void {
    if (this.disposed) throw new TfModelError('shape-mismatch', 'TfTransformer was disposed. Fix: create a new model');
  }
}
