/**
 * Full-sequence ONNX graphs of the policy (static B and T per graph):
 *
 * Forward graph. Inputs: every weight (float, named as in params.ts), `ids` int64 [B,T],
 * `positions` int64 [B,T], `attn_mask` float [B,T]. Outputs (each optional): `logits` [B,T,V],
 * `logp` [B,T] = log_softmax(logits[b,t−1])[ids[b,t]] (0 at t = 0), `entropy` [B,T] = entropy of
 * softmax(logits[b,t−1]) (0 at t = 0), i.e. the distribution that produced token t.
 *
 * Training graph. Additionally `coef` float [B,T]. Outputs `objective` (scalar) =
 * Σ_{b,t} coef[b,t]·logp[b,t], `logp` [B,T], `entropy` [B,T] and `grad.<name>` = d objective / d weight
 * for every weight. RL losses in @prorl/rl-core return d loss / d logp per token: feeding that as
 * `coef` makes the grads the weight gradient of the loss (a vector-Jacobian product); SFT uses
 * coef = −mask/count (mean cross-entropy). Optionally `ent_coef` [B,T] adds Σ ent_coef·entropy to the
 * objective (entropy bonuses).
 *
 * float64 graphs (finite-difference checks) should run with graphOptimizationLevel 'basic': at
 * 'extended'/'all' ORT fuses x·sigmoid(x) into com.microsoft.QuickGelu, which has no double kernel.
 * GELU is the tanh form everywhere (Erf has no double kernel either).
 */
import type { ModelConfig } from '../model/config.js';
import { paramSpecs } from '../model/params.js';
import { Tape } from './autodiff.js';
import { type FloatType, Graph } from './builder.js';
import { emitTransformer, weightInputs } from './transformer.js';

export interface ModelGraphOptions {
  batch: number;
  seqLen: number;
  /** Default float32; float64 for finite-difference checks. */
  float?: FloatType;
  /** Composite ops with hand-written backward (default true). */
  composites?: boolean;
}

export interface ForwardOutputs {
  logits?: boolean;
  logp?: boolean;
  entropy?: boolean;
}

/** Token-level heads over logits [B·T, V]: aligned logp and entropy [B,T] (0 at t = 0). */
function tokenHeads(g: Graph, cfg: ModelConfig, logits: string, ids: string, B: number, T: number) {
  const V = cfg.vocabSize;
  const N = B * T;
  const ls = g.logSoftmax(logits, -1); // [N,V]
  // Shift matrix [T,T]: out[:, t] = in[:, t−1], out[:, 0] = 0.
  const shift = new Array<number>(T * T).fill(0);
  for (let t = 1; t < T; t++) shift[(t - 1) * T + t] = 1;
  const S = g.constant(shift, [T, T]);
  const logp = () => {
    const next = T > 1 ? g.concat([g.slice(ids, 1, 1, T), g.constant(new Array(B).fill(0), [B, 1], 'int64')], 1) : g.constant(new Array(B).fill(0), [B, 1], 'int64');
    const arange = g.constant(Array.from({ length: V }, (_, i) => i), [1, V], 'int64');
    const onehot = g.cast(g.equal(g.reshape(next, [N, 1]), arange), g.float);
    const picked = g.reshape(g.reduceSum(g.mul(ls, onehot), [1], false), [B, T]);
    return g.matmul(picked, S);
  };
  const entropy = () => {
    const e = g.unary('Neg', g.reduceSum(g.mul(g.unary('Exp', ls), ls), [1], false));
    return g.matmul(g.reshape(e, [B, T]), S);
  };
  return { logp, entropy };
}

function declareDataInputs(g: Graph, B: number, T: number) {
  return {
    ids: g.input('ids', [B, T], 'int64'),
    positions: g.input('positions', [B, T], 'int64'),
    mask: g.input('attn_mask', [B, T], g.float),
  };
}

/** Forward graph (see file doc). */
export function buildForwardGraph(cfg: ModelConfig, opts: ModelGraphOptions, outputs: ForwardOutputs = { logp: true }): Graph {
  const { batch: B, seqLen: T } = opts;
  const g = new Graph({ float: opts.float ?? 'float32', name: 'prorl_forward' });
  const w = weightInputs(g, cfg);
  const d = declareDataInputs(g, B, T);
  const { logits } = emitTransformer(g, cfg, { w, B, S: T, C: 0, ids: d.ids, positions: d.positions, keyMask: d.mask, composites: opts.composites ?? true });
  const heads = tokenHeads(g, cfg, logits, d.ids, B, T);
  if (outputs.logits) g.output(g.reshape(logits, [B, T, cfg.vocabSize]), 'logits');
  if (outputs.logp) g.output(heads.logp(), 'logp');
  if (outputs.entropy) g.output(heads.entropy(), 'entropy');
  if (g.outputs.length === 0) throw new Error('buildForwardGraph: ask for at least one of logits, logp, entropy');
  return g;
}

export interface TrainingGraphOptions extends ModelGraphOptions {
  /** Adds an `ent_coef` [B,T] input: objective += Σ ent_coef·entropy. Default false. */
  entropyCoef?: boolean;
}

/** Training graph (see file doc): objective, logp, entropy and `grad.<name>` for every weight. */
export function buildTrainingGraph(cfg: ModelConfig, opts: TrainingGraphOptions): Graph {
  const { batch: B, seqLen: T } = opts;
  const g = new Graph({ float: opts.float ?? 'float32', name: 'prorl_train' });
  const tape = new Tape(g);
  const w = weightInputs(g, cfg);
  for (const name of w.keys()) tape.watch(name);
  const d = declareDataInputs(g, B, T);
  const coef = g.input('coef', [B, T], g.float);
  const entCoef = opts.entropyCoef ? g.input('ent_coef', [B, T], g.float) : undefined;
  const { logits } = emitTransformer(g, cfg, { w, B, S: T, C: 0, ids: d.ids, positions: d.positions, keyMask: d.mask, composites: opts.composites ?? true });
  const heads = tokenHeads(g, cfg, logits, d.ids, B, T);
  const logp = heads.logp();
  const entropy = heads.entropy();
  let objective = g.reduceSum(g.mul(coef, logp), [0, 1], false);
  if (entCoef) objective = g.add(objective, g.reduceSum(g.mul(entCoef, entropy), [0, 1], false));
  const grads = tape.backward(objective, [...w.keys()]);
  g.output(objective, 'objective');
  g.output(logp, 'logp');
  g.output(entropy, 'entropy');
  for (const s of paramSpecs(cfg)) g.output(grads.get(s.name)!, `grad.${s.name}`);
  return g;
}
