/**
 * The path loss of ProRL-rec's RL stage (research/prorl-rec.md §3.4 steps 6-7), in closed form, with its
 * gradient with respect to the sampled tokens' log-probs: the coefficients the policy's ONNX training
 * graph back-propagates into the weights (DESIGN.md §1, "Where losses meet the model").
 *
 * Per valid path b (n > 0), item t < n occupies tokens K·t .. K·t+K−1 and the EOS decision (if active)
 * the token `eosPos`:
 *
 *   ℓ_t   = c·Σ_{j<K} logπ[b, K·t+j],   c = 1/K (`mean`, the reference) or 1 (`sum`, the paper's Eq.)
 *   ℓ_eos = logπ[b, eosPos]
 *   L = (1/N)·[ −Σ ℓ_t·A_t − Σ ℓ_eos·A_eos + β·(Σ kl(ℓ_t, ℓ0_t) + Σ kl(ℓ_eos, ℓ0_eos)) ]
 *
 * N = number of valid paths in the batch; under the reference rule (`emptyPaths: 'skip'`) paths with n = 0
 * get no gradient (not even their EOS), under `'stop'` their EOS at slot 0 is a stop decision; an EOS
 * after P items is forced and gets none either. ℓ0 are the same quantities under the frozen π_0, `kl` an
 * rl-core estimator on the sampled actions (`k1`: ℓ − ℓ0, the reference, β = 0.01).
 *
 *   dL/dlogπ[b, K·t+j] = c·(−A_t + β·kl'(ℓ_t))/N,   dL/dlogπ[b, eosPos] = (−A_eos + β·kl'(ℓ_eos))/N,
 *   and 0 on every other token (dropped partial items, padding after EOS, invalid paths).
 *
 * With N = 0 (no valid path) the loss is 0 and every coefficient is 0.
 */
import { InvalidParamError, NonFiniteError, ShapeError, klPenalty, type KlBaseName } from '@prorl/rl-core';
import { layoutFromSlots, type PathSlots } from './path-batch.js';

export type ItemLogProbMode = 'mean' | 'sum';
export const ITEM_LOG_PROB_MODES: readonly ItemLogProbMode[] = ['mean', 'sum'];
const KL_NAMES: readonly KlBaseName[] = ['k1', 'kl', 'k2', 'mse', 'k3', 'low_var_kl', 'abs'];

export interface PathLossOptions {
  /** How an item's K token log-probs combine: `'mean'` (reference code, default) or `'sum'` (paper). */
  itemLogProb: ItemLogProbMode;
  /** β_KL (`prorl_beta`), default 0.01. */
  klCoef: number;
  /** KL estimator on the sampled items and EOS, default `'k1'` (reference). */
  kl: KlBaseName;
}

export const DEFAULT_PATH_LOSS_OPTIONS: PathLossOptions = { itemLogProb: 'mean', klCoef: 0.01, kl: 'k1' };

export function resolvePathLossOptions(partial: Partial<PathLossOptions> = {}): PathLossOptions {
  const d = DEFAULT_PATH_LOSS_OPTIONS;
  const o: PathLossOptions = { itemLogProb: partial.itemLogProb ?? d.itemLogProb, klCoef: partial.klCoef ?? d.klCoef, kl: partial.kl ?? d.kl };
  if (!ITEM_LOG_PROB_MODES.includes(o.itemLogProb)) {
    throw new InvalidParamError('itemLogProb', `unknown mode '${String(o.itemLogProb)}'`, `use one of: ${ITEM_LOG_PROB_MODES.join(', ')}`);
  }
  if (!Number.isFinite(o.klCoef) || o.klCoef < 0) throw new InvalidParamError('klCoef', `must be finite and ≥ 0, got ${o.klCoef}`, 'use 0.01 (prorl_beta), or 0 to drop the KL term');
  if (!KL_NAMES.includes(o.kl)) throw new InvalidParamError('kl', `unknown KL estimator '${String(o.kl)}'`, `use one of: ${KL_NAMES.join(', ')}`);
  return o;
}

/** Item token-log-prob weight c. */
export function itemTokenWeight(mode: ItemLogProbMode, tokensPerItem: number): number {
  switch (mode) {
    case 'mean':
      return 1 / tokensPerItem;
    case 'sum':
      return 1;
    default: {
      const never: never = mode;
      throw new InvalidParamError('itemLogProb', `unknown mode '${String(never)}'`, `use one of: ${ITEM_LOG_PROB_MODES.join(', ')}`);
    }
  }
}

export interface PathLossInput {
  /** Where items and EOS sit (`splitPaths` output or any `PathSlots`). */
  layout: PathSlots;
  /** `[B,Tt]` log-probs of the sampled tokens under the policy. */
  tokenLogProbs: ArrayLike<number>;
  /** `[B,Tt]` the same under the frozen reference π_0. */
  refTokenLogProbs: ArrayLike<number>;
  /** `[B,P]` item advantages (read at t < n of valid paths). */
  itemAdvantages: ArrayLike<number>;
  /** `[B]` EOS-decision advantages (read where the decision is active). */
  eosAdvantages: ArrayLike<number>;
}

export interface PathLossResult {
  loss: number;
  /** `[B,Tt]` dL / d tokenLogProbs. */
  gradTokenLogProbs: Float64Array;
  /**
   * `rec/loss`, `rec/pg_loss`, `rec/kl_loss` (β·Σkl/N), `rec/kl` (mean kl per active step),
   * `rec/num_valid`, `rec/valid_frac`, `rec/path_len` (mean n over all paths), `rec/path_len_valid`,
   * `rec/eos_frac` (paths with an active EOS decision / B), `rec/active_steps`, `rec/adv_mean`,
   * `rec/adv_var` (Table 5: variance of the advantages over active steps).
   */
  metrics: Record<string, number>;
}

/** The active steps of a batch: token ranges, advantages, log-probs. Shared by the loss and its tfjs reference. */
export interface ActiveSteps {
  /** Row of each step. */
  row: Int32Array;
  /** First token index (within the row) of each step. */
  token: Int32Array;
  /** Tokens of each step: K for an item, 1 for the EOS decision. */
  width: Int32Array;
  /** 1 for the EOS decision, 0 for an item. */
  isEos: Uint8Array;
  advantage: Float64Array;
  numValid: number;
}

/** Collects the active steps in row order (items t = 0..n−1, then the EOS decision), validating inputs. */
export function activeSteps(input: PathLossInput): ActiveSteps {
  const layout = layoutFromSlots(input.layout);
  const { G, S, P, Tt, tokensPerItem: K } = layout;
  const B = G * S;
  const need = (name: string, a: ArrayLike<number>, len: number, shape: string): void => {
    if (a.length !== len) throw new ShapeError(name, `has length ${a.length} but shape ${shape} needs ${len}`);
  };
  need('tokenLogProbs', input.tokenLogProbs, B * Tt, `[B,Tt] = [${B},${Tt}]`);
  need('refTokenLogProbs', input.refTokenLogProbs, B * Tt, `[B,Tt] = [${B},${Tt}]`);
  need('itemAdvantages', input.itemAdvantages, B * P, `[B,P] = [${B},${P}]`);
  need('eosAdvantages', input.eosAdvantages, B, `[B] = [${B}]`);
  const rows: number[] = [];
  const tokens: number[] = [];
  const widths: number[] = [];
  const advs: number[] = [];
  const eos: number[] = [];
  let numValid = 0;
  const finite = (name: string, a: ArrayLike<number>, i: number): number => {
    const v = a[i] as number;
    if (!Number.isFinite(v)) throw new NonFiniteError(name, i, v);
    return v;
  };
  for (let b = 0; b < B; b++) {
    if (!layout.valid[b]) continue;
    numValid += 1;
    const n = layout.numItems[b]!;
    const steps: [number, number, number, number][] = [];
    for (let t = 0; t < n; t++) steps.push([b * Tt + K * t, K, finite('itemAdvantages', input.itemAdvantages, b * P + t), 0]);
    if (layout.eosActive[b]) steps.push([b * Tt + layout.eosPos[b]!, 1, finite('eosAdvantages', input.eosAdvantages, b), 1]);
    for (const [start, w, a, e] of steps) {
      for (let j = 0; j < w; j++) {
        finite('tokenLogProbs', input.tokenLogProbs, start + j);
        finite('refTokenLogProbs', input.refTokenLogProbs, start + j);
      }
      rows.push(b);
      tokens.push(start - b * Tt);
      widths.push(w);
      advs.push(a);
      eos.push(e);
    }
  }
  return { row: Int32Array.from(rows), token: Int32Array.from(tokens), width: Int32Array.from(widths), isEos: Uint8Array.from(eos), advantage: Float64Array.from(advs), numValid };
}

/**
 * The loss and its closed-form gradient.
 * @param input `tokenLogProbs`, `refTokenLogProbs [B,Tt]`, `itemAdvantages [B,P]`, `eosAdvantages [B]`
 * @returns `loss`, `gradTokenLogProbs [B,Tt]`, `metrics`
 */
export function pathLoss(input: PathLossInput, options: Partial<PathLossOptions> = {}): PathLossResult {
  const o = resolvePathLossOptions(options);
  const steps = activeSteps(input);
  const { G, S, Tt, tokensPerItem: K } = input.layout;
  const B = G * S;
  const c = itemTokenWeight(o.itemLogProb, K);
  const M = steps.row.length;
  // step log-probs ℓ and ℓ0
  const lp = new Float64Array(M);
  const ref = new Float64Array(M);
  for (let i = 0; i < M; i++) {
    const start = steps.row[i]! * Tt + steps.token[i]!;
    const w = steps.width[i]!;
    const ci = steps.isEos[i] ? 1 : c;
    let a = 0;
    let r = 0;
    for (let j = 0; j < w; j++) {
      a += input.tokenLogProbs[start + j] as number;
      r += input.refTokenLogProbs[start + j] as number;
    }
    lp[i] = ci * a;
    ref[i] = ci * r;
  }
  const kl = klPenalty(lp, ref, o.kl);
  const grad = new Float64Array(B * Tt);
  let pg = 0;
  let klSum = 0;
  const N = steps.numValid;
  if (N > 0) {
    for (let i = 0; i < M; i++) {
      const A = steps.advantage[i]!;
      pg -= lp[i]! * A;
      klSum += kl.value[i]!;
      const w = steps.width[i]!;
      const ci = steps.isEos[i] ? 1 : c;
      const coef = (ci * (-A + o.klCoef * kl.gradLogProb[i]!)) / N;
      const start = steps.row[i]! * Tt + steps.token[i]!;
      for (let j = 0; j < w; j++) grad[start + j] = coef;
    }
  }
  const loss = N > 0 ? (pg + o.klCoef * klSum) / N : 0;
  // metrics
  let lenSum = 0;
  for (let b = 0; b < B; b++) lenSum += input.layout.numItems[b]!;
  let eosCount = 0;
  for (let i = 0; i < M; i++) if (steps.isEos[i]) eosCount += 1;
  let advMean = 0;
  for (let i = 0; i < M; i++) advMean += steps.advantage[i]!;
  advMean = M > 0 ? advMean / M : 0;
  let advVar = 0;
  for (let i = 0; i < M; i++) advVar += (steps.advantage[i]! - advMean) ** 2;
  advVar = M > 0 ? advVar / M : 0;
  const metrics: Record<string, number> = {
    'rec/loss': loss,
    'rec/pg_loss': N > 0 ? pg / N : 0,
    'rec/kl_loss': N > 0 ? (o.klCoef * klSum) / N : 0,
    'rec/kl': M > 0 ? klSum / M : 0,
    'rec/num_valid': N,
    'rec/valid_frac': N / B,
    'rec/path_len': lenSum / B,
    'rec/path_len_valid': N > 0 ? lenSum / N : 0,
    'rec/eos_frac': eosCount / B,
    'rec/active_steps': M,
    'rec/adv_mean': advMean,
    'rec/adv_var': advVar,
  };
  return { loss, gradTokenLogProbs: grad, metrics };
}
