/**
 * KL coefficient controllers (verl `FixedKLController` / `AdaptiveKLController`, from Ziegler et al.
 * 2019). The state is a plain JSON-serialisable object: save it with a checkpoint, restore it with
 * `restoreKlController`.
 *
 * - `fixed`: β never changes.
 * - `adaptive`: after observing the current KL over `nSteps` samples,
 *   `β ← β·(1 + clip(KL/target − 1, −0.2, 0.2)·nSteps/horizon)`.
 */
import { InvalidParamError, UnknownNameError } from '../errors.js';

export type KlControllerKind = 'fixed' | 'adaptive';
export const KL_CONTROLLER_KINDS = ['fixed', 'adaptive'] as const satisfies readonly KlControllerKind[];

/** The proportional error is clipped to ±this (verl's constant). */
export const ADAPTIVE_KL_ERROR_CLIP = 0.2;

export interface KlControllerConfig {
  kind: KlControllerKind;
  /** Initial β (verl `algorithm.kl_ctrl.kl_coef`, default 0.001). */
  initBeta: number;
  /** Adaptive only: the KL the controller steers towards (verl `target_kl`, default 0.1). */
  targetKl: number;
  /** Adaptive only: how many samples it takes to move β by the full clipped error (verl `horizon`, default 10000). */
  horizon: number;
}

export const DEFAULT_KL_CONTROLLER_CONFIG: Readonly<KlControllerConfig> = Object.freeze({
  kind: 'fixed', // verl algorithm.kl_ctrl.type default
  initBeta: 0.001, // verl algorithm.kl_ctrl.kl_coef default
  targetKl: 0.1, // verl algorithm.kl_ctrl.target_kl default
  horizon: 10000, // verl algorithm.kl_ctrl.horizon default
});

/** Serialisable controller state. */
export interface KlControllerState {
  kind: KlControllerKind;
  beta: number;
  targetKl: number;
  horizon: number;
}

/** Merges `partial` into the defaults and validates. */
export function resolveKlControllerConfig(partial: Partial<KlControllerConfig> = {}): KlControllerConfig {
  const cfg: KlControllerConfig = { ...DEFAULT_KL_CONTROLLER_CONFIG, ...partial };
  if (!(KL_CONTROLLER_KINDS as readonly string[]).includes(cfg.kind)) {
    throw new UnknownNameError('klController.kind', String(cfg.kind), KL_CONTROLLER_KINDS);
  }
  if (!Number.isFinite(cfg.initBeta) || cfg.initBeta < 0) {
    throw new InvalidParamError('klController.initBeta', `must be a finite number >= 0, got ${cfg.initBeta}`, 'use e.g. 0.001 (verl) or 1e-4 (ProRL)');
  }
  if (cfg.kind === 'adaptive') {
    if (!Number.isFinite(cfg.targetKl) || cfg.targetKl <= 0) {
      throw new InvalidParamError('klController.targetKl', `must be a finite number > 0 for the adaptive controller, got ${cfg.targetKl}`, 'use e.g. 0.1 (verl default)');
    }
    if (!Number.isFinite(cfg.horizon) || cfg.horizon <= 0) {
      throw new InvalidParamError('klController.horizon', `must be a finite number > 0, got ${cfg.horizon}`, 'use e.g. 10000 (verl default)');
    }
  }
  return cfg;
}

/** A fresh controller state from a (partial) config. */
export function createKlController(partial: Partial<KlControllerConfig> = {}): KlControllerState {
  const cfg = resolveKlControllerConfig(partial);
  return { kind: cfg.kind, beta: cfg.initBeta, targetKl: cfg.targetKl, horizon: cfg.horizon };
}

/** Validates a state read back from JSON (e.g. a checkpoint) and returns a copy. */
export function restoreKlController(state: unknown): KlControllerState {
  if (state === null || typeof state !== 'object') {
    throw new InvalidParamError('klControllerState', 'must be an object saved from a KlControllerState', 'pass the JSON object saved with the checkpoint');
  }
  const s = state as Partial<KlControllerState>;
  const cfg = resolveKlControllerConfig({ kind: s.kind as KlControllerKind, initBeta: s.beta as number, targetKl: s.targetKl as number, horizon: s.horizon as number });
  return { kind: cfg.kind, beta: cfg.initBeta, targetKl: cfg.targetKl, horizon: cfg.horizon };
}

/**
 * One controller update after observing `currentKl` (the mean KL of the batch) over `nSteps` samples
 * (verl passes the batch size). Returns a new state; the input is not modified.
 */
export function updateKlController(state: KlControllerState, currentKl: number, nSteps: number): KlControllerState {
  switch (state.kind) {
    case 'fixed':
      return { ...state };
    case 'adaptive': {
      if (!Number.isFinite(currentKl)) {
        throw new InvalidParamError('currentKl', `must be finite, got ${currentKl}`, 'check the KL metric of the batch (a NaN usually means an empty mask upstream)');
      }
      if (!Number.isFinite(nSteps) || nSteps < 0) {
        throw new InvalidParamError('nSteps', `must be a finite number >= 0, got ${nSteps}`, 'pass the number of samples in the batch');
      }
      const raw = currentKl / state.targetKl - 1;
      const err = Math.min(ADAPTIVE_KL_ERROR_CLIP, Math.max(-ADAPTIVE_KL_ERROR_CLIP, raw));
      const mult = 1 + (err * nSteps) / state.horizon;
      return { ...state, beta: state.beta * mult };
    }
    default: {
      const never: never = state.kind;
      throw new UnknownNameError('klControllerState.kind', String(never), KL_CONTROLLER_KINDS);
    }
  }
}
