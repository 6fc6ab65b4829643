/**
 * Next-item training windows for sequence simulators (SASRec, GRU4Rec).
 *
 * A user sequence s[0..n) gives the next-item targets s[1..n): target j is predicted from s[..j).
 * Sequences longer than `maxLen` are cut into windows of length ≤ maxLen ending at
 * e_k = min(n, maxLen + k·stride); window k covers [e_k − maxLen, e_k) and trains only the targets
 * not trained by an earlier window, so every target is trained exactly once, and (for k ≥ 1) with at
 * least maxLen − stride items of context. RecBole instead trains every prefix truncated to the last
 * maxLen items; with stride = maxLen/2 the context per target is ≥ 25 (of ≤ 50) for targets past the
 * first window.
 *
 * Windows are right-padded in batches (`batchWindows`): ids [B,T] with 0 after the real items,
 * `trainMask` [B,T] = 1 where ids[b,t] is a trained target (never at t = 0 or on padding).
 */
import type { Rng } from '@prorl/rl-core';
import { SimulatorConfigError } from './errors.js';

export interface TrainWindow {
  /** Dense item ids, length ≤ maxLen. */
  ids: number[];
  /** First index (≥ 1) in `ids` whose item is a trained target; all later ones are trained too. */
  firstTarget: number;
}

/** Windows of one or more sequences (see file doc). Sequences with < 2 items give none. */
export function trainingWindows(seqs: Iterable<readonly number[]>, maxLen: number, stride = Math.max(1, Math.floor(maxLen / 2))): TrainWindow[] {
  if (!Number.isInteger(maxLen) || maxLen < 2) throw new SimulatorConfigError('maxLen', `must be an integer >= 2, got ${maxLen}`, 'use 50 (the paper)');
  if (!Number.isInteger(stride) || stride < 1 || stride > maxLen - 1) {
    throw new SimulatorConfigError('stride', `must be an integer in [1, maxLen − 1], got ${stride}`, `use e.g. ${Math.floor(maxLen / 2)}`);
  }
  const out: TrainWindow[] = [];
  for (const s of seqs) {
    const n = s.length;
    if (n < 2) continue;
    let trainedUpTo = 1; // next untrained target index
    for (let k = 0; trainedUpTo < n; k++) {
      const end = Math.min(n, maxLen + k * stride);
      const start = Math.max(0, end - maxLen);
      out.push({ ids: s.slice(start, end), firstTarget: trainedUpTo - start });
      trainedUpTo = end;
    }
  }
  return out;
}

/** A right-padded batch of windows, row-major. */
export interface WindowBatch {
  B: number;
  /** Longest window in the batch. */
  T: number;
  /** [B·T] dense ids, 0 = padding. */
  ids: Int32Array;
  /** [B·T] 1 = real item. */
  mask: Float32Array;
  /** [B·T] 1 = ids[b,t] is a trained next-item target. */
  trainMask: Float32Array;
  /** Σ trainMask. */
  targets: number;
}

export function batchWindows(ws: readonly TrainWindow[]): WindowBatch {
  const B = ws.length;
  const T = ws.reduce((m, w) => Math.max(m, w.ids.length), 1);
  const ids = new Int32Array(B * T);
  const mask = new Float32Array(B * T);
  const trainMask = new Float32Array(B * T);
  let targets = 0;
  ws.forEach((w, b) => {
    for (let t = 0; t < w.ids.length; t++) {
      ids[b * T + t] = w.ids[t]!;
      mask[b * T + t] = 1;
      if (t >= Math.max(1, w.firstTarget)) {
        trainMask[b * T + t] = 1;
        targets++;
      }
    }
  });
  return { B, T, ids, mask, trainMask, targets };
}

/** Shuffled mini-batches of windows for one epoch (the last batch may be smaller). */
export function epochBatches(ws: readonly TrainWindow[], batchSize: number, rng: Rng): WindowBatch[] {
  const order = rng.shuffle([...ws.keys()]);
  const out: WindowBatch[] = [];
  for (let i = 0; i < order.length; i += batchSize) out.push(batchWindows(order.slice(i, i + batchSize).map((j) => ws[j]!)));
  return out;
}

/**
 * Input-noise augmentation (a stand-in for RecBole's dropout, which the policy model does not have):
 * each real item is replaced, with probability `p`, by a uniformly random item 1..numItems, and the
 * replaced position is no longer a trained target (the model never learns to predict the noise, but
 * later positions see it as input). In place; returns the batch with `targets` recounted.
 */
export function corruptBatch(batch: WindowBatch, p: number, numItems: number, rng: Rng): WindowBatch {
  if (!(p >= 0 && p < 1)) throw new SimulatorConfigError('inputNoise', `must be in [0, 1), got ${p}`, 'use e.g. 0.1, or 0 to disable');
  if (p === 0) return batch;
  let targets = 0;
  for (let i = 0; i < batch.ids.length; i++) {
    if (batch.mask[i]! > 0 && rng.next() < p) {
      batch.ids[i] = 1 + rng.int(numItems);
      batch.trainMask[i] = 0;
    }
    targets += batch.trainMask[i]!;
  }
  batch.targets = targets;
  return batch;
}
