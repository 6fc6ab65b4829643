/**
 * DAPO overlong reward shaping [llm §4.5] (soft overlong punishment): with expected length
 * exp = Lmax − Lbuf and exceed = len − exp, a response gets the penalty
 *   min(−exceed/Lbuf · factor, 0)
 * added to its reward: 0 up to exp, falling linearly to −factor at Lmax (and beyond, unclamped, as in
 * the reference). Shapes: `lengths` `[B]` response lengths in tokens, `rewards` `[B]`; outputs `[B]`.
 */
import { InvalidParamError } from '../errors.js';
import { expectFinite, expectLength, type Vec } from '../tensor.js';

export interface OverlongConfig {
  /** Lmax, the maximum response length. DAPO 32B script: 20480 [llm §4.5]. */
  maxLength: number;
  /** Lbuf, the soft buffer before Lmax. DAPO 32B script: 4096. */
  bufferLength: number;
  /** Penalty at Lmax. DAPO 32B script: 1.0. */
  penaltyFactor: number;
}

export const DEFAULT_OVERLONG_CONFIG: OverlongConfig = { maxLength: 20480, bufferLength: 4096, penaltyFactor: 1.0 };

export function resolveOverlongConfig(partial: Partial<OverlongConfig> = {}): OverlongConfig {
  const c = { ...DEFAULT_OVERLONG_CONFIG, ...partial };
  if (!Number.isInteger(c.maxLength) || c.maxLength < 1) throw new InvalidParamError('maxLength', `must be a positive integer, got ${c.maxLength}`, 'pass the maximum response length in tokens');
  if (!Number.isInteger(c.bufferLength) || c.bufferLength < 1) throw new InvalidParamError('bufferLength', `must be a positive integer, got ${c.bufferLength}`, 'pass a buffer of at least 1 token (DAPO uses 4096 of 20480)');
  if (c.bufferLength > c.maxLength) {
    throw new InvalidParamError('bufferLength', `(${c.bufferLength}) exceeds maxLength (${c.maxLength}), so the expected length would be negative`, 'choose bufferLength <= maxLength');
  }
  if (!Number.isFinite(c.penaltyFactor) || c.penaltyFactor < 0) throw new InvalidParamError('penaltyFactor', `must be finite and >= 0, got ${c.penaltyFactor}`, 'pass the penalty at Lmax, e.g. 1.0');
  return c;
}

/** The overlong penalty of each response (<= 0). `lengths` `[B]` → `[B]`. */
export function overlongPenalty(lengths: Vec, config: Partial<OverlongConfig> = {}): Float64Array {
  const c = resolveOverlongConfig(config);
  expectFinite('lengths', lengths);
  const exp = c.maxLength - c.bufferLength;
  const out = new Float64Array(lengths.length);
  for (let b = 0; b < lengths.length; b++) {
    const len = lengths[b] as number;
    if (len < 0) throw new InvalidParamError('lengths', `element ${b} is ${len}`, 'pass non-negative response lengths');
    const exceed = len - exp;
    out[b] = Math.min((-exceed / c.bufferLength) * c.penaltyFactor, 0) + 0; // + 0 turns −0 into 0
  }
  return out;
}

/** rewards + overlongPenalty(lengths). `rewards`, `lengths` `[B]` → `[B]`. */
export function applyOverlongShaping(rewards: Vec, lengths: Vec, config: Partial<OverlongConfig> = {}): Float64Array {
  expectLength('lengths', lengths, rewards.length, '[B]');
  expectFinite('rewards', rewards);
  const p = overlongPenalty(lengths, config);
  for (let b = 0; b < p.length; b++) p[b] = (rewards[b] as number) + p[b]!;
  return p;
}
