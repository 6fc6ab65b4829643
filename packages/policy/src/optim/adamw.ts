/**
 * AdamW over one flat Float32Array of parameters (the ParamLayout buffer), as in Loshchilov & Hutter
 * (decoupled weight decay) and PyTorch's `torch.optim.AdamW`:
 *
 *   t ← t + 1
 *   m ← β1·m + (1−β1)·g,        v ← β2·v + (1−β2)·g²
 *   p ← p·(1 − lr·λ·decay_i)                              (decoupled decay; decay_i ∈ {0,1} mask)
 *   p ← p − (lr / (1−β1ᵗ)) · m / (sqrt(v) / sqrt(1−β2ᵗ) + ε)
 *
 * One fused loop per step. State (m, v, t) is plain data for checkpoints; `reset()` zeroes it (ProRL's
 * reference reset re-initialises the optimizer together with the reference policy).
 */
import { OptimConfigError, OptimStateError } from './errors.js';

export interface AdamWConfig {
  /** Base learning rate (a schedule may override it per step). Default 1e-3; ProRL uses 2e-6 constant. */
  lr: number;
  /** β1. Default 0.9. */
  beta1: number;
  /** β2. Default 0.999. */
  beta2: number;
  /** ε added to the bias-corrected sqrt(v). Default 1e-8. */
  eps: number;
  /** λ: decoupled weight decay. Default 0.01 (PyTorch's AdamW default). */
  weightDecay: number;
}

export const DEFAULT_ADAMW_CONFIG: AdamWConfig = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 };

export function resolveAdamWConfig(partial: Partial<AdamWConfig> = {}): AdamWConfig {
  const cfg = { ...DEFAULT_ADAMW_CONFIG, ...partial };
  if (!(cfg.lr >= 0) || !Number.isFinite(cfg.lr)) throw new OptimConfigError('lr', `must be a finite number >= 0, got ${cfg.lr}`, 'use e.g. 1e-3 (ProRL: 2e-6)');
  for (const k of ['beta1', 'beta2'] as const) {
    if (!(cfg[k] >= 0 && cfg[k] < 1)) throw new OptimConfigError(k, `must be in [0, 1), got ${cfg[k]}`, `use e.g. ${DEFAULT_ADAMW_CONFIG[k]}`);
  }
  if (!(cfg.eps > 0)) throw new OptimConfigError('eps', `must be > 0, got ${cfg.eps}`, 'use e.g. 1e-8');
  if (!(cfg.weightDecay >= 0) || !Number.isFinite(cfg.weightDecay)) throw new OptimConfigError('weightDecay', `must be a finite number >= 0, got ${cfg.weightDecay}`, 'use e.g. 0.01, or 0 to disable');
  return cfg;
}

/** Serialisable optimizer state (copies when taken with `state()`). */
export interface AdamWState {
  /** Number of steps taken (t). */
  step: number;
  /** First moment [P]. */
  m: Float32Array;
  /** Second moment [P]. */
  v: Float32Array;
}

export class AdamW {
  readonly config: AdamWConfig;
  private m: Float32Array;
  private v: Float32Array;
  private t = 0;

  /**
   * @param size P: number of parameters (length of the flat buffer).
   * @param decayMask optional [P] mask, 1 = apply weight decay, 0 = not (see `decayMaskFromLayout`).
   */
  constructor(
    readonly size: number,
    config: Partial<AdamWConfig> = {},
    readonly decayMask?: Uint8Array,
  ) {
    this.config = resolveAdamWConfig(config);
    if (decayMask && decayMask.length !== size) throw new OptimStateError(`decayMask has ${decayMask.length} entries, expected ${size}`);
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
  }

  /** Steps taken so far. */
  get step(): number {
    return this.t;
  }

  /**
   * One update in place. params, grads: [P]. `lr` overrides config.lr (for schedules).
   * Non-finite gradients are rejected (OptimStateError) before anything is modified.
   */
  update(params: Float32Array, grads: Float32Array, lr: number = this.config.lr): void {
    const n = this.size;
    if (params.length !== n || grads.length !== n) throw new OptimStateError(`AdamW.update: params ${params.length} / grads ${grads.length} entries, optimizer was built for ${n}`);
    const { beta1: b1, beta2: b2, eps, weightDecay: wd } = this.config;
    const t = this.t + 1;
    const stepSize = lr / (1 - Math.pow(b1, t));
    const invBc2Sqrt = 1 / Math.sqrt(1 - Math.pow(b2, t));
    const decay = 1 - lr * wd;
    const m = this.m;
    const v = this.v;
    const mask = this.decayMask;
    const c1 = 1 - b1;
    const c2 = 1 - b2;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(grads[i]!)) throw new OptimStateError(`AdamW.update: gradient ${i} is ${grads[i]}; nothing was updated. Fix: lower the learning rate or clip gradients`);
    }
    for (let i = 0; i < n; i++) {
      const g = grads[i]!;
      const mi = b1 * m[i]! + c1 * g;
      const vi = b2 * v[i]! + c2 * g * g;
      m[i] = mi;
      v[i] = vi;
      let p = params[i]!;
      if (mask === undefined || mask[i] === 1) p *= decay;
      params[i] = p - (stepSize * mi) / (Math.sqrt(vi) * invBc2Sqrt + eps);
    }
    this.t = t;
  }

  /** Re-initialises the state: m = v = 0, step = 0 (ProRL reference reset). */
  reset(): void {
    this.m.fill(0);
    this.v.fill(0);
    this.t = 0;
  }

  /** A copy of the state, for checkpoints. */
  state(): AdamWState {
    return { step: this.t, m: Float32Array.from(this.m), v: Float32Array.from(this.v) };
  }

  /** Restores a state taken with `state()` (copied in). */
  loadState(s: AdamWState): void {
    if (s.m.length !== this.size || s.v.length !== this.size) {
      throw new OptimStateError(`AdamW.loadState: state has m ${s.m.length} / v ${s.v.length} entries, optimizer has ${this.size}. Fix: load the optimizer state saved with this model config`);
    }
    if (!Number.isInteger(s.step) || s.step < 0) throw new OptimStateError(`AdamW.loadState: step must be an integer >= 0, got ${s.step}`);
    this.m.set(s.m);
    this.v.set(s.v);
    this.t = s.step;
  }
}
