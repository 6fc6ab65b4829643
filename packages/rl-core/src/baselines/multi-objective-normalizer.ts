/**
 * ProRL-rec's `MultiObjectiveRewardNormalizer` (trainer_RL_prorl.py): one running normaliser per reward
 * component (IoI, IoR, CTR by default), sharing a `statsMask` (the real, non-duplicate, decodable
 * items) and a floor `minStd` (`mo_min_std`, 0.1).
 *
 * Matches the golden fixture `reward_normalizer.json` exactly: batch moments in float32, Chan merge in
 * float64, stats updated **before** the batch is normalised, every entry normalised (padding too:
 * `validMask` is accepted for API parity but not used by the normalisation, as in the reference).
 *
 * Shapes: every component is a flat `[B,S,MI]` array (B prompts, S samples, MI item positions);
 * `statsMask` has the same length. Outputs have the same shape.
 */
import { ShapeError } from '../errors.js';
import type { MaskVec, Vec } from '../tensor.js';
import {
  RunningNormalizer,
  resolveRunningNormalizerConfig,
  type RunningNormalizerConfig,
  type RunningNormalizerState,
} from './running-normalizer.js';

/** The ProRL-rec reward components. */
export type RecRewardComponent = 'ioi' | 'ior' | 'ctr';
export const REC_REWARD_COMPONENTS: readonly RecRewardComponent[] = ['ioi', 'ior', 'ctr'];

export interface MultiObjectiveNormalizerState<K extends string> {
  components: Record<K, RunningNormalizerState>;
}

export class MultiObjectiveRewardNormalizer<K extends string = RecRewardComponent> {
  readonly config: RunningNormalizerConfig;
  readonly components: readonly K[];
  private readonly norms: Map<K, RunningNormalizer>;

  /**
   * @param components component names (default ioi, ior, ctr)
   * @param config shared normaliser config (default: floor 0.1, float32 batch moments, update first)
   */
  constructor(components: readonly K[] = REC_REWARD_COMPONENTS as unknown as readonly K[], config: Partial<RunningNormalizerConfig> = {}) {
    if (components.length === 0) throw new ShapeError('components', 'is empty', 'name at least one reward component');
    if (new Set(components).size !== components.length) throw new ShapeError('components', `has duplicates: ${components.join(', ')}`, 'name each component once');
    this.config = resolveRunningNormalizerConfig(config);
    this.components = [...components];
    this.norms = new Map(components.map((k) => [k, new RunningNormalizer(this.config)]));
  }

  static fromState<K extends string>(state: MultiObjectiveNormalizerState<K>, config: Partial<RunningNormalizerConfig> = {}): MultiObjectiveRewardNormalizer<K> {
    const keys = Object.keys(state.components) as K[];
    const m = new MultiObjectiveRewardNormalizer<K>(keys, config);
    for (const k of keys) m.norms.set(k, RunningNormalizer.fromState(state.components[k], m.config));
    return m;
  }

  getState(): MultiObjectiveNormalizerState<K> {
    const components = {} as Record<K, RunningNormalizerState>;
    for (const k of this.components) components[k] = this.norm(k).getState();
    return { components };
  }

  get isFrozen(): boolean {
    return this.norm(this.components[0]!).isFrozen;
  }

  /** The normaliser of one component (read its `mean`, `std`, state). */
  norm(k: K): RunningNormalizer {
    const n = this.norms.get(k);
    if (!n) throw new ShapeError('component', `'${k}' is not one of ${this.components.join(', ')}`, 'use a configured component name');
    return n;
  }

  /**
   * Updates each component's statistics with `values[k][statsMask]`, then normalises every entry.
   * `validMask` is unused by the normalisation (reference behaviour); it is only length-checked.
   */
  collectAndNormalize(values: Record<K, Vec>, statsMask?: MaskVec, validMask?: MaskVec): Record<K, Float64Array> {
    this.checkShapes(values, statsMask, validMask);
    const out = {} as Record<K, Float64Array>;
    for (const k of this.components) out[k] = this.norm(k).collectAndNormalize(values[k], statsMask);
    return out;
  }

  /** Normalises with the current (frozen, or running) statistics; no update. */
  normalize(values: Record<K, Vec>): Record<K, Float64Array> {
    this.checkShapes(values, undefined, undefined);
    const out = {} as Record<K, Float64Array>;
    for (const k of this.components) out[k] = this.norm(k).normalize(values[k]);
    return out;
  }

  /** Freezes every component (mean 0 / σ = floor for a component that never saw data). */
  freeze(): void {
    for (const k of this.components) this.norm(k).freeze();
  }

  private checkShapes(values: Record<K, Vec>, statsMask: MaskVec | undefined, validMask: MaskVec | undefined): void {
    let len = -1;
    for (const k of this.components) {
      const v = values[k];
      if (v === undefined) throw new ShapeError(`values.${k}`, 'is missing', `pass one array per component: ${this.components.join(', ')}`);
      if (len < 0) len = v.length;
      else if (v.length !== len) throw new ShapeError(`values.${k}`, `has length ${v.length} but values.${this.components[0]} has ${len}`);
    }
    if (statsMask !== undefined && statsMask.length !== len) throw new ShapeError('statsMask', `has length ${statsMask.length} but the values have ${len}`);
    if (validMask !== undefined && validMask.length !== len) throw new ShapeError('validMask', `has length ${validMask.length} but the values have ${len}`);
  }
}
