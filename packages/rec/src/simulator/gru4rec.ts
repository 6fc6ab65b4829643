/**
 * GRU4Rec user simulator (Hidasi et al. 2016; RecBole's `GRU4Rec`, the paper's cross-evaluator):
 * item embedding E = 64, one GRU layer with hidden H = 128, a dense layer H → E, and full-catalogue
 * logits = dense(h_last) · item_embᵀ (RecBole's `full_sort_predict`). Differences from RecBole: no
 * dropout (RecBole: 0.3), every position of a window is trained (RecBole: each prefix's last).
 *
 * The GRU is an ONNX graph unrolled over T ≤ maxLen steps, built with the policy package's `Graph`
 * and differentiated by its `Tape` (MatMul, Sigmoid, Tanh, Gather, Concat have backward rules), so it
 * trains on the same engine and optimizer as SASRec. PyTorch's GRU cell, per step t:
 *
 *   r = σ(x·W_ir + b_r + h·W_hr)            z = σ(x·W_iz + b_z + h·W_hz)
 *   n = tanh(x·W_in + b_in + r ⊙ (h·W_hn + b_hn))
 *   h' = (1 − z) ⊙ n + z ⊙ h                 (emitted as n + z ⊙ (h − n))
 *   h_t = m_t·h' + (1 − m_t)·h_{t−1}         (m_t = 1 real item, 0 right padding: the state is
 *                                             carried through padding, so h_T = state after the
 *                                             last real item, exactly, for any padding length)
 *
 * (b_r, b_z fold PyTorch's b_i* + b_h* of those gates.) Inputs are time-major: `ids` int64 [T,B],
 * `mask` float [T,B,1]. The input projections x·W_i* run once for all steps ([T·B,E]·[E,H]) and each
 * step reads its [B,H] slice with a Gather on axis 0.
 *
 * Shapes: B sequences, T steps, V = N + 1 (0 = padding), E embedding, H hidden.
 */
import { readFileSync } from 'node:fs';
import { Rng } from '@prorl/rl-core';
import { Graph, SessionCache, Tape, decodeSafetensors, encodeSafetensors, type FloatType, type Feed } from '@prorl/policy';
import { DEFAULT_SIMULATOR_SESSION_OPTIONS, lengthBucket, scoreChunks, type SimulatorSessionOptions } from './score-chunks.js';
import { writeFileAtomic } from '../io/atomic.js';
import { SimulatorConfigError, SimulatorInputError, checkSequences } from './errors.js';
import type { LossAndGrad, TrainableSimulator } from './trainable.js';
import type { WindowBatch } from './windows.js';

export interface Gru4RecConfig {
  numItems: number;
  /** Item embedding width. Paper/RecBole: 64. */
  embDim: number;
  /** GRU hidden width. Paper/RecBole: 128. */
  hidden: number;
  /** Longest history read (and longest unrolled graph). Paper: 50. */
  maxLen: number;
}

export const DEFAULT_GRU4REC_CONFIG: Omit<Gru4RecConfig, 'numItems'> = { embDim: 64, hidden: 128, maxLen: 50 };

export function resolveGru4RecConfig(partial: Partial<Gru4RecConfig> & { numItems: number }): Gru4RecConfig {
  const c: Gru4RecConfig = { ...DEFAULT_GRU4REC_CONFIG, ...partial };
  for (const k of ['numItems', 'embDim', 'hidden'] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 1) throw new SimulatorConfigError(k, `must be a positive integer, got ${c[k]}`, k === 'numItems' ? 'pass the catalogue size (ItemIndex.size)' : `use ${k === 'embDim' ? 64 : 128} (the paper)`);
  }
  if (!Number.isInteger(c.maxLen) || c.maxLen < 2) throw new SimulatorConfigError('maxLen', `must be an integer >= 2, got ${c.maxLen}`, 'use 50 (the paper)');
  return c;
}

type Init = { kind: 'normal'; std: number } | { kind: 'uniform'; bound: number } | { kind: 'zeros' };
interface GruParam {
  name: string;
  shape: number[];
  init: Init;
  offset: number;
  size: number;
}

/** Flat parameter layout (same idea as the policy's ParamLayout): names, shapes, offsets, init. */
export class Gru4RecLayout {
  readonly entries: GruParam[];
  readonly byName: Map<string, GruParam>;
  readonly totalSize: number;

  constructor(readonly config: Gru4RecConfig) {
    const { numItems, embDim: E, hidden: H } = config;
    const V = numItems + 1;
    const xav = (fanIn: number, fanOut: number): Init => ({ kind: 'uniform', bound: Math.sqrt(6 / (fanIn + fanOut)) });
    const specs: [string, number[], Init][] = [
      ['item_emb', [V, E], { kind: 'normal', std: Math.sqrt(2 / (V + E)) }],
      ['w_ir', [E, H], xav(E, 3 * H)],
      ['w_iz', [E, H], xav(E, 3 * H)],
      ['w_in', [E, H], xav(E, 3 * H)],
      ['w_hr', [H, H], xav(H, 3 * H)],
      ['w_hz', [H, H], xav(H, 3 * H)],
      ['w_hn', [H, H], xav(H, 3 * H)],
      ['b_r', [H], { kind: 'zeros' }],
      ['b_z', [H], { kind: 'zeros' }],
      ['b_in', [H], { kind: 'zeros' }],
      ['b_hn', [H], { kind: 'zeros' }],
      ['w_out', [H, E], xav(H, E)],
      ['b_out', [E], { kind: 'zeros' }],
    ];
    let offset = 0;
    this.entries = specs.map(([name, shape, init]) => {
      const size = shape.reduce((a, b) => a * b, 1);
      const e = { name, shape, init, offset, size };
      offset += size;
      return e;
    });
    this.byName = new Map(this.entries.map((e) => [e.name, e]));
    this.totalSize = offset;
  }

  init(rng: Rng): Float32Array {
    const flat = new Float32Array(this.totalSize);
    for (const e of this.entries) {
      const v = flat.subarray(e.offset, e.offset + e.size);
      const init = e.init;
      switch (init.kind) {
        case 'normal':
          for (let i = 0; i < v.length; i++) v[i] = init.std * rng.normal();
          break;
        case 'uniform':
          for (let i = 0; i < v.length; i++) v[i] = rng.uniform(-init.bound, init.bound);
          break;
        case 'zeros':
          break;
        default: {
          const never: never = init;
          throw new Error(`unknown init ${JSON.stringify(never)}`);
        }
      }
    }
    return flat;
  }

  view<A extends Float32Array | Float64Array>(flat: A, name: string): A {
    const e = this.byName.get(name);
    if (!e) throw new Error(`unknown GRU4Rec parameter '${name}'`);
    return flat.subarray(e.offset, e.offset + e.size) as A;
  }

  feeds(flat: Float32Array | Float64Array): Record<string, Feed> {
    if (flat.length !== this.totalSize) throw new SimulatorConfigError('params', `has ${flat.length} values, the GRU4Rec config needs ${this.totalSize}`, 'pass a buffer from Gru4RecLayout.init or a matching checkpoint');
    const out: Record<string, Feed> = {};
    for (const e of this.entries) out[e.name] = { data: flat.subarray(e.offset, e.offset + e.size), dims: e.shape };
    return out;
  }

  decayMask(): Uint8Array {
    const m = new Uint8Array(this.totalSize);
    for (const e of this.entries) if (e.shape.length >= 2) m.fill(1, e.offset, e.offset + e.size);
    return m;
  }
}

/** Emits the unrolled GRU; returns the per-step states [B,H] (after masking). */
function emitGru(g: Graph, w: Map<string, string>, cfg: Gru4RecConfig, B: number, T: number, ids: string, mask: string): string[] {
  const H = cfg.hidden;
  const W = (n: string) => w.get(n)!;
  const x = g.gather(W('item_emb'), g.reshape(ids, [T * B])); // [T·B,E]
  const proj = (wn: string, bn: string) => g.reshape(g.add(g.matmul(x, W(wn)), W(bn)), [T, B, H]);
  const xr = proj('w_ir', 'b_r');
  const xz = proj('w_iz', 'b_z');
  const xn = proj('w_in', 'b_in');
  const keep = g.sub(g.scalar(1), mask); // [T,B,1], not differentiable
  let h = g.constant(new Array<number>(B * H).fill(0), [B, H]);
  const hs: string[] = [];
  for (let t = 0; t < T; t++) {
    const it = g.constant([t], [], 'int64');
    const r = g.unary('Sigmoid', g.add(g.gather(xr, it), g.matmul(h, W('w_hr'))));
    const z = g.unary('Sigmoid', g.add(g.gather(xz, it), g.matmul(h, W('w_hz'))));
    const n = g.unary('Tanh', g.add(g.gather(xn, it), g.mul(r, g.add(g.matmul(h, W('w_hn')), W('b_hn')))));
    const hNew = g.add(n, g.mul(z, g.sub(h, n)));
    h = g.add(g.mul(g.gather(mask, it), hNew), g.mul(g.gather(keep, it), h));
    hs.push(h);
  }
  return hs;
}

function declare(g: Graph, layout: Gru4RecLayout, B: number, T: number) {
  const w = new Map<string, string>();
  for (const e of layout.entries) w.set(e.name, g.input(e.name, e.shape, g.float));
  const ids = g.input('ids', [T, B], 'int64');
  const mask = g.input('mask', [T, B, 1], g.float);
  return { w, ids, mask };
}

/** Logits [rows,V] = (h·W_out + b_out) · item_embᵀ. */
const head = (g: Graph, w: Map<string, string>, h: string) => g.gemm(g.add(g.matmul(h, w.get('w_out')!), w.get('b_out')!), w.get('item_emb')!, false, true);

/** Scoring graph: `logits` [B,V] after each row's last real item. */
export function buildGru4RecScoreGraph(layout: Gru4RecLayout, B: number, T: number, float: FloatType = 'float32'): Graph {
  const g = new Graph({ float, name: 'gru4rec_score' });
  const { w, ids, mask } = declare(g, layout, B, T);
  const hs = emitGru(g, w, layout.config, B, T, ids, mask);
  g.output(head(g, w, hs[T - 1]!), 'logits');
  return g;
}

/**
 * Training graph: extra inputs `targets` int64 [T·B] (t-major: the item after step t) and `coef`
 * float [T·B]; outputs `objective` = Σ coef·log_softmax(logits_t)[target_t] and `grad.<name>`.
 */
export function buildGru4RecTrainGraph(layout: Gru4RecLayout, B: number, T: number, float: FloatType = 'float32'): Graph {
  const g = new Graph({ float, name: 'gru4rec_train' });
  const tape = new Tape(g);
  const { w, ids, mask } = declare(g, layout, B, T);
  for (const name of w.keys()) tape.watch(name);
  const targets = g.input('targets', [T * B], 'int64');
  const coef = g.input('coef', [T * B], g.float);
  const hs = emitGru(g, w, layout.config, B, T, ids, mask);
  const logits = head(g, w, g.concat(hs, 0)); // [T·B,V]
  const V = layout.config.numItems + 1;
  const ls = g.logSoftmax(logits, -1);
  const arange = g.constant(Array.from({ length: V }, (_, i) => i), [1, V], 'int64');
  const onehot = g.cast(g.equal(g.reshape(targets, [T * B, 1]), arange), g.float);
  const picked = g.reduceSum(g.mul(ls, onehot), [1], false); // [T·B]
  const objective = g.reduceSum(g.mul(coef, picked), [0], false);
  const grads = tape.backward(objective, [...w.keys()]);
  g.output(objective, 'objective');
  for (const e of layout.entries) g.output(grads.get(e.name)!, `grad.${e.name}`);
  return g;
}

/** Time-major feeds [T,B] of right-padded rows (`rows[b]` real items, then padding). */
function timeMajor(rows: readonly (readonly number[])[], B: number, T: number) {
  const ids = new BigInt64Array(T * B);
  const mask = new Float32Array(T * B);
  rows.forEach((s, b) =>
    s.forEach((it, t) => {
      ids[t * B + b] = BigInt(it);
      mask[t * B + b] = 1;
    }),
  );
  return { ids, mask };
}

export type Gru4RecOptions = SimulatorSessionOptions;

export class Gru4RecSimulator implements TrainableSimulator {
  readonly kind = 'gru4rec' as const;
  readonly config: Gru4RecConfig;
  readonly layout: Gru4RecLayout;
  readonly params: Float32Array;
  private readonly sessions: SessionCache;

  constructor(config: Gru4RecConfig, params: Float32Array, options: Partial<Gru4RecOptions> = {}) {
    this.config = resolveGru4RecConfig(config);
    this.layout = new Gru4RecLayout(this.config);
    this.layout.feeds(params); // validates the length
    this.params = params;
    const o = { ...DEFAULT_SIMULATOR_SESSION_OPTIONS, ...options };
    this.sessions = new SessionCache(o.session, o.maxSessions);
  }

  static create(partial: Partial<Gru4RecConfig> & { numItems: number }, rng: Rng, options: Partial<Gru4RecOptions> = {}): Gru4RecSimulator {
    const cfg = resolveGru4RecConfig(partial);
    return new Gru4RecSimulator(cfg, new Gru4RecLayout(cfg).init(rng), options);
  }

  get numItems(): number {
    return this.config.numItems;
  }
  get maxLen(): number {
    return this.config.maxLen;
  }
  decayMask(): Uint8Array {
    return this.layout.decayMask();
  }

  async scoreAll(seqs: readonly (readonly number[])[]): Promise<Float32Array> {
    const rows = checkSequences(seqs, this.numItems, this.maxLen);
    const V = this.numItems + 1;
    const out = new Float32Array(rows.length * V);
    const weights = this.layout.feeds(this.params);
    for (const { r0, n, rows: chunk, T } of scoreChunks(rows, this.maxLen)) {
      const part = rows.slice(r0, r0 + n);
      const session = await this.sessions.get(`score:${chunk}:${T}`, () => buildGru4RecScoreGraph(this.layout, chunk, T).encode());
      const { ids, mask } = timeMajor(part, chunk, T);
      const res = await session.run({ ...weights, ids: { data: ids, dims: [T, chunk] }, mask: { data: mask, dims: [T, chunk, 1] } });
      out.set((res.logits as Float32Array).subarray(0, n * V), r0 * V);
    }
    return out;
  }

  /** Mean next-item cross-entropy of a right-padded window batch and its gradient. */
  async lossAndGrad(batch: WindowBatch): Promise<LossAndGrad> {
    if (batch.targets === 0) throw new SimulatorInputError('no-data', 'training batch has no next-item targets', 'give windows with at least two items');
    if (batch.T > this.maxLen) throw new SimulatorInputError('too-long', `window length ${batch.T} exceeds maxLen ${this.maxLen}`, 'cut sequences with trainingWindows(seqs, maxLen)');
    for (let i = 0; i < batch.ids.length; i++) {
      const it = batch.ids[i]!;
      if (it < 0 || it > this.numItems) throw new SimulatorInputError('item-out-of-range', `training batch holds item ${it}, outside 0..${this.numItems}`, "encode items with the simulator's ItemIndex");
    }
    const { B: B0, T: T0 } = batch;
    const B = Math.ceil(B0 / 8) * 8;
    const T = lengthBucket(T0, this.maxLen);
    const ids = new BigInt64Array(T * B);
    const mask = new Float32Array(T * B);
    const targets = new BigInt64Array(T * B);
    const coef = new Float32Array(T * B);
    const inv = -1 / batch.targets;
    for (let b = 0; b < B0; b++) {
      for (let t = 0; t < T0; t++) {
        const src = b * T0 + t;
        ids[t * B + b] = BigInt(batch.ids[src]!);
        mask[t * B + b] = batch.mask[src]!;
        // The state after step t predicts item t+1.
        if (t + 1 < T0 && batch.trainMask[src + 1]! > 0) {
          targets[t * B + b] = BigInt(batch.ids[src + 1]!);
          coef[t * B + b] = inv;
        }
      }
    }
    const session = await this.sessions.get(`train:${B}:${T}`, () => buildGru4RecTrainGraph(this.layout, B, T).encode());
    const res = await session.run({
      ...this.layout.feeds(this.params),
      ids: { data: ids, dims: [T, B] },
      mask: { data: mask, dims: [T, B, 1] },
      targets: { data: targets, dims: [T * B] },
      coef: { data: coef, dims: [T * B] },
    });
    const grads = new Float32Array(this.layout.totalSize);
    for (const e of this.layout.entries) grads.set(res[`grad.${e.name}`] as Float32Array, e.offset);
    return { loss: res.objective![0] as number, grads };
  }

  /** One safetensors file, written atomically (see checkpoint.ts). */
  async save(file: string, metadata: Record<string, unknown> = {}): Promise<void> {
    const tensors = this.layout.entries.map((e) => ({ name: e.name, shape: e.shape, data: this.params.subarray(e.offset, e.offset + e.size) }));
    writeFileAtomic(file, encodeSafetensors(tensors, { format: 'prorl-simulator', kind: this.kind, config: JSON.stringify(this.config), metadata: JSON.stringify(metadata) }));
  }

  static async load(file: string, options: Partial<Gru4RecOptions> = {}): Promise<Gru4RecSimulator> {
    const st = decodeSafetensors(new Uint8Array(readFileSync(file)), file);
    if (st.metadata.format !== 'prorl-simulator' || st.metadata.kind !== 'gru4rec' || !st.metadata.config) {
      throw new SimulatorConfigError('checkpoint', `${file} is not a GRU4Rec simulator checkpoint (metadata ${JSON.stringify(st.metadata)})`, 'load a file written by Gru4RecSimulator.save / trainSimulator');
    }
    const cfg = resolveGru4RecConfig(JSON.parse(st.metadata.config) as Gru4RecConfig);
    const layout = new Gru4RecLayout(cfg);
    const params = new Float32Array(layout.totalSize);
    const problems: string[] = [];
    for (const e of layout.entries) {
      const t = st.tensors.get(e.name);
      if (!t || t.shape.join(',') !== e.shape.join(',')) problems.push(`${e.name}: ${t ? `shape [${t.shape}]` : 'missing'}, expected [${e.shape}]`);
      else params.set(t.data, e.offset);
    }
    if (problems.length) throw new SimulatorConfigError('checkpoint', `${file}: ${problems.join('; ')}`, 'the file does not match its stored config; retrain or restore it');
    return new Gru4RecSimulator(cfg, params, options);
  }

  async release(): Promise<void> {
    await this.sessions.release();
  }
}

/**
 * Readable reference of the scoring path in plain float64 loops (no ONNX): the GRU cell of the file
 * doc over one sequence, then logits [V]. Used by the equivalence test.
 */
export function gru4recReferenceLogits(layout: Gru4RecLayout, params: Float32Array | Float64Array, seq: readonly number[]): Float64Array {
  const { embDim: E, hidden: H, numItems } = layout.config;
  const V = numItems + 1;
  const P = (n: string) => layout.view(params, n);
  const emb = P('item_emb');
  const vecMat = (v: ArrayLike<number>, m: ArrayLike<number>, rows: number, cols: number) => {
    const o = new Float64Array(cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) o[j]! += v[i]! * m[i * cols + j]!;
    return o;
  };
  const sig = (u: number) => 1 / (1 + Math.exp(-u));
  let h = new Float64Array(H);
  for (const it of seq) {
    const x = emb.subarray(it * E, (it + 1) * E);
    const [ir, iz, inn] = [vecMat(x, P('w_ir'), E, H), vecMat(x, P('w_iz'), E, H), vecMat(x, P('w_in'), E, H)];
    const [hr, hz, hn] = [vecMat(h, P('w_hr'), H, H), vecMat(h, P('w_hz'), H, H), vecMat(h, P('w_hn'), H, H)];
    const next = new Float64Array(H);
    for (let j = 0; j < H; j++) {
      const r = sig(ir[j]! + P('b_r')[j]! + hr[j]!);
      const z = sig(iz[j]! + P('b_z')[j]! + hz[j]!);
      const n = Math.tanh(inn[j]! + P('b_in')[j]! + r * (hn[j]! + P('b_hn')[j]!));
      next[j] = (1 - z) * n + z * h[j]!;
    }
    h = next;
  }
  const o = vecMat(h, P('w_out'), H, E);
  for (let k = 0; k < E; k++) o[k]! += P('b_out')[k]!;
  const logits = new Float64Array(V);
  for (let v = 0; v < V; v++) for (let k = 0; k < E; k++) logits[v]! += o[k]! * emb[v * E + k]!;
  return logits;
}
