/**
 * How the ONNX simulators (SASRec, GRU4Rec) cut a scoring batch into runs. Sessions are cached per
 * (rows, length) shape, so rows go in rungs and lengths are rounded up: few shapes, few sessions.
 */
import type { OrtSessionOptions } from '@prorl/policy';

/** Rows per scoring run: the smallest rung ≥ the rows left, else the largest. */
export const SCORE_ROW_RUNGS = [8, 32, 128, 256] as const;
/** Sequence lengths are rounded up to a multiple of this (capped at the simulator's maxLen). */
export const SCORE_LEN_STEP = 10;

/** Session options of a simulator. */
export interface SimulatorSessionOptions {
  session: Partial<OrtSessionOptions>;
  /** Cached scoring sessions (one per rows × length bucket). */
  maxSessions: number;
}
export const DEFAULT_SIMULATOR_SESSION_OPTIONS: SimulatorSessionOptions = { session: {}, maxSessions: 24 };

/** `len` rounded up to the length bucket, at most `maxLen`. */
export function lengthBucket(len: number, maxLen: number): number {
  return Math.min(maxLen, Math.ceil(len / SCORE_LEN_STEP) * SCORE_LEN_STEP);
}

/** One scoring run: `n` real rows from `r0`, padded to `rows` rows of length `T`. */
export interface ScoreChunk {
  r0: number;
  n: number;
  rows: number;
  T: number;
}

/** The runs that score `seqs` in order. */
export function scoreChunks(seqs: readonly (readonly number[])[], maxLen: number): ScoreChunk[] {
  const out: ScoreChunk[] = [];
  for (let r0 = 0; r0 < seqs.length; ) {
    const left = seqs.length - r0;
    const rows = SCORE_ROW_RUNGS.find((r) => r >= left) ?? SCORE_ROW_RUNGS[SCORE_ROW_RUNGS.length - 1]!;
    const n = Math.min(rows, left);
    let longest = 1;
    for (let r = 0; r < n; r++) longest = Math.max(longest, seqs[r0 + r]!.length);
    out.push({ r0, n, rows, T: lengthBucket(longest, maxLen) });
    r0 += n;
  }
  return out;
}
