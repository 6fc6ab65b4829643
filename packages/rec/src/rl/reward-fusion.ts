/**
 * Fusion of the per-step reward components (IoI, IoR, CTR) into one step reward r̃_t per item
 * (research/prorl-rec.md §3.4 step 4; paper Eq. 5/6), on the `[B,P]` path grid of `path-batch.ts`.
 *
 * | fusion | r̃_t | use |
 * | --- | --- | --- |
 * | `src` | `Σ_m w_m·s_m·(x_m − μ_m)/σ_m` | ProRL (Stepwise Reward Centering, the reference) |
 * | `scale_only` | `Σ_m w_m·s_m·x_m/σ_m` | the "w/o SRC" ablation: σ-scaling without centring (§4.5, App. F ε = 0) |
 * | `raw` | `Σ_m w_m·s_m·x_m` | the naive objective of §3.5 (raw rewards, no statistics) |
 *
 * `s_ctr` = `ctrScale` (0.1: the reference divides the CTR term by `max_proactive_length` = 10);
 * μ_m, σ_m (σ ≥ `minStd`) are rl-core's running statistics over every generated item (`statsOver: 'all'`,
 * the paper) or the **real** items only (`'real'`, the reference code) of every batch of the first
 * `freezeAfterEpochs` epochs, updated before the batch is normalised, then frozen (`endEpoch()`).
 * A weight of 0 removes the term (the "w/o CTR/IoI/IoR" ablations): its statistics are not even kept.
 * r̃_t is 0 at t ≥ n.
 *
 * Invalid (hallucinated) items (`penalties`, see `PenaltyMode`): `'zscore'` (the reference) z-scores
 * their raw penalties like any reward, so with `statsOver: 'all'` the penalties also pull μ down;
 * `'fixed'` keeps them out of μ and σ and gives them the fused reward `invalidPenalty`; `'centred'`
 * (default) does the same and then re-centres all fused rewards on their running mean. Under `'zscore'`
 * + `'all'`, the μ frozen after a first epoch full of hallucinations sits far below what real items earn
 * once the policy stops hallucinating, so every extra item pays and paths grow to the limit (ML-1M,
 * packages/rec/README.md); under `'zscore'` + `'real'` each penalty is many σ below μ and paths
 * collapse, and under `'fixed'` the smaller bias p·invalidPenalty still shrinks paths to ~1 item.
 * `raw` fusion always uses the raw penalties (the naive objective).
 */
import { InvalidParamError, NonFiniteError, ShapeError, StepwiseRewardCentering, type RecRewardComponent, type SrcMode, type SrcState } from '@prorl/rl-core';
import type { PathStepRewards } from './path-batch.js';

export type RewardFusion = 'src' | 'scale_only' | 'raw';
export const REWARD_FUSIONS: readonly RewardFusion[] = ['src', 'scale_only', 'raw'];

/** Fusion weights w_ctr / w_ioi / w_ior (scripts: 1/1/1; Steam w_ctr 0.1). 0 removes a term. */
export interface RewardWeights {
  ctr: number;
  ioi: number;
  ior: number;
}

export interface RewardFusionConfig {
  /** Default `'src'`. */
  fusion: RewardFusion;
  /** Default 1/1/1. */
  weights: RewardWeights;
  /** Extra multiplier of the CTR term, default 0.1 (reference divides by max_proactive_length; paper: 1). */
  ctrScale: number;
  /** σ floor `mo_min_std`, default 0.1. */
  minStd: number;
  /** Statistics are collected during this many epochs, then frozen. Default 1 (the reference). */
  freezeAfterEpochs: number;
  /** Which steps feed μ and σ (`SrcStatsScope`). Default `'all'` (the paper's Eq. 5/6). */
  statsOver: SrcStatsScope;
  /** How invalid items are rewarded under `src` / `scale_only` (`PenaltyMode`). Default `'centred'`. */
  penalties: PenaltyMode;
  /**
   * Fused step reward of an invalid item under `penalties: 'fixed'` / `'centred'` (before the
   * re-centring). Default −1: below an average real item (0 after centring; the fused reward sums
   * three weighted z-scores, so its σ is about √2 ≈ 1.4 with weights 1/1/1, CTR × 0.1, if they were
   * independent) without dominating the return.
   */
  invalidPenalty: number;
  /** How items repeating an earlier item of the same path are rewarded (`DuplicateMode`). Default `'keep'` (the reference). */
  duplicates: DuplicateMode;
  /** Which items share the running mean that `penalties: 'centred'` subtracts (`CentreBy`). Default `'all'`. */
  centreBy: CentreBy;
}

/**
 * The re-centring of `penalties: 'centred'` (under `fusion: 'src'`):
 * - `all` (default): one running mean of the fused rewards over every item, so E[r̃_t] = 0 over all
 *   items of the collecting policy (the paper's Eq. 5/6 promise).
 * - `position`: one running mean per path position t, so E[r̃_t | t] = 0 at every position. Theorem 1's
 *   length shortcut needs E[r_t | L ≥ t] > 0; a single mean leaves it whenever later positions earn
 *   more than earlier ones. On the ML-1M RL prompts π_0's first sampled item lowers the natural
 *   target's log-probability by .46 and its third by .20 (packages/rec/README.md), so after centring
 *   over all items every later item pays. A position with fewer than `CENTRE_MIN_COUNT` items
 *   collected uses the overall mean.
 */
export type CentreBy = 'all' | 'position';
export const CENTRE_BY: readonly CentreBy[] = ['all', 'position'];
/** Items a position needs in the collecting epochs before its own mean replaces the overall one. */
export const CENTRE_MIN_COUNT = 16;

/**
 * - `keep` (the reference): a duplicate keeps its IoI and IoR (CTR 0, set by `computeStepRewards`) and
 *   is z-scored like a real item. Repeating an item the simulator already saw can still move the
 *   target's log-probability, so repeats may earn reward.
 * - `invalid`: a duplicate is rewarded as an invalid item (under `penalties: 'fixed'` / `'centred'`:
 *   out of μ and σ, fused reward `invalidPenalty`). Under `penalties: 'zscore'` and `raw` fusion it
 *   changes nothing, since those modes read the raw penalties, which duplicates do not carry.
 */
export type DuplicateMode = 'keep' | 'invalid';
export const DUPLICATE_MODES: readonly DuplicateMode[] = ['keep', 'invalid'];

/**
 * - `zscore` (the reference): an invalid item's raw penalties (ctr −1, ioi/ior one below the batch's
 *   real minimum) are z-scored like any reward and, under `statsOver: 'all'`, enter μ and σ.
 * - `fixed`: invalid items stay out of μ and σ, and their fused reward is `invalidPenalty`. While the
 *   policy hallucinates a share p of its items, E[r̃_t] = p·invalidPenalty < 0 and stopping pays.
 * - `centred`: as `fixed`, then (under `fusion: 'src'`; `scale_only` never centres) every item's fused
 *   reward is re-centred by the running mean fused reward over all items (collected and frozen with μ
 *   and σ), so E[r̃_t] = 0 under the collecting policy as in `'all'`, but a hallucination moves that
 *   mean by at most p·|invalidPenalty|. Without invalid items it only removes the small drift of the
 *   per-component means within the collecting epochs.
 */
export type PenaltyMode = 'zscore' | 'fixed' | 'centred';
export const PENALTY_MODES: readonly PenaltyMode[] = ['zscore', 'fixed', 'centred'];

/**
 * The steps whose raw rewards feed SRC's running μ and σ:
 * - `real` (the reference code): only real items (not hallucinated, not duplicates). Hallucinated
 *   items then get a penalty far below μ, so E[r̃_t] < 0 whenever the policy hallucinates at all, and
 *   every extra step costs reward on average: with a π_0 that samples ~5% invalid codes our runs
 *   collapsed to one item and then to empty paths.
 * - `all` (the paper, Eq. 5/6: r̄ = E_π[r_t]): every generated item, penalties included, so E[r̃_t] = 0
 *   under the collecting policy and extending a path has zero expected gain, as the method intends.
 */
export type SrcStatsScope = 'real' | 'all';
export const SRC_STATS_SCOPES: readonly SrcStatsScope[] = ['real', 'all'];

export const DEFAULT_REWARD_FUSION_CONFIG: RewardFusionConfig = {
  fusion: 'src',
  weights: { ctr: 1, ioi: 1, ior: 1 },
  ctrScale: 0.1,
  minStd: 0.1,
  freezeAfterEpochs: 1,
  statsOver: 'all',
  penalties: 'centred',
  invalidPenalty: -1,
  duplicates: 'keep',
  centreBy: 'all',
};

const COMPONENTS: readonly RecRewardComponent[] = ['ioi', 'ior', 'ctr'];

export function resolveRewardFusionConfig(partial: Partial<RewardFusionConfig> = {}): RewardFusionConfig {
  const d = DEFAULT_REWARD_FUSION_CONFIG;
  // pick the fields one by one: `partial` may be a wider config (e.g. PathRlConfig)
  const c: RewardFusionConfig = {
    fusion: partial.fusion ?? d.fusion,
    weights: { ...d.weights, ...(partial.weights ?? {}) },
    ctrScale: partial.ctrScale ?? d.ctrScale,
    minStd: partial.minStd ?? d.minStd,
    freezeAfterEpochs: partial.freezeAfterEpochs ?? d.freezeAfterEpochs,
    statsOver: partial.statsOver ?? d.statsOver,
    penalties: partial.penalties ?? d.penalties,
    invalidPenalty: partial.invalidPenalty ?? d.invalidPenalty,
    duplicates: partial.duplicates ?? d.duplicates,
    centreBy: partial.centreBy ?? d.centreBy,
  };
  if (!CENTRE_BY.includes(c.centreBy)) throw new InvalidParamError('centreBy', `unknown centring '${String(c.centreBy)}'`, `use one of: ${CENTRE_BY.join(', ')}`);
  if (!DUPLICATE_MODES.includes(c.duplicates)) throw new InvalidParamError('duplicates', `unknown duplicate mode '${String(c.duplicates)}'`, `use one of: ${DUPLICATE_MODES.join(', ')}`);
  if (!PENALTY_MODES.includes(c.penalties)) throw new InvalidParamError('penalties', `unknown penalty mode '${String(c.penalties)}'`, `use one of: ${PENALTY_MODES.join(', ')}`);
  if (!Number.isFinite(c.invalidPenalty) || c.invalidPenalty > 0) {
    throw new InvalidParamError('invalidPenalty', `must be a finite number ≤ 0, got ${c.invalidPenalty}`, 'use −1 (a hallucinated item earns less than an average real one)');
  }
  if (!SRC_STATS_SCOPES.includes(c.statsOver)) throw new InvalidParamError('statsOver', `unknown scope '${String(c.statsOver)}'`, `use one of: ${SRC_STATS_SCOPES.join(', ')}`);
  if (!REWARD_FUSIONS.includes(c.fusion)) {
    throw new InvalidParamError('fusion', `unknown reward fusion '${String(c.fusion)}'`, `use one of: ${REWARD_FUSIONS.join(', ')}`);
  }
  for (const k of COMPONENTS) {
    const w = c.weights[k];
    if (!Number.isFinite(w) || w < 0) throw new InvalidParamError(`weights.${k}`, `must be finite and ≥ 0, got ${w}`, 'pass a non-negative weight (0 removes the term)');
  }
  if (COMPONENTS.every((k) => c.weights[k] === 0)) {
    throw new InvalidParamError('weights', 'are all 0, so every step reward would be 0', 'keep at least one of ctr / ioi / ior weighted');
  }
  if (!Number.isFinite(c.ctrScale)) throw new InvalidParamError('ctrScale', `must be finite, got ${c.ctrScale}`, 'use 0.1 (reference) or 1 (paper)');
  if (!(c.minStd > 0) || !Number.isFinite(c.minStd)) throw new InvalidParamError('minStd', `must be a positive finite floor, got ${c.minStd}`, 'use 0.1 (mo_min_std)');
  if (!Number.isInteger(c.freezeAfterEpochs) || c.freezeAfterEpochs < 1) {
    throw new InvalidParamError('freezeAfterEpochs', `must be a positive integer, got ${c.freezeAfterEpochs}`, 'use 1 (the reference freezes after the first RL epoch)');
  }
  return c;
}

export interface RewardFusionState {
  epochsDone: number;
  /** Running sum and count of the fused item rewards (`penalties: 'centred'`); absent in older states. */
  fusedSum?: { sum: number; count: number };
  /** The same per path position; only under `centreBy: 'position'`. */
  fusedByPosition?: { sum: number[]; count: number[] };
  /** null for `raw` fusion (no statistics). */
  src: SrcState<RecRewardComponent> | null;
}

/** Stateful fusion of one training run. Not thread-safe; one instance per run. */
export class PathRewardFuser {
  readonly config: RewardFusionConfig;
  /** Components with a non-zero weight. */
  readonly components: readonly RecRewardComponent[];
  private src: StepwiseRewardCentering<RecRewardComponent> | null;
  private epochsDone = 0;
  private fusedSum = { sum: 0, count: 0 };
  /** Kept under `centreBy: 'position'` only. */
  private fusedByPosition: { sum: number[]; count: number[] } | null = null;

  constructor(config: Partial<RewardFusionConfig> = {}) {
    this.config = resolveRewardFusionConfig(config);
    this.components = COMPONENTS.filter((k) => this.config.weights[k] !== 0);
    this.src = this.makeSrc();
    if (this.config.centreBy === 'position') this.fusedByPosition = { sum: [], count: [] };
  }

  static fromState(state: RewardFusionState, config: Partial<RewardFusionConfig> = {}): PathRewardFuser {
    const f = new PathRewardFuser(config);
    f.epochsDone = state.epochsDone;
    if (state.fusedSum) f.fusedSum = { ...state.fusedSum };
    if (state.fusedByPosition && f.fusedByPosition) f.fusedByPosition = { sum: [...state.fusedByPosition.sum], count: [...state.fusedByPosition.count] };
    if ((state.src === null) !== (f.src === null)) {
      throw new InvalidParamError('state.src', `does not match the fusion '${f.config.fusion}'`, 'restore with the config the state was saved with');
    }
    if (state.src !== null) f.src = StepwiseRewardCentering.fromState(state.src, f.srcConfig());
    return f;
  }

  getState(): RewardFusionState {
    const pos = this.fusedByPosition;
    return {
      epochsDone: this.epochsDone,
      fusedSum: { ...this.fusedSum },
      ...(pos ? { fusedByPosition: { sum: [...pos.sum], count: [...pos.count] } } : {}),
      src: this.src === null ? null : this.src.getState(),
    };
  }

  /** True once the statistics are frozen (always true for `raw`). */
  get isFrozen(): boolean {
    return this.src === null || this.src.isFrozen;
  }

  /** Current μ, σ per weighted component (empty for `raw`). */
  stats(): Partial<Record<RecRewardComponent, { mean: number; std: number }>> {
    return this.src === null ? {} : this.src.stats();
  }

  /**
   * Fused step rewards of one batch; updates the statistics first while not frozen.
   * @returns `[B,P]` r̃ (0 at t ≥ n)
   */
  fuse(rewards: PathStepRewards): Float64Array {
    const { itemMask } = checkStepRewards(rewards);
    const N = itemMask.length;
    switch (this.config.fusion) {
      case 'raw': {
        const out = new Float64Array(N);
        for (const k of this.components) {
          const w = this.config.weights[k] * this.scale(k);
          const x = rewards[k];
          for (let i = 0; i < N; i++) if (itemMask[i]) out[i]! += w * (x[i] as number);
        }
        return out;
      }
      case 'src':
      case 'scale_only': {
        const values = {} as Record<RecRewardComponent, ArrayLike<number>>;
        for (const k of this.components) values[k] = rewards[k];
        const src = this.src!;
        // under 'fixed' and 'centred' invalid items get a set penalty and stay out of μ and σ
        // (and, under duplicates: 'invalid', so do repeated items)
        const apart = this.config.penalties === 'zscore' ? null : this.penalisedMask(rewards, itemMask);
        let statsMask = this.config.statsOver === 'real' ? realAndItem(rewards.realMask, itemMask) : itemMask;
        if (apart) statsMask = without(statsMask, apart);
        const collecting = !src.isFrozen;
        const out = collecting ? src.step(values, { statsMask, validMask: itemMask }).reward : src.apply(values, itemMask).reward;
        if (apart) for (let i = 0; i < N; i++) if (apart[i]) out[i] = this.config.invalidPenalty;
        if (this.config.penalties === 'centred' && this.config.fusion === 'src') {
          this.recentre(out, itemMask, rewards.P, collecting);
        }
        return out;
      }
      default: {
        const never: never = this.config.fusion;
        throw new InvalidParamError('fusion', `unknown reward fusion '${String(never)}'`, `use one of: ${REWARD_FUSIONS.join(', ')}`);
      }
    }
  }

  /** Call at the end of every RL epoch: freezes the statistics after `freezeAfterEpochs` epochs. */
  endEpoch(): void {
    this.epochsDone += 1;
    if (this.src !== null && !this.src.isFrozen && this.epochsDone >= this.config.freezeAfterEpochs) this.src.freeze();
  }

  /** Subtracts the running mean fused reward (overall, or per position under `centreBy: 'position'`), updating it first while collecting. */
  private recentre(out: Float64Array, itemMask: Uint8Array, P: number, collecting: boolean): void {
    const N = out.length;
    const pos = this.fusedByPosition;
    if (collecting) {
      for (let i = 0; i < N; i++) {
        if (!itemMask[i]) continue;
        this.fusedSum.sum += out[i]!;
        this.fusedSum.count += 1;
        if (pos) {
          const t = i % P;
          pos.sum[t] = (pos.sum[t] ?? 0) + out[i]!;
          pos.count[t] = (pos.count[t] ?? 0) + 1;
        }
      }
    }
    const overall = this.fusedSum.count > 0 ? this.fusedSum.sum / this.fusedSum.count : 0;
    for (let i = 0; i < N; i++) {
      if (!itemMask[i]) continue;
      const n = pos?.count[i % P] ?? 0;
      out[i]! -= pos && n >= CENTRE_MIN_COUNT ? pos.sum[i % P]! / n : overall;
    }
  }

  /**
   * Items that get `invalidPenalty` instead of a z-scored reward: the invalid ones, plus the
   * duplicates (items, neither real nor invalid) under `duplicates: 'invalid'`. null when none can be.
   */
  private penalisedMask(r: PathStepRewards, itemMask: Uint8Array): Uint8Array | null {
    const dup = this.config.duplicates === 'invalid';
    if (r.invalidMask === undefined && !dup) return null;
    const m = new Uint8Array(itemMask.length);
    for (let i = 0; i < m.length; i++) {
      if (!itemMask[i]) continue;
      const invalid = r.invalidMask !== undefined && (r.invalidMask[i] as number) !== 0;
      m[i] = invalid || (dup && (r.realMask[i] as number) === 0) ? 1 : 0;
    }
    return m;
  }

  private scale(k: RecRewardComponent): number {
    return k === 'ctr' ? this.config.ctrScale : 1;
  }

  private srcConfig(): { weights: Record<RecRewardComponent, number>; scales: Partial<Record<RecRewardComponent, number>>; minStd: number; mode: SrcMode } {
    const weights = {} as Record<RecRewardComponent, number>;
    const scales: Partial<Record<RecRewardComponent, number>> = {};
    for (const k of this.components) {
      weights[k] = this.config.weights[k];
      if (k === 'ctr') scales[k] = this.config.ctrScale;
    }
    return { weights, scales, minStd: this.config.minStd, mode: this.config.fusion === 'scale_only' ? 'scale_only' : 'zscore' };
  }

  private makeSrc(): StepwiseRewardCentering<RecRewardComponent> | null {
    switch (this.config.fusion) {
      case 'raw':
        return null;
      case 'src':
      case 'scale_only':
        return new StepwiseRewardCentering<RecRewardComponent>(this.srcConfig());
      default: {
        const never: never = this.config.fusion;
        throw new InvalidParamError('fusion', `unknown reward fusion '${String(never)}'`, `use one of: ${REWARD_FUSIONS.join(', ')}`);
      }
    }
  }
}

function realAndItem(real: ArrayLike<number>, item: Uint8Array): Uint8Array {
  const m = new Uint8Array(item.length);
  for (let i = 0; i < m.length; i++) m[i] = item[i] && (real[i] as number) !== 0 ? 1 : 0;
  return m;
}

function without(mask: Uint8Array, drop: Uint8Array): Uint8Array {
  const m = new Uint8Array(mask.length);
  for (let i = 0; i < m.length; i++) m[i] = mask[i] && !drop[i] ? 1 : 0;
  return m;
}

/** Validates shapes and finiteness at item slots; returns the `[B,P]` item mask (t < n). */
export function checkStepRewards(r: PathStepRewards): { itemMask: Uint8Array } {
  const { G, S, P } = r;
  for (const [k, v] of [['G', G], ['S', S], ['P', P]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ShapeError(k, `dimension must be a positive integer, got ${v}`);
  }
  const B = G * S;
  if (r.numItems.length !== B) throw new ShapeError('numItems', `has length ${r.numItems.length} but shape [B] needs ${B}`);
  for (const k of ['ioi', 'ior', 'ctr', 'realMask', 'invalidMask'] as const) {
    if (r[k] !== undefined && r[k].length !== B * P) throw new ShapeError(k, `has length ${r[k].length} but shape [B,P] = [${B},${P}] needs ${B * P}`);
  }
  const itemMask = new Uint8Array(B * P);
  for (let b = 0; b < B; b++) {
    const n = r.numItems[b] as number;
    if (!Number.isInteger(n) || n < 0 || n > P) throw new ShapeError('numItems', `element ${b} is ${n} but must be an integer in [0, P = ${P}]`, 'derive n with splitPaths');
    for (let t = 0; t < n; t++) {
      const i = b * P + t;
      itemMask[i] = 1;
      for (const k of COMPONENTS) {
        const v = r[k][i] as number;
        if (!Number.isFinite(v)) throw new NonFiniteError(k, i, v);
      }
    }
  }
  return { itemMask };
}
