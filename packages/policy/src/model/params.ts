/**
 * Parameter layout: canonical names, shapes, and one flat Float32Array holding every weight. The
 * flat buffer lets AdamW run as one loop, lets ONNX sessions take zero-copy subarray views as inputs,
 * and makes checkpoints a single safetensors write. Order = `paramSpecs(config)` order.
 *
 * Names (all matrices are [in, out], no biases):
 *   tok_emb [V,D]
 *   l{i}.attn_norm [D], l{i}.wq [D,D], l{i}.wk [D,D], l{i}.wv [D,D], l{i}.wo [D,D],
 *   l{i}.mlp_norm [D], swiglu: l{i}.w_gate [D,F], l{i}.w_up [D,F], l{i}.w_down [F,D]
 *                      gelu:   l{i}.w_up [D,F], l{i}.w_down [F,D]
 *   final_norm [D]
 *   lm_head [D,V]              (absent when tieEmbeddings)
 */
import { Rng } from '@prorl/rl-core';
import type { ModelConfig } from './config.js';

export type ParamInit = 'normal' | 'residual' | 'ones';

export interface ParamSpec {
  name: string;
  shape: number[];
  /** normal: N(0, 0.02); residual: N(0, 0.02/sqrt(2L)) for projections into the residual stream; ones. */
  init: ParamInit;
}

export interface ParamEntry extends ParamSpec {
  /** Offset into the flat buffer, in elements. */
  offset: number;
  size: number;
}

export function paramSpecs(cfg: ModelConfig): ParamSpec[] {
  const { vocabSize: V, dModel: D, dFF: F } = cfg;
  const specs: ParamSpec[] = [{ name: 'tok_emb', shape: [V, D], init: 'normal' }];
  for (let i = 0; i < cfg.nLayers; i++) {
    specs.push(
      { name: `l${i}.attn_norm`, shape: [D], init: 'ones' },
      { name: `l${i}.wq`, shape: [D, D], init: 'normal' },
      { name: `l${i}.wk`, shape: [D, D], init: 'normal' },
      { name: `l${i}.wv`, shape: [D, D], init: 'normal' },
      { name: `l${i}.wo`, shape: [D, D], init: 'residual' },
      { name: `l${i}.mlp_norm`, shape: [D], init: 'ones' },
    );
    if (cfg.mlp === 'swiglu') specs.push({ name: `l${i}.w_gate`, shape: [D, F], init: 'normal' });
    specs.push({ name: `l${i}.w_up`, shape: [D, F], init: 'normal' }, { name: `l${i}.w_down`, shape: [F, D], init: 'residual' });
  }
  specs.push({ name: 'final_norm', shape: [D], init: 'ones' });
  if (!cfg.tieEmbeddings) specs.push({ name: 'lm_head', shape: [D, V], init: 'normal' });
  return specs;
}

/** Flat layout of all parameters. */
export class ParamLayout {
  readonly entries: ParamEntry[];
  readonly byName: Map<string, ParamEntry>;
  readonly totalSize: number;

  constructor(readonly config: ModelConfig) {
    let offset = 0;
    this.entries = paramSpecs(config).map((s) => {
      const size = s.shape.reduce((a, b) => a * b, 1);
      const e = { ...s, offset, size };
      offset += size;
      return e;
    });
    this.byName = new Map(this.entries.map((e) => [e.name, e]));
    this.totalSize = offset;
  }

  /** Zero-copy view of one parameter inside a flat buffer. */
  view(flat: Float32Array, name: string): Float32Array {
    const e = this.byName.get(name);
    if (!e) throw new Error(`unknown parameter '${name}'; known: ${[...this.byName.keys()].join(', ')}`);
    return flat.subarray(e.offset, e.offset + e.size);
  }

  /** Deterministic initialisation from a seeded generator (GPT-2 style scales). */
  init(rng: Rng): Float32Array {
    const flat = new Float32Array(this.totalSize);
    const residualStd = 0.02 / Math.sqrt(2 * this.config.nLayers);
    for (const e of this.entries) {
      const v = flat.subarray(e.offset, e.offset + e.size);
      switch (e.init) {
        case 'ones':
          v.fill(1);
          break;
        case 'normal':
          for (let i = 0; i < v.length; i++) v[i] = 0.02 * rng.normal();
          break;
        case 'residual':
          for (let i = 0; i < v.length; i++) v[i] = residualStd * rng.normal();
          break;
        default: {
          const never: never = e.init;
          throw new Error(`unknown init ${String(never)}`);
        }
      }
    }
    return flat;
  }
}

/** Number of parameters of a config. */
export function countParams(cfg: ModelConfig): number {
  return new ParamLayout(cfg).totalSize;
}
