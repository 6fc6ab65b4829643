/**
 * Input checks and feed construction shared by every graph runner: weights as zero-copy views of the
 * flat parameter buffer, int64 ids/positions, float masks. Bad input raises `PolicyInputError`
 * naming what was wrong and how to fix it.
 */
import type { ModelConfig } from '../model/config.js';
import { ParamLayout } from '../model/params.js';
import type { Feed } from './ort.js';

export type PolicyInputProblem = 'token-out-of-range' | 'too-long' | 'weights-length' | 'shape' | 'position-out-of-range' | 'config' | 'non-finite';

export class PolicyInputError extends Error {
  override readonly name = 'PolicyInputError';
  constructor(readonly problem: PolicyInputProblem, what: string, fix: string) {
    super(`${what}. Fix: ${fix}`);
  }
}

/** Weight feeds named as in params.ts, each a subarray view of `flat` (no copy). */
export function weightFeeds(layout: ParamLayout, flat: Float32Array | Float64Array): Record<string, Feed> {
  if (flat.length !== layout.totalSize) {
    throw new PolicyInputError(
      'weights-length',
      `weights have ${flat.length} values but the model config needs ${layout.totalSize}`,
      'pass the flat buffer made by ParamLayout.init() (or a checkpoint) for this exact config',
    );
  }
  const out: Record<string, Feed> = {};
  for (const e of layout.entries) out[e.name] = { data: flat.subarray(e.offset, e.offset + e.size), dims: e.shape };
  return out;
}

/** Checks token ids are integers in [0, V). `where` names the argument for the message. */
export function checkTokens(cfg: ModelConfig, ids: ArrayLike<number>, where: string): void {
  for (let i = 0; i < ids.length; i++) {
    const t = ids[i]!;
    if (!Number.isInteger(t) || t < 0 || t >= cfg.vocabSize) {
      throw new PolicyInputError('token-out-of-range', `${where}[${i}] = ${t} is not a token id in [0, ${cfg.vocabSize})`, 'encode with the tokenizer that matches the model (vocabSize) and check for padding values like −1');
    }
  }
}

/** Checks a sequence length against maxSeqLen. */
export function checkLength(cfg: ModelConfig, len: number, where: string): void {
  if (len > cfg.maxSeqLen) {
    throw new PolicyInputError('too-long', `${where} has length ${len} > maxSeqLen ${cfg.maxSeqLen}`, 'truncate the prompt, lower maxNewTokens, or use a model with a larger maxSeqLen');
  }
}

export const int64 = (xs: ArrayLike<number>): BigInt64Array => {
  const out = new BigInt64Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = BigInt(xs[i]!);
  return out;
};

/** Default positions for a key mask [B,T]: count of real tokens before t (left padding → 0-based after pads). */
export function positionsFromMask(mask: ArrayLike<number>, B: number, T: number): Int32Array {
  const pos = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    let c = 0;
    for (let t = 0; t < T; t++) {
      pos[b * T + t] = c;
      if (mask[b * T + t]! > 0) c++;
    }
  }
  return pos;
}
