/**
 * What the simulator training loop (`fit.ts`) needs from a model family, on top of the scoring
 * contract `UserSimulator`: a flat weight buffer it can update in place, which weights get weight
 * decay, and the mean next-item cross-entropy of a window batch with its gradient.
 */
import type { UserSimulator } from './types.js';
import type { WindowBatch } from './windows.js';

export type SimulatorKind = 'sasrec' | 'gru4rec';
export const SIMULATOR_KINDS: readonly SimulatorKind[] = ['sasrec', 'gru4rec'];

export interface LossAndGrad {
  /** Mean cross-entropy over the batch's trained targets (−Σ trainMask·log p / Σ trainMask). */
  loss: number;
  /** d loss / d params [P] (a fresh buffer owned by the caller). */
  grads: Float32Array;
}

export interface TrainableSimulator extends UserSimulator {
  readonly kind: SimulatorKind;
  /** Longest history the simulator reads (older items are dropped). */
  readonly maxLen: number;
  /** All weights, flat [P]; training updates it in place. */
  readonly params: Float32Array;
  /** [P] 1 = apply weight decay (matrices), 0 = not (norm gains, biases). */
  decayMask(): Uint8Array;
  lossAndGrad(batch: WindowBatch): Promise<LossAndGrad>;
  /** Writes a checkpoint atomically (see `checkpoint.ts`). */
  save(path: string, metadata?: Record<string, unknown>): Promise<void>;
  /** Frees native sessions. The simulator stays usable (sessions are rebuilt on demand). */
  release(): Promise<void>;
}
