/**
 * Reference-policy reset control, ProRL's key mechanism [P §2.3.1]: "periodically hard-reset the
 * reference policy π_ref to a recent snapshot of the online policy π_θ, and reinitialize the optimizer
 * states". The paper resets by hand when validation on a blended set stagnates or degrades [P §3.3,
 * App. E]; no anchor system (verl, NeMo, TRL) automates this. This controller decides *when*; the
 * trainer performs the reset (copy π_θ into π_ref, re-create the optimizer state) when it gets an event.
 *
 * Triggers (each optional, combinable):
 *  - `stagnation`: no validation improvement > `minDelta` over the best since the last reset for
 *    `patience` consecutive validations.
 *  - `decline`: the validation metric drops more than `declineDelta` below the best since the last reset.
 *  - `klDominance`: the KL term's share of the loss, |kl| / (|kl| + |policy|), exceeds `shareThreshold`
 *    for `consecutiveSteps` consecutive training steps (the paper's motivation: "the KL term can
 *    dominate the loss, shrinking policy updates" [P §2.3.1]).
 *  - `schedule`: every `everySteps` steps since the last reset (ProRL v2's "periodic" resets [llm §1.4]).
 *  - manual: `requestReset(detail)`; fires at the next `observe` call and ignores the gap.
 *
 * `minGapSteps` suppresses automatic triggers until that many steps have passed since the last reset
 * (training start counts as a reset at `startStep`: the reference is the initial policy). A suppressed
 * condition is not forgotten: if it still holds after the gap, it fires then.
 * After a reset the validation best (seeded with the validation seen at the reset step, if any), the
 * stagnation counter and the KL streak start afresh.
 *
 * When several triggers hold in one call, one event is emitted, by priority
 * manual > decline > stagnation > kl_dominance > schedule.
 */
import { InvalidParamError } from '../errors.js';

export type ResetReason = 'stagnation' | 'decline' | 'kl_dominance' | 'schedule' | 'manual';

/** Emitted when the trainer should reset the reference (and, if configured, the optimizer). */
export interface ResetEvent {
  /** Training step at which the reset is requested. */
  step: number;
  reason: ResetReason;
  /** Human-readable explanation with the deciding numbers. */
  detail: string;
  /** Always true: π_ref ← π_θ. */
  resetReference: true;
  /** Re-initialise the optimizer state (paper: yes). */
  resetOptimizer: boolean;
}

/** Direction of the validation metric. */
export type MetricDirection = 'max' | 'min';

export interface StagnationTrigger {
  /** Validations without improvement before a reset. Ours: 3 (the paper gives no number). */
  patience: number;
  /** An improvement must exceed this. Ours: 0.0 (any gain counts). */
  minDelta: number;
}

export interface DeclineTrigger {
  /** Reset when the metric falls more than this below the best since the last reset. Ours: 0.02. */
  declineDelta: number;
}

export interface KlDominanceTrigger {
  /** KL share of the loss, in (0, 1). Ours: 0.5 (KL larger than the policy-gradient term). */
  shareThreshold: number;
  /** Consecutive steps above the threshold. Ours: 50. */
  consecutiveSteps: number;
}

export interface ScheduleTrigger {
  /** Reset every this many steps since the last reset. */
  everySteps: number;
}

export interface ReferenceResetConfig {
  /** Paper [P §3.3]: resets when validation stagnates. */
  stagnation: StagnationTrigger | null;
  /** Paper [P §3.3]: resets when validation degrades (run 1 "ends in instability/degradation"). */
  decline: DeclineTrigger | null;
  /** Off by default: the paper motivates resets with KL dominance but triggers on validation. */
  klDominance: KlDominanceTrigger | null;
  /** Off by default: the paper states "no fixed period" [P App. E]; ProRL v2 resets periodically. */
  schedule: ScheduleTrigger | null;
  /** Minimum steps between resets (automatic triggers only). Ours: 100. */
  minGapSteps: number;
  /** Validation metric direction (pass@1 / score: 'max'). */
  direction: MetricDirection;
  /** Reset the optimizer state too. Paper [P §2.3.1]: true. */
  resetOptimizer: boolean;
  /** Step at which training starts (the implicit first "reset"). Default 0. */
  startStep: number;
}

export const DEFAULT_REFERENCE_RESET_CONFIG: ReferenceResetConfig = {
  stagnation: { patience: 3, minDelta: 0 },
  decline: { declineDelta: 0.02 },
  klDominance: null,
  schedule: null,
  minGapSteps: 100,
  direction: 'max',
  resetOptimizer: true,
  startStep: 0,
};

function nonNegInt(name: string, x: number, fix: string): void {
  if (!Number.isInteger(x) || x < 0) throw new InvalidParamError(name, `must be a non-negative integer, got ${x}`, fix);
}
function posInt(name: string, x: number, fix: string): void {
  if (!Number.isInteger(x) || x < 1) throw new InvalidParamError(name, `must be a positive integer, got ${x}`, fix);
}

/**
 * Fills defaults and rejects invalid values and combinations. Pass `null` to disable a trigger;
 * a partial trigger object is merged with the default of that trigger (when it has one).
 */
export function resolveReferenceResetConfig(partial: Partial<ReferenceResetConfig> = {}): ReferenceResetConfig {
  const d = DEFAULT_REFERENCE_RESET_CONFIG;
  const merge = <T extends object>(p: T | null | undefined, def: T | null, fallback: T): T | null =>
    p === undefined ? def : p === null ? null : ({ ...(def ?? fallback), ...p } as T);
  const c: ReferenceResetConfig = {
    stagnation: merge(partial.stagnation, d.stagnation, { patience: 3, minDelta: 0 }),
    decline: merge(partial.decline, d.decline, { declineDelta: 0.02 }),
    klDominance: merge(partial.klDominance, d.klDominance, { shareThreshold: 0.5, consecutiveSteps: 50 }),
    schedule: merge(partial.schedule, d.schedule, { everySteps: 500 }),
    minGapSteps: partial.minGapSteps ?? d.minGapSteps,
    direction: partial.direction ?? d.direction,
    resetOptimizer: partial.resetOptimizer ?? d.resetOptimizer,
    startStep: partial.startStep ?? d.startStep,
  };
  nonNegInt('minGapSteps', c.minGapSteps, 'pass 0 for no gap, or the minimum number of steps between resets');
  nonNegInt('startStep', c.startStep, 'pass the first training step (0, or the resumed step)');
  switch (c.direction) {
    case 'max':
    case 'min':
      break;
    default: {
      const never: never = c.direction;
      throw new InvalidParamError('direction', `unknown direction '${String(never)}'`, "use 'max' (higher is better) or 'min'");
    }
  }
  if (typeof c.resetOptimizer !== 'boolean') throw new InvalidParamError('resetOptimizer', `must be a boolean, got ${String(c.resetOptimizer)}`, 'pass true (paper) or false');
  if (c.stagnation) {
    posInt('stagnation.patience', c.stagnation.patience, 'pass the number of validations without improvement, e.g. 3');
    if (!Number.isFinite(c.stagnation.minDelta) || c.stagnation.minDelta < 0) {
      throw new InvalidParamError('stagnation.minDelta', `must be finite and >= 0, got ${c.stagnation.minDelta}`, 'pass the smallest gain that counts as an improvement, e.g. 0 or 0.005');
    }
  }
  if (c.decline) {
    if (!Number.isFinite(c.decline.declineDelta) || c.decline.declineDelta <= 0) {
      throw new InvalidParamError('decline.declineDelta', `must be finite and > 0, got ${c.decline.declineDelta}`, 'pass the drop below the best that triggers a reset, e.g. 0.02; with 0 every noisy dip would reset');
    }
    if (c.stagnation && c.decline.declineDelta < c.stagnation.minDelta) {
      throw new InvalidParamError(
        'decline.declineDelta',
        `(${c.decline.declineDelta}) is below stagnation.minDelta (${c.stagnation.minDelta}): changes smaller than minDelta count as noise for stagnation but as a decline here`,
        'choose declineDelta >= stagnation.minDelta',
      );
    }
  }
  if (c.klDominance) {
    const s = c.klDominance.shareThreshold;
    if (!(s > 0 && s < 1)) throw new InvalidParamError('klDominance.shareThreshold', `must be in (0, 1), got ${s}`, 'pass the KL share of the loss that counts as dominant, e.g. 0.5');
    posInt('klDominance.consecutiveSteps', c.klDominance.consecutiveSteps, 'pass how many consecutive steps the KL must dominate, e.g. 50');
  }
  if (c.schedule) {
    posInt('schedule.everySteps', c.schedule.everySteps, 'pass the reset period in steps');
    if (c.schedule.everySteps < c.minGapSteps) {
      throw new InvalidParamError(
        'schedule.everySteps',
        `(${c.schedule.everySteps}) is shorter than minGapSteps (${c.minGapSteps}), so the schedule could never fire on time`,
        'choose everySteps >= minGapSteps, or lower minGapSteps',
      );
    }
  }
  return c;
}

/** What the trainer observed at one step (any subset). */
export interface ResetObservation {
  /** Validation metric, when a validation ran at this step. */
  validation?: number;
  /** The KL term's contribution to the loss (β·KL). Used with `policyTerm`. */
  klTerm?: number;
  /** The policy-gradient term of the loss. */
  policyTerm?: number;
  /** Alternatively the KL share directly, in [0, 1]. */
  klShare?: number;
}

/** Serialisable controller state (checkpoint / resume). */
export interface ReferenceResetState {
  /** Step of the last reset (startStep before any). */
  lastResetStep: number;
  /** Last step observed (startStep − 1 before any observation). */
  lastStep: number;
  /** Best validation since the last reset, or null. */
  best: number | null;
  /** Step of that best, or null. */
  bestStep: number | null;
  /** Consecutive validations without improvement since the last reset. */
  validationsWithoutImprovement: number;
  /** Consecutive training steps with KL share above the threshold. */
  klStreak: number;
  /** A pending manual request (its detail), or null. */
  pendingManual: string | null;
  /** Every reset emitted so far. */
  history: ResetEvent[];
}

export class ReferenceResetController {
  readonly config: ReferenceResetConfig;
  private s: ReferenceResetState;

  constructor(config: Partial<ReferenceResetConfig> = {}) {
    this.config = resolveReferenceResetConfig(config);
    this.s = {
      lastResetStep: this.config.startStep,
      lastStep: this.config.startStep - 1,
      best: null,
      bestStep: null,
      validationsWithoutImprovement: 0,
      klStreak: 0,
      pendingManual: null,
      history: [],
    };
  }

  /** Restores a controller from `getState()` output (validated). */
  static fromState(state: ReferenceResetState, config: Partial<ReferenceResetConfig> = {}): ReferenceResetController {
    const c = new ReferenceResetController(config);
    const ok =
      Number.isInteger(state.lastResetStep) &&
      Number.isInteger(state.lastStep) &&
      (state.best === null || Number.isFinite(state.best)) &&
      (state.bestStep === null || Number.isInteger(state.bestStep)) &&
      Number.isInteger(state.validationsWithoutImprovement) &&
      state.validationsWithoutImprovement >= 0 &&
      Number.isInteger(state.klStreak) &&
      state.klStreak >= 0 &&
      (state.pendingManual === null || typeof state.pendingManual === 'string') &&
      Array.isArray(state.history);
    if (!ok) throw new InvalidParamError('state', `is not a valid ReferenceResetState: ${JSON.stringify(state).slice(0, 200)}`, 'pass an object produced by getState()');
    c.s = structuredClone(state);
    return c;
  }

  getState(): ReferenceResetState {
    return structuredClone(this.s);
  }

  /** Resets emitted so far. */
  get history(): readonly ResetEvent[] {
    return this.s.history;
  }

  /** Asks for a reset at the next `observe` call (bypasses `minGapSteps`). */
  requestReset(detail = 'manual request'): void {
    this.s.pendingManual = detail;
  }

  /**
   * Feeds one step's observations; returns the reset to perform now, or null. Steps must not go
   * backwards. The controller assumes the trainer performs every reset it returns.
   */
  observe(step: number, obs: ResetObservation = {}): ResetEvent | null {
    if (!Number.isInteger(step) || step < this.s.lastStep) {
      throw new InvalidParamError('step', `must be an integer >= the last observed step (${this.s.lastStep}), got ${step}`, 'pass the global training step; after a resume, restore the state saved with the checkpoint');
    }
    this.s.lastStep = step;
    const cfg = this.config;

    // --- update trackers ---------------------------------------------------------------------
    let validationNote = '';
    let declined: string | null = null;
    if (obs.validation !== undefined) {
      const v = obs.validation;
      if (!Number.isFinite(v)) throw new InvalidParamError('obs.validation', `must be finite, got ${v}`, 'pass the validation score (e.g. mean pass@1)');
      const sign = cfg.direction === 'max' ? 1 : -1;
      if (this.s.best === null) {
        this.s.best = v;
        this.s.bestStep = step;
        this.s.validationsWithoutImprovement = 0;
      } else {
        const gain = sign * (v - this.s.best);
        const minDelta = cfg.stagnation?.minDelta ?? 0;
        if (gain > minDelta) {
          this.s.best = v;
          this.s.bestStep = step;
          this.s.validationsWithoutImprovement = 0;
        } else {
          this.s.validationsWithoutImprovement++;
          validationNote = `validation ${fmt(v)} vs best ${fmt(this.s.best)} (step ${this.s.bestStep})`;
          if (cfg.decline && -gain > cfg.decline.declineDelta) {
            declined = `${validationNote}: dropped by ${fmt(-gain)} > declineDelta ${cfg.decline.declineDelta}`;
          }
        }
      }
    }
    let share: number | undefined;
    if (obs.klShare !== undefined) {
      share = obs.klShare;
      if (!(share >= 0 && share <= 1)) throw new InvalidParamError('obs.klShare', `must be in [0, 1], got ${share}`, 'pass |kl| / (|kl| + |policy|), or klTerm and policyTerm');
    } else if (obs.klTerm !== undefined || obs.policyTerm !== undefined) {
      if (obs.klTerm === undefined || obs.policyTerm === undefined) {
        throw new InvalidParamError('obs', 'has only one of klTerm / policyTerm', 'pass both loss terms (or klShare)');
      }
      if (!Number.isFinite(obs.klTerm) || !Number.isFinite(obs.policyTerm)) {
        throw new InvalidParamError('obs.klTerm', `loss terms must be finite, got kl ${obs.klTerm}, policy ${obs.policyTerm}`, 'check the loss computation');
      }
      const k = Math.abs(obs.klTerm);
      const p = Math.abs(obs.policyTerm);
      share = k + p > 0 ? k / (k + p) : 0;
    }
    if (share !== undefined && cfg.klDominance) {
      this.s.klStreak = share > cfg.klDominance.shareThreshold ? this.s.klStreak + 1 : 0;
    }

    // --- decide --------------------------------------------------------------------------------
    if (this.s.pendingManual !== null) return this.emit(step, 'manual', this.s.pendingManual, obs.validation);
    const sinceReset = step - this.s.lastResetStep;
    if (sinceReset < cfg.minGapSteps) return null;
    if (declined !== null) return this.emit(step, 'decline', declined, obs.validation);
    if (cfg.stagnation && this.s.validationsWithoutImprovement >= cfg.stagnation.patience) {
      return this.emit(
        step,
        'stagnation',
        `no validation improvement > ${cfg.stagnation.minDelta} over best ${fmt(this.s.best ?? NaN)} (step ${this.s.bestStep}) for ${this.s.validationsWithoutImprovement} validations (patience ${cfg.stagnation.patience})`,
        obs.validation,
      );
    }
    if (cfg.klDominance && this.s.klStreak >= cfg.klDominance.consecutiveSteps) {
      return this.emit(
        step,
        'kl_dominance',
        `KL share of the loss above ${cfg.klDominance.shareThreshold} for ${this.s.klStreak} consecutive steps (last ${fmt(share ?? NaN)})`,
        obs.validation,
      );
    }
    if (cfg.schedule && sinceReset >= cfg.schedule.everySteps) {
      return this.emit(step, 'schedule', `${sinceReset} steps since the last reset (every ${cfg.schedule.everySteps})`, obs.validation);
    }
    return null;
  }

  /**
   * Records a reset. The policy itself does not change at a reset, so a validation observed at this
   * step becomes the first best of the new period.
   */
  private emit(step: number, reason: ResetReason, detail: string, validation: number | undefined): ResetEvent {
    const ev: ResetEvent = { step, reason, detail, resetReference: true, resetOptimizer: this.config.resetOptimizer };
    this.s.history.push(ev);
    this.s.lastResetStep = step;
    this.s.best = validation ?? null;
    this.s.bestStep = validation === undefined ? null : step;
    this.s.validationsWithoutImprovement = 0;
    this.s.klStreak = 0;
    this.s.pendingManual = null;
    return ev;
  }
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(4);
}
