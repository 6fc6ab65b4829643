/**
 * One training step of the tfjs reference path: weight gradients by tfjs autodiff
 * (`TfTransformer.coefGradients`), optional global-norm clipping, AdamW over the flat host buffer
 * (`../optim/`), re-upload. The ONNX training path does the same with an ONNX vector-Jacobian graph.
 *
 * Losses enter as per-token coefficients on log-probs (DESIGN.md §1): a batch either carries
 * `coef [B*T]` = d loss / d logp (what rl-core returns) or is a masked cross-entropy, which is the
 * special case coef = −lossMask / Σ lossMask (mean negative log-likelihood of the masked tokens).
 */
import type { AdamW } from '../optim/adamw.js';
import { clipGradNorm } from '../optim/clip.js';
import { TfModelError } from './errors.js';
import type { BatchMatrix, TfTransformer, TokenIds } from './model.js';

interface BatchCommon {
  /** Token ids [B,T]. */
  ids: TokenIds;
  /** Key mask [B,T] (1 real, 0 padding). */
  attnMask?: BatchMatrix;
  /** RoPE positions [B,T]. */
  positions?: BatchMatrix;
}

export type TrainBatch =
  | (BatchCommon & {
      kind: 'cross-entropy';
      /** [B*T] row-major, aligned with ids: 1 where logp[b,t] is trained (t ≥ 1). */
      lossMask: ArrayLike<number>;
    })
  | (BatchCommon & {
      kind: 'coef';
      /** [B*T] d loss / d logp[b,t]. */
      coef: ArrayLike<number>;
      /** [B*T] d loss / d entropy[b,t] (entropy bonus), optional. */
      entropyCoef?: ArrayLike<number>;
    });

export interface TrainStepOptions {
  /** Learning rate for this step (from a schedule); default the optimizer's config.lr. */
  lr?: number;
  /** Global-norm clip; default Infinity (off). */
  maxGradNorm?: number;
}

export interface TrainStepResult {
  /** cross-entropy: mean NLL over masked tokens; coef: Σ coef·logp (+ Σ entropyCoef·ent). Before the update. */
  loss: number;
  /** Gradient norm before clipping. */
  gradNorm: number;
  /** Clip factor applied (1 = none). */
  clipScale: number;
  /** Learning rate used. */
  lr: number;
  /** Optimizer step count after the update. */
  step: number;
}

/** Updates `model` in place (host buffer and variables) and `optimizer` state. Leaves no tensors. */
export function tfTrainStep(model: TfTransformer, batch: TrainBatch, optimizer: AdamW, opts: TrainStepOptions = {}): TrainStepResult {
  if (optimizer.size !== model.layout.totalSize) {
    throw new TfModelError('params-length', `optimizer was built for ${optimizer.size} parameters, model has ${model.layout.totalSize}. Fix: new AdamW(model.layout.totalSize, ...)`);
  }
  const fwd = { attnMask: batch.attnMask, positions: batch.positions };
  let coef: ArrayLike<number>;
  let entropyCoef: ArrayLike<number> | undefined;
  switch (batch.kind) {
    case 'cross-entropy': {
      let total = 0;
      for (let i = 0; i < batch.lossMask.length; i++) total += batch.lossMask[i]!;
      if (!(total > 0)) throw new TfModelError('shape-mismatch', 'cross-entropy batch has an all-zero lossMask: nothing to train. Fix: mark the target tokens with 1');
      coef = Float32Array.from(batch.lossMask, (m) => -m / total);
      break;
    }
    case 'coef':
      coef = batch.coef;
      entropyCoef = batch.entropyCoef;
      break;
    default: {
      const never: never = batch;
      throw new TfModelError('shape-mismatch', `unknown batch kind ${String((never as { kind: unknown }).kind)}`);
    }
  }
  const { loss, grads } = model.coefGradients(batch.ids, coef, entropyCoef ? { ...fwd, entropyCoef } : fwd);
  const { norm, scale } = clipGradNorm(grads, opts.maxGradNorm ?? Infinity);
  const lr = opts.lr ?? optimizer.config.lr;
  optimizer.update(model.flat, grads, lr);
  model.setFlatParams(model.flat);
  return { loss, gradNorm: norm, clipScale: scale, lr, step: optimizer.step };
}
