/**
 * Stepwise Reward Centering (SRC), ProRL-rec [rec §3.4 step 4, paper Eq. 5/6]: each per-step reward
 * component is centred (and scaled) with running statistics, then the components are fused with
 * weights, so that E[r̃_t] = 0 and extending a path has zero expected gain (no length shortcut).
 *
 *   z_i = (r_t^{(i)} − μ^{(i)}) / σ^{(i)}               (per component, running stats, σ ≥ minStd)
 *   r̃_t = Σ_i w_i · s_i · z_i,  masked to valid steps    (s_i: extra per-component scale, see below)
 *
 * μ, σ are collected over the selected (real) steps of the first batches (warm-up; in the reference the
 * whole first RL epoch), then frozen. Statistics are updated before a batch is normalised (reference).
 *
 * Shapes: every component `[N]` (typically N = B·S·P flattened steps); masks `[N]`; outputs `[N]`.
 */
import { InvalidParamError, ShapeError } from '../errors.js';
import { maskVal, type MaskVec, type Vec } from '../tensor.js';
import { MultiObjectiveRewardNormalizer, type MultiObjectiveNormalizerState, type RecRewardComponent } from './multi-objective-normalizer.js';
import type { BatchMomentPrecision, CollectNormalization } from './running-normalizer.js';

/** What the per-component transform does before fusion. */
export type SrcMode =
  | 'zscore' // (x − μ)/σ: paper Eq. 6 and the reference
  | 'center_only' // x − μ: the single-reward form, Eq. 5
  | 'scale_only'; // x/σ: no centring (a reading of the "w/o SRC" ablation [rec §4.5]); shows the length shortcut

export interface SrcConfig<K extends string = RecRewardComponent> {
  /** Fusion weights w_i, one per component. ProRL-rec scripts: ctr/ioi/ior = 1/1/1 (Steam: w_ctr 0.1) [rec §5]. */
  weights: Record<K, number>;
  /**
   * Extra multiplier per component (missing = 1). Default `{ ctr: 0.1 }` reproduces the reference
   * code, which divides the CTR term by `max_proactive_length` = 10; the paper does not [rec §8.1].
   * Pass `{}` for the paper's Eq. 6.
   */
  scales: Partial<Record<K, number>>;
  /** Floor on σ (`mo_min_std`, 0.1) [rec §5]. */
  minStd: number;
  /**
   * Freeze after this many collecting batches; `null` = freeze explicitly with `freeze()` (the reference
   * freezes at the end of the first RL epoch).
   */
  warmupBatches: number | null;
  /** Default `'zscore'`. */
  mode: SrcMode;
  /** Batch-moment precision, default `'float32'` (reference). */
  batchMoments: BatchMomentPrecision;
  /** Default `'after_update'` (reference: a batch is normalised with stats that include it). */
  collectNormalization: CollectNormalization;
}

export const DEFAULT_SRC_CONFIG: SrcConfig<RecRewardComponent> = {
  weights: { ioi: 1, ior: 1, ctr: 1 },
  scales: { ctr: 0.1 },
  minStd: 0.1,
  warmupBatches: null,
  mode: 'zscore',
  batchMoments: 'float32',
  collectNormalization: 'after_update',
};

/**
 * Validates an SRC config. With custom `weights` and no `scales`, the default scales are kept only for
 * the components that are weighted.
 */
export function resolveSrcConfig<K extends string = RecRewardComponent>(partial: Partial<SrcConfig<K>> = {}): SrcConfig<K> {
  const weights = (partial.weights ?? DEFAULT_SRC_CONFIG.weights) as Record<K, number>;
  const keys = Object.keys(weights) as K[];
  if (keys.length === 0) throw new InvalidParamError('weights', 'names no component', 'pass e.g. { ioi: 1, ior: 1, ctr: 1 }');
  for (const k of keys) {
    if (!Number.isFinite(weights[k])) throw new InvalidParamError(`weights.${k}`, `must be finite, got ${weights[k]}`, 'pass a finite weight (0 disables a component)');
  }
  let scales: Partial<Record<K, number>>;
  if (partial.scales !== undefined) {
    scales = partial.scales;
    for (const k of Object.keys(scales) as K[]) {
      if (!keys.includes(k)) throw new InvalidParamError(`scales.${k}`, `names no weighted component (weights: ${keys.join(', ')})`, 'give every scaled component a weight, or drop the scale');
      if (!Number.isFinite(scales[k])) throw new InvalidParamError(`scales.${k}`, `must be finite, got ${scales[k]}`, 'pass a finite multiplier such as 0.1');
    }
  } else {
    scales = {};
    const d = DEFAULT_SRC_CONFIG.scales as Record<string, number>;
    for (const k of keys) if (d[k] !== undefined) scales[k] = d[k];
  }
  const c: SrcConfig<K> = {
    weights,
    scales,
    minStd: partial.minStd ?? DEFAULT_SRC_CONFIG.minStd,
    warmupBatches: partial.warmupBatches === undefined ? DEFAULT_SRC_CONFIG.warmupBatches : partial.warmupBatches,
    mode: partial.mode ?? DEFAULT_SRC_CONFIG.mode,
    batchMoments: partial.batchMoments ?? DEFAULT_SRC_CONFIG.batchMoments,
    collectNormalization: partial.collectNormalization ?? DEFAULT_SRC_CONFIG.collectNormalization,
  };
  switch (c.mode) {
    case 'zscore':
    case 'center_only':
    case 'scale_only':
      break;
    default: {
      const never: never = c.mode;
      throw new InvalidParamError('mode', `unknown SRC mode '${String(never)}'`, "use 'zscore', 'center_only' or 'scale_only'");
    }
  }
  return c; // minStd / warmupBatches / precision are validated by the normaliser
}

export interface SrcOutput<K extends string> {
  /** Fused step reward r̃ `[N]` (0 where `validMask` is off). */
  reward: Float64Array;
  /** Per-component transformed values `[N]` (before weights and scales, not masked). */
  components: Record<K, Float64Array>;
}

export interface SrcState<K extends string> {
  normalizer: MultiObjectiveNormalizerState<K>;
}

export class StepwiseRewardCentering<K extends string = RecRewardComponent> {
  readonly config: SrcConfig<K>;
  readonly components: readonly K[];
  private norm: MultiObjectiveRewardNormalizer<K>;

  constructor(config: Partial<SrcConfig<K>> = {}) {
    this.config = resolveSrcConfig(config);
    this.components = Object.keys(this.config.weights) as K[];
    this.norm = new MultiObjectiveRewardNormalizer<K>(this.components, this.normalizerConfig());
  }

  static fromState<K extends string>(state: SrcState<K>, config: Partial<SrcConfig<K>> = {}): StepwiseRewardCentering<K> {
    const src = new StepwiseRewardCentering<K>(config);
    const keys = Object.keys(state.normalizer.components).sort();
    if (keys.join(',') !== [...src.components].sort().join(',')) {
      throw new InvalidParamError('state', `has components ${keys.join(', ')} but the config weights ${src.components.join(', ')}`, 'restore with the config the state was saved with');
    }
    src.norm = MultiObjectiveRewardNormalizer.fromState(state.normalizer, src.normalizerConfig());
    return src;
  }

  getState(): SrcState<K> {
    return { normalizer: this.norm.getState() };
  }

  get isFrozen(): boolean {
    return this.norm.isFrozen;
  }

  /** Current μ and σ of each component. */
  stats(): Record<K, { mean: number; std: number }> {
    const out = {} as Record<K, { mean: number; std: number }>;
    for (const k of this.components) out[k] = { mean: this.norm.norm(k).mean, std: this.norm.norm(k).std };
    return out;
  }

  /**
   * One batch. Before the freeze: update the statistics with the steps under `statsMask` (default all),
   * then transform and fuse; freezes automatically after `warmupBatches`. After the freeze: transform
   * and fuse with the frozen statistics.
   */
  step(values: Record<K, Vec>, masks: { statsMask?: MaskVec; validMask?: MaskVec } = {}): SrcOutput<K> {
    const z = this.norm.collectAndNormalize(values, masks.statsMask, masks.validMask);
    return this.fuse(values, z, masks.validMask);
  }

  /** Transform and fuse with the current statistics, never updating them (e.g. evaluation). */
  apply(values: Record<K, Vec>, validMask?: MaskVec): SrcOutput<K> {
    const z = this.norm.normalize(values);
    if (validMask !== undefined && validMask.length !== z[this.components[0]!].length) {
      throw new ShapeError('validMask', `has length ${validMask.length} but the values have ${z[this.components[0]!].length}`);
    }
    return this.fuse(values, z, validMask);
  }

  /** Freezes μ and σ for the rest of training. */
  freeze(): void {
    this.norm.freeze();
  }

  private normalizerConfig(): { minStd: number; warmupBatches: number | null; batchMoments: BatchMomentPrecision; collectNormalization: CollectNormalization } {
    return {
      minStd: this.config.minStd,
      warmupBatches: this.config.warmupBatches,
      batchMoments: this.config.batchMoments,
      collectNormalization: this.config.collectNormalization,
    };
  }

  private fuse(values: Record<K, Vec>, z: Record<K, Float64Array>, validMask: MaskVec | undefined): SrcOutput<K> {
    const N = z[this.components[0]!].length;
    const comps = {} as Record<K, Float64Array>;
    const reward = new Float64Array(N);
    for (const k of this.components) {
      let t: Float64Array;
      switch (this.config.mode) {
        case 'zscore':
          t = z[k];
          break;
        case 'center_only': {
          const mean = this.norm.norm(k).mean;
          const x = values[k];
          t = new Float64Array(N);
          for (let i = 0; i < N; i++) t[i] = (x[i] as number) - mean;
          break;
        }
        case 'scale_only': {
          const std = this.norm.norm(k).std;
          const x = values[k];
          t = new Float64Array(N);
          for (let i = 0; i < N; i++) t[i] = (x[i] as number) / std;
          break;
        }
        default: {
          const never: never = this.config.mode;
          throw new InvalidParamError('mode', `unknown SRC mode '${String(never)}'`, "use 'zscore', 'center_only' or 'scale_only'");
        }
      }
      comps[k] = t;
      const w = this.config.weights[k] * (this.config.scales[k] ?? 1);
      for (let i = 0; i < N; i++) reward[i]! += w * t[i]!;
    }
    if (validMask !== undefined) for (let i = 0; i < N; i++) if (maskVal(validMask, i) === 0) reward[i] = 0;
    return { reward, components: comps };
  }
}
