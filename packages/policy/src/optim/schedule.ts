/**
 * Learning-rate schedules, a pure function of the step (so resuming from a checkpoint's step gives the
 * same rate). Every kind starts with an optional linear warmup, lr·(step+1)/warmupSteps for the first
 * `warmupSteps` updates, then:
 *   constant: lr                              (ProRL: constant 2e-6, no warmup)
 *   linear:   lr → minLr linearly at totalSteps
 *   cosine:   minLr + (lr − minLr)·½(1 + cos(π·progress)), progress = (step − warmup)/(total − warmup)
 * `step` counts from 0 (the first update uses lrAt(0)). Past totalSteps the rate stays at minLr.
 */
import { OptimConfigError } from './errors.js';

export type LrScheduleKind = 'constant' | 'linear' | 'cosine';
export const LR_SCHEDULE_KINDS: readonly LrScheduleKind[] = ['constant', 'linear', 'cosine'];

export interface LrScheduleConfig {
  kind: LrScheduleKind;
  /** Peak learning rate. Default 1e-3. */
  lr: number;
  /** Linear warmup steps (lr·(step+1)/warmupSteps). Default 0. */
  warmupSteps: number;
  /** Steps at which linear/cosine reach minLr. Required for those kinds. Default 0 (constant only). */
  totalSteps: number;
  /** Final rate of linear/cosine. Default 0. */
  minLr: number;
}

export const DEFAULT_LR_SCHEDULE: LrScheduleConfig = { kind: 'constant', lr: 1e-3, warmupSteps: 0, totalSteps: 0, minLr: 0 };

export function resolveLrSchedule(partial: Partial<LrScheduleConfig> = {}): LrScheduleConfig {
  const cfg = { ...DEFAULT_LR_SCHEDULE, ...partial };
  if (!LR_SCHEDULE_KINDS.includes(cfg.kind)) throw new OptimConfigError('kind', `unknown schedule '${String(cfg.kind)}'`, `use one of ${LR_SCHEDULE_KINDS.join(', ')}`);
  if (!(cfg.lr >= 0) || !Number.isFinite(cfg.lr)) throw new OptimConfigError('lr', `must be finite and >= 0, got ${cfg.lr}`, 'use e.g. 1e-3');
  if (!(cfg.minLr >= 0 && cfg.minLr <= cfg.lr)) throw new OptimConfigError('minLr', `must be in [0, lr=${cfg.lr}], got ${cfg.minLr}`, 'lower minLr');
  if (!Number.isInteger(cfg.warmupSteps) || cfg.warmupSteps < 0) throw new OptimConfigError('warmupSteps', `must be an integer >= 0, got ${cfg.warmupSteps}`, 'use 0 for no warmup');
  if (cfg.kind !== 'constant' && !(Number.isInteger(cfg.totalSteps) && cfg.totalSteps > cfg.warmupSteps)) {
    throw new OptimConfigError('totalSteps', `schedule '${cfg.kind}' needs an integer totalSteps > warmupSteps (${cfg.warmupSteps}), got ${cfg.totalSteps}`, 'set totalSteps to the planned number of updates');
  }
  return cfg;
}

/** Learning rate for update number `step` (0-based). */
export function lrAt(s: LrScheduleConfig, step: number): number {
  if (s.warmupSteps > 0 && step < s.warmupSteps) return (s.lr * (step + 1)) / s.warmupSteps;
  switch (s.kind) {
    case 'constant':
      return s.lr;
    case 'linear': {
      const p = Math.min(1, (step - s.warmupSteps) / (s.totalSteps - s.warmupSteps));
      return s.lr + (s.minLr - s.lr) * p;
    }
    case 'cosine': {
      const p = Math.min(1, (step - s.warmupSteps) / (s.totalSteps - s.warmupSteps));
      return s.minLr + (s.lr - s.minLr) * 0.5 * (1 + Math.cos(Math.PI * p));
    }
    default: {
      const never: never = s.kind;
      throw new OptimConfigError('kind', `unknown schedule '${String(never)}'`, `use one of ${LR_SCHEDULE_KINDS.join(', ')}`);
    }
  }
}
