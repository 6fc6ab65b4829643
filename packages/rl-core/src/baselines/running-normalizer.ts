/**
 * A running (Welford / Chan) mean-and-std normaliser with a warm-up, a freeze and a std floor: the
 * building block of ProRL-rec's Stepwise Reward Centering (`MultiObjectiveRewardNormalizer`).
 *
 * Life cycle:
 *  1. Collecting: `collectAndNormalize(x, statsMask)` merges the moments of the selected values into
 *     the running statistics (Chan et al.'s parallel update), then normalises the whole batch.
 *  2. Frozen: after `freeze()` (explicit, or automatic after `warmupBatches` collecting calls) the
 *     statistics are fixed; `normalize(x)` uses them and `collectAndNormalize` no longer updates.
 *
 * σ rule (both phases): `σ = max(sqrt(M2/(count−1)), minStd)` when count > 1, else `minStd`.
 * The state is a plain JSON object (`getState()` / `RunningNormalizer.fromState`) for checkpoints.
 */
import { InvalidParamError, ShapeError } from '../errors.js';
import { expectFinite, expectInRange, isOn, type MaskVec, type Vec } from '../tensor.js';

/** Precision of the per-batch mean and M2 before they are merged (the merge is always float64). */
export type BatchMomentPrecision =
  | 'float32' // reference: torch computes the batch moments of float32 tensors
  | 'float64';

/** Which statistics normalise the batch that is being collected. */
export type CollectNormalization =
  | 'after_update' // reference: stats already include this batch
  | 'before_update'; // stats of the previous batches only (the batch cannot centre itself)

export interface RunningNormalizerConfig {
  /** Floor on σ, while collecting and when frozen. ProRL-rec `mo_min_std` = 0.1 [rec §5]. */
  minStd: number;
  /**
   * Freeze automatically after this many `collectAndNormalize` calls (the call that reaches it still
   * normalises with the unfrozen stats, then freezes). `null`: only an explicit `freeze()`. ProRL-rec
   * collects during the first RL epoch, then freezes (`null` here; the trainer calls `freeze()`).
   */
  warmupBatches: number | null;
  /** Default `'float32'` (reference). */
  batchMoments: BatchMomentPrecision;
  /** Default `'after_update'` (reference). */
  collectNormalization: CollectNormalization;
}

export const DEFAULT_RUNNING_NORMALIZER_CONFIG: RunningNormalizerConfig = {
  minStd: 0.1,
  warmupBatches: null,
  batchMoments: 'float32',
  collectNormalization: 'after_update',
};

export function resolveRunningNormalizerConfig(partial: Partial<RunningNormalizerConfig> = {}): RunningNormalizerConfig {
  const c = { ...DEFAULT_RUNNING_NORMALIZER_CONFIG, ...partial };
  expectInRange('minStd', c.minStd, 0, Infinity, { fix: 'use a positive floor such as 0.1 (ProRL-rec mo_min_std); 0 would divide by zero on constant data' });
  if (c.warmupBatches !== null && (!Number.isInteger(c.warmupBatches) || c.warmupBatches < 1)) {
    throw new InvalidParamError('warmupBatches', `must be a positive integer or null, got ${c.warmupBatches}`, 'pass the number of collecting batches before the freeze, or null to freeze explicitly');
  }
  switch (c.batchMoments) {
    case 'float32':
    case 'float64':
      break;
    default: {
      const never: never = c.batchMoments;
      throw new InvalidParamError('batchMoments', `unknown precision '${String(never)}'`, "use 'float32' or 'float64'");
    }
  }
  switch (c.collectNormalization) {
    case 'after_update':
    case 'before_update':
      break;
    default: {
      const never: never = c.collectNormalization;
      throw new InvalidParamError('collectNormalization', `unknown mode '${String(never)}'`, "use 'after_update' or 'before_update'");
    }
  }
  return c;
}

/** Serialisable state. While collecting, `frozenMean`/`frozenStd` hold placeholders 0 and the floor. */
export interface RunningNormalizerState {
  /** Number of values merged so far (0 after a freeze: the running stats are discarded). */
  count: number;
  runningMean: number;
  runningM2: number;
  isFrozen: boolean;
  frozenMean: number;
  frozenStd: number;
  /** `collectAndNormalize` calls made while collecting (drives `warmupBatches`). */
  batchesCollected: number;
}

/** Moments of one batch: count, mean, M2 = Σ(x − mean)². */
export interface BatchMoments {
  count: number;
  mean: number;
  m2: number;
}

/** Mean and M2 of the selected values (two-pass). Returns count 0 when nothing is selected. */
export function batchMoments(x: Vec, mask: MaskVec | undefined, precision: BatchMomentPrecision): BatchMoments {
  let count = 0;
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    if (mask !== undefined && !isOn(mask, i)) continue;
    sum += x[i] as number;
    count++;
  }
  if (count === 0) return { count: 0, mean: 0, m2: 0 };
  const round = precision === 'float32' ? Math.fround : (v: number): number => v;
  const mean = round(sum / count);
  let m2 = 0;
  for (let i = 0; i < x.length; i++) {
    if (mask !== undefined && !isOn(mask, i)) continue;
    const d = round((x[i] as number) - mean);
    m2 += d * d;
  }
  return { count, mean, m2: round(m2) };
}

/** Chan et al. merge of running moments with a batch (float64). The first batch is copied. */
export function mergeMoments(a: BatchMoments, b: BatchMoments): BatchMoments {
  if (b.count === 0) return a;
  if (a.count === 0) return { ...b };
  const n = a.count;
  const k = b.count;
  const total = n + k;
  const delta = b.mean - a.mean;
  return {
    count: total,
    mean: (n * a.mean + k * b.mean) / total,
    m2: a.m2 + b.m2 + (delta * delta * n * k) / total,
  };
}

/** σ with the floor rule: max(sqrt(M2/(count−1)), floor) when count > 1, else floor. */
export function flooredStd(count: number, m2: number, floor: number): number {
  return count > 1 ? Math.max(Math.sqrt(m2 / (count - 1)), floor) : floor;
}

export class RunningNormalizer {
  readonly config: RunningNormalizerConfig;
  private s: RunningNormalizerState;

  constructor(config: Partial<RunningNormalizerConfig> = {}) {
    this.config = resolveRunningNormalizerConfig(config);
    this.s = {
      count: 0,
      runningMean: 0,
      runningM2: 0,
      isFrozen: false,
      frozenMean: 0,
      frozenStd: this.config.minStd,
      batchesCollected: 0,
    };
  }

  /** Restores a normaliser from `getState()` output (validated). */
  static fromState(state: RunningNormalizerState, config: Partial<RunningNormalizerConfig> = {}): RunningNormalizer {
    const r = new RunningNormalizer(config);
    const ok =
      Number.isInteger(state.count) &&
      state.count >= 0 &&
      Number.isFinite(state.runningMean) &&
      Number.isFinite(state.runningM2) &&
      state.runningM2 >= 0 &&
      typeof state.isFrozen === 'boolean' &&
      Number.isFinite(state.frozenMean) &&
      Number.isFinite(state.frozenStd) &&
      state.frozenStd > 0 &&
      Number.isInteger(state.batchesCollected) &&
      state.batchesCollected >= 0;
    if (!ok) throw new InvalidParamError('state', `is not a valid RunningNormalizerState: ${JSON.stringify(state)}`, 'pass an object produced by getState()');
    r.s = { ...state };
    return r;
  }

  getState(): RunningNormalizerState {
    return { ...this.s };
  }

  get isFrozen(): boolean {
    return this.s.isFrozen;
  }

  /** Mean used for normalising now (running while collecting, 0 before any data). */
  get mean(): number {
    return this.s.isFrozen ? this.s.frozenMean : this.s.count > 0 ? this.s.runningMean : 0;
  }

  /** σ used for normalising now (floored). */
  get std(): number {
    return this.s.isFrozen ? this.s.frozenStd : flooredStd(this.s.count, this.s.runningM2, this.config.minStd);
  }

  /** Merges the values selected by `statsMask` (all values when omitted) into the running statistics. */
  update(x: Vec, statsMask?: MaskVec): void {
    if (this.s.isFrozen) {
      throw new InvalidParamError('update', 'was called on a frozen normaliser', 'collect only before freeze(); use normalize() afterwards, or restore an unfrozen state');
    }
    if (statsMask !== undefined && statsMask.length !== x.length) {
      throw new ShapeError('statsMask', `has length ${statsMask.length} but the values have ${x.length}`);
    }
    expectFinite('values', x, statsMask);
    const m = mergeMoments(
      { count: this.s.count, mean: this.s.runningMean, m2: this.s.runningM2 },
      batchMoments(x, statsMask, this.config.batchMoments),
    );
    this.s.count = m.count;
    this.s.runningMean = m.mean;
    this.s.runningM2 = m.m2;
  }

  /** `(x − mean)/σ` for every element with the current statistics (no update). Output `[len(x)]`. */
  normalize(x: Vec): Float64Array {
    const mean = this.mean;
    const std = this.std;
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = ((x[i] as number) - mean) / std;
    return out;
  }

  /**
   * Collecting step: update with the values under `statsMask`, then normalise **all** values (the
   * reference order: the batch is normalised with stats that include it; see `collectNormalization`).
   * Once frozen it only normalises. Freezes automatically when `warmupBatches` is reached.
   */
  collectAndNormalize(x: Vec, statsMask?: MaskVec): Float64Array {
    if (this.s.isFrozen) return this.normalize(x);
    let out: Float64Array;
    switch (this.config.collectNormalization) {
      case 'after_update':
        this.update(x, statsMask);
        out = this.normalize(x);
        break;
      case 'before_update':
        out = this.normalize(x);
        this.update(x, statsMask);
        break;
      default: {
        const never: never = this.config.collectNormalization;
        throw new InvalidParamError('collectNormalization', `unknown mode '${String(never)}'`, "use 'after_update' or 'before_update'");
      }
    }
    this.s.batchesCollected++;
    if (this.config.warmupBatches !== null && this.s.batchesCollected >= this.config.warmupBatches) this.freeze();
    return out;
  }

  /** Fixes mean (0 if no data) and floored σ, and discards the running statistics. Idempotent. */
  freeze(): void {
    if (this.s.isFrozen) return;
    this.s.frozenMean = this.s.count > 0 ? this.s.runningMean : 0;
    this.s.frozenStd = flooredStd(this.s.count, this.s.runningM2, this.config.minStd);
    this.s.isFrozen = true;
    this.s.count = 0;
    this.s.runningMean = 0;
    this.s.runningM2 = 0;
  }
}
