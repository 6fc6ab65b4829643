/**
 * Stop-properly penalty [P App. E runs 4-5; NeMo ProRLv2 `stop_properly_penalty_coef`]: responses that
 * did not terminate with EOS (truncated at the length limit) have their reward multiplied by `coef`;
 * `coef = 0` zeroes them (NeMo's ProRLv2 setting), `coef = 1` disables the penalty.
 * Shapes: `rewards` `[B]`, `endedWithEos` `[B]` (mask: true / non-zero = stopped properly) → `[B]`.
 */
import { InvalidParamError } from '../errors.js';
import { expectFinite, expectLength, isOn, type MaskVec, type Vec } from '../tensor.js';

/** NeMo ProRLv2 default: 0 (truncated responses get reward 0). */
export const DEFAULT_STOP_PROPERLY_COEF = 0;

export function applyStopProperlyPenalty(rewards: Vec, endedWithEos: MaskVec, coef: number = DEFAULT_STOP_PROPERLY_COEF): Float64Array {
  if (!Number.isFinite(coef) || coef < 0 || coef > 1) {
    throw new InvalidParamError('coef', `must be in [0, 1], got ${coef}`, 'use 0 to zero truncated responses, 1 to disable the penalty');
  }
  expectLength('endedWithEos', endedWithEos, rewards.length, '[B]');
  expectFinite('rewards', rewards);
  const out = new Float64Array(rewards.length);
  for (let b = 0; b < rewards.length; b++) out[b] = isOn(endedWithEos, b) ? (rewards[b] as number) : (rewards[b] as number) * coef;
  return out;
}
