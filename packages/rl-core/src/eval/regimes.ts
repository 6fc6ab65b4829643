/**
 * Reasoning-boundary regimes of a task family [P §4], from pass@k curves of the base, an intermediate
 * and the final checkpoint, plus the Dang et al. upper bound on pass@k [P eq. 5].
 *
 * The paper's regimes (its "reasoning boundary" is pass@128 over 256 samples):
 *  - `diminish`: pass@1 improves but pass@K_large stays flat or drops (RL sharpens what the base
 *    model could already do; typical for math with a high base pass@128).
 *  - `plateau`: pass@1 and pass@K_large both improve early (base → intermediate), then the
 *    intermediate and final curves nearly coincide (GPQA).
 *  - `sustained`: pass@K_large keeps improving from the intermediate to the final checkpoint
 *    (codecontests, taco, LiveCodeBench).
 *  - `undetermined`: none of the above (e.g. everything flat or pass@1 dropping). Not a paper regime.
 *
 * The paper gives no numeric thresholds; the ones below are ours, explicit and configurable.
 */
import { InvalidParamError, ShapeError } from '../errors.js';
import { expectFinite, expectInRange, type Vec } from '../tensor.js';

export type BoundaryRegime = 'diminish' | 'plateau' | 'sustained' | 'undetermined';

export interface RegimeThresholds {
  /** The k of the "reasoning boundary". Paper: 128 [P §3.4]. Clamped to the shortest curve. */
  kLarge: number;
  /** The small k (pass@1 in the paper). */
  kSmall: number;
  /** pass@kSmall must rise by more than this (base → final) to count as "improved". Ours: 0.02. */
  minGain: number;
  /**
   * pass@kLarge counts as "flat or down" (base → final) when it rises by at most this much. Ours: 0.02.
   * Must be <= minGain so "improved" and "flat" cannot both hold.
   */
  flatTol: number;
  /** Intermediate ≈ final at kLarge when |final − intermediate| <= this. Ours: 0.01. */
  plateauTol: number;
  /**
   * "Keeps improving" means final − intermediate at kLarge exceeds this. Ours: 0.01 (= plateauTol, so
   * every curve with an early gain is either plateau or sustained, or declining late).
   */
  sustainedMinGain: number;
}

export const DEFAULT_REGIME_THRESHOLDS: RegimeThresholds = {
  kLarge: 128,
  kSmall: 1,
  minGain: 0.02,
  flatTol: 0.02,
  plateauTol: 0.01,
  sustainedMinGain: 0.01,
};

/** Validates thresholds and fills defaults. */
export function resolveRegimeThresholds(partial: Partial<RegimeThresholds> = {}): RegimeThresholds {
  const t = { ...DEFAULT_REGIME_THRESHOLDS, ...partial };
  for (const key of ['kLarge', 'kSmall'] as const) {
    if (!Number.isInteger(t[key]) || t[key] < 1) throw new InvalidParamError(`thresholds.${key}`, `must be a positive integer, got ${t[key]}`, 'pass a k in 1..n');
  }
  if (t.kSmall >= t.kLarge) throw new InvalidParamError('thresholds.kSmall', `(${t.kSmall}) must be < kLarge (${t.kLarge})`, 'use kSmall = 1 and kLarge = the boundary k (128 in the paper)');
  for (const key of ['minGain', 'flatTol', 'plateauTol', 'sustainedMinGain'] as const) {
    expectInRange(`thresholds.${key}`, t[key], 0, 1, { loInclusive: true, fix: 'thresholds are pass@k differences, in [0, 1)' });
  }
  if (t.flatTol > t.minGain) {
    throw new InvalidParamError('thresholds.flatTol', `(${t.flatTol}) exceeds minGain (${t.minGain}), so a change could be both "improved" and "flat"`, 'choose flatTol <= minGain');
  }
  if (t.sustainedMinGain < t.plateauTol) {
    throw new InvalidParamError('thresholds.sustainedMinGain', `(${t.sustainedMinGain}) is below plateauTol (${t.plateauTol}), so a curve could be both plateau and sustained`, 'choose sustainedMinGain >= plateauTol');
  }
  return t;
}

/** pass@k curves, element k−1 = pass@k (e.g. from `meanPassAtKCurve`). */
export interface RegimeCurves {
  base: Vec;
  intermediate: Vec;
  final: Vec;
}

export interface RegimeResult {
  regime: BoundaryRegime;
  /** The numbers that decided it. */
  evidence: {
    kSmall: number;
    /** The kLarge actually used (clamped to the shortest curve). */
    kLarge: number;
    baseSmall: number;
    finalSmall: number;
    baseLarge: number;
    intermediateLarge: number;
    finalLarge: number;
    /** final − base at kSmall. */
    gainSmall: number;
    /** final − base at kLarge. */
    gainLarge: number;
    /** intermediate − base at kLarge. */
    earlyGainLarge: number;
    /** final − intermediate at kLarge. */
    lateGainLarge: number;
  };
  /** One sentence naming the rule that fired. */
  reason: string;
}

/**
 * Classifies the regime. Rules, in order:
 *  1. diminish:  gainSmall > minGain and gainLarge <= flatTol.
 *  2. sustained: lateGainLarge > sustainedMinGain.
 *  3. plateau:   earlyGainLarge > minGain and |lateGainLarge| <= plateauTol.
 *  4. otherwise undetermined.
 */
export function classifyRegime(curves: RegimeCurves, thresholds: Partial<RegimeThresholds> = {}): RegimeResult {
  const t = resolveRegimeThresholds(thresholds);
  const len = Math.min(curves.base.length, curves.intermediate.length, curves.final.length);
  for (const key of ['base', 'intermediate', 'final'] as const) {
    if (curves[key].length === 0) throw new ShapeError(`curves.${key}`, 'is empty', 'pass a pass@k curve with element k−1 = pass@k');
    expectFinite(`curves.${key}`, curves[key]);
  }
  if (t.kSmall >= len) {
    throw new ShapeError('curves', `have only ${len} points, not enough for kSmall = ${t.kSmall} and a larger k`, 'evaluate more samples per problem (the paper uses 256) or lower thresholds.kSmall');
  }
  const kL = Math.min(t.kLarge, len);
  const at = (v: Vec, k: number): number => v[k - 1] as number;
  const baseSmall = at(curves.base, t.kSmall);
  const finalSmall = at(curves.final, t.kSmall);
  const baseLarge = at(curves.base, kL);
  const intermediateLarge = at(curves.intermediate, kL);
  const finalLarge = at(curves.final, kL);
  const evidence = {
    kSmall: t.kSmall,
    kLarge: kL,
    baseSmall,
    finalSmall,
    baseLarge,
    intermediateLarge,
    finalLarge,
    gainSmall: finalSmall - baseSmall,
    gainLarge: finalLarge - baseLarge,
    earlyGainLarge: intermediateLarge - baseLarge,
    lateGainLarge: finalLarge - intermediateLarge,
  };
  const f = (x: number): string => x.toFixed(4);
  if (evidence.gainSmall > t.minGain && evidence.gainLarge <= t.flatTol) {
    return { regime: 'diminish', evidence, reason: `pass@${t.kSmall} rose by ${f(evidence.gainSmall)} > ${t.minGain} while pass@${kL} changed by ${f(evidence.gainLarge)} <= ${t.flatTol}` };
  }
  if (evidence.lateGainLarge > t.sustainedMinGain) {
    return { regime: 'sustained', evidence, reason: `pass@${kL} still rose by ${f(evidence.lateGainLarge)} > ${t.sustainedMinGain} from intermediate to final` };
  }
  if (evidence.earlyGainLarge > t.minGain && Math.abs(evidence.lateGainLarge) <= t.plateauTol) {
    return { regime: 'plateau', evidence, reason: `pass@${kL} rose by ${f(evidence.earlyGainLarge)} early, then intermediate ≈ final (|${f(evidence.lateGainLarge)}| <= ${t.plateauTol})` };
  }
  return { regime: 'undetermined', evidence, reason: 'no regime rule fired (no pass@1 gain with a flat boundary, no late gain, no early gain followed by a plateau)' };
}

/**
 * Dang et al. upper bound [P eq. 5]: E[pass@k] <= 1 − ((1 − E[ρ])² + Var(ρ))^{k/2}, where ρ_x is the
 * pass@1 of prompt x. `rho` `[P]` per-prompt pass@1 in [0, 1]; Var is the population variance.
 *
 * It follows from Jensen's inequality E[(1−ρ)^k] >= (E[(1−ρ)²])^{k/2}, which needs k/2 >= 1: it is a
 * true upper bound for k >= 2 (and k = 0). At k = 1 the value is *below* E[ρ] = pass@1, so do not
 * read it as a bound there.
 */
export function dangPassAtKUpperBound(rho: Vec, k: number): number {
  if (rho.length === 0) throw new ShapeError('rho', 'is empty', 'pass the pass@1 of at least one prompt');
  if (!Number.isInteger(k) || k < 0) throw new InvalidParamError('k', `must be a non-negative integer, got ${k}`, 'pass k >= 0');
  expectFinite('rho', rho);
  let mean = 0;
  for (let i = 0; i < rho.length; i++) {
    const r = rho[i] as number;
    if (r < 0 || r > 1) throw new InvalidParamError('rho', `element ${i} is ${r}, outside [0, 1]`, 'pass per-prompt pass@1 rates in [0, 1]');
    mean += r;
  }
  mean /= rho.length;
  let v = 0;
  for (let i = 0; i < rho.length; i++) v += ((rho[i] as number) - mean) ** 2;
  v /= rho.length;
  return 1 - ((1 - mean) ** 2 + v) ** (k / 2);
}
