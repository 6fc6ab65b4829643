/**
 * The combined actor loss of ProRL (verl `dp_actor.update_policy` with `use_kl_loss`):
 *
 *   L = pg_loss + klCoef·agg(KL(logProb, refLogProb)) − entropyCoef·agg(H)
 *
 * with every `agg` using the same `aggMode` and mask. Returns the total, its gradient with respect to
 * the per-token log-probs (`[B,T]`, the sum of the policy and KL parts), and, when logits are given
 * with `entropyCoef > 0`, the entropy bonus's gradient with respect to the logits (`[B,T,V]`). Per-token
 * entropies given directly (`entropy`) enter the loss value but carry no gradient; `gradEntropy`
 * (`[B,T]`, d loss / d H) is the coefficient for a training graph that computes the entropy itself.
 *
 * Metrics: the policy-loss ones (`actor/pg_loss`, ...), `actor/kl_loss` (the aggregated KL, before
 * the coefficient), `actor/kl_coef`, `actor/entropy` (the aggregated entropy, when available),
 * `actor/kl_share = |klCoef·kl_loss| / (|pg_loss| + |klCoef·kl_loss|)` (0 when both are 0), read by
 * the reference-reset controller, and `actor/loss` (the total).
 */
import { InvalidParamError, UnknownNameError } from '../errors.js';
import { numericMask } from './mask.js';
import { expectFinite, expectLength, type Dims2, type MaskVec, type Vec } from '../tensor.js';
import { AGG_MODES, aggRowScales, parseAggMode, validateAggOptions, type AggMode, type AggOptions } from './agg-loss.js';
import { entropyLoss } from './entropy.js';
import { klPenalty, parseKlName, KL_NAMES, type KlName, type KlStraightThroughMode } from './kl.js';
import { clippedPolicyLoss, validateClipParams, type PolicyLossMetrics } from './policy-loss.js';

/** Hyperparameters of the actor loss (ProRL values by default). */
export interface ActorLossConfig {
  /** ε_low, lower ratio clip `1 − clipLow`. */
  clipLow: number;
  /** ε_high, upper ratio clip `1 + clipHigh` (DAPO clip-higher). */
  clipHigh: number;
  /** Dual-clip constant c > 1 (`Infinity` disables it). */
  clipC: number;
  /** β, weight of the KL-to-reference loss (0 disables it; then no reference log-probs are needed). */
  klCoef: number;
  /** KL estimator. */
  klType: KlName;
  /** How the `+` straight-through KL names behave (see kl.ts). */
  klStraightThrough: KlStraightThroughMode;
  /** Aggregation shared by the policy, KL and entropy terms. */
  aggMode: AggMode;
  /** Weight of the entropy bonus (subtracted); 0 disables it. */
  entropyCoef: number;
}

export const DEFAULT_ACTOR_LOSS_CONFIG: Readonly<ActorLossConfig> = Object.freeze({
  clipLow: 0.2, // ProRL §3.2 (ε_low = 0.2); verl clip_ratio_low default
  clipHigh: 0.4, // ProRL §3.2 (ε_high = 0.4, DAPO-style clip-higher)
  clipC: 3, // verl clip_ratio_c default (dual clip); ProRL does not change it
  klCoef: 1e-4, // ProRL §3.2 (β = 1e-4); research/prorl-llm.md §4.6 kl_loss_coef
  klType: 'k3', // ProRL §2 uses the k3 (low_var_kl) estimator; verl kl_loss_type low_var_kl
  klStraightThrough: 'reference', // verl at b178a3c: '+' names raise NotImplementedError
  aggMode: 'token-mean', // ProRL / DAPO token-level normalisation; verl loss_agg_mode default
  entropyCoef: 0, // verl entropy_coeff default; ProRL relies on clip-higher + resets, no entropy bonus
});

const CONFIG_KEYS = Object.keys(DEFAULT_ACTOR_LOSS_CONFIG) as (keyof ActorLossConfig)[];

/** Merges `partial` into the defaults, validates every field and rejects unknown keys. */
export function resolveActorLossConfig(partial: Partial<ActorLossConfig> = {}): ActorLossConfig {
  for (const k of Object.keys(partial)) {
    if (!(CONFIG_KEYS as string[]).includes(k)) throw new UnknownNameError('actorLossConfig', k, CONFIG_KEYS);
  }
  const cfg: ActorLossConfig = { ...DEFAULT_ACTOR_LOSS_CONFIG, ...partial };
  validateClipParams(cfg, 'actorLossConfig');
  if (!Number.isFinite(cfg.klCoef) || cfg.klCoef < 0) {
    throw new InvalidParamError('actorLossConfig.klCoef', `must be a finite number >= 0, got ${cfg.klCoef}`, 'use 1e-4 (ProRL) or 0 to disable the KL loss');
  }
  if (cfg.klStraightThrough !== 'reference' && cfg.klStraightThrough !== 'documented') {
    throw new UnknownNameError('actorLossConfig.klStraightThrough', String(cfg.klStraightThrough), ['reference', 'documented']);
  }
  if (!(KL_NAMES as readonly string[]).includes(cfg.klType)) throw new UnknownNameError('actorLossConfig.klType', String(cfg.klType), KL_NAMES);
  parseKlName(cfg.klType, { straightThrough: cfg.klStraightThrough }, 'actorLossConfig.klType');
  if (!(AGG_MODES as readonly string[]).includes(cfg.aggMode)) throw new UnknownNameError('actorLossConfig.aggMode', String(cfg.aggMode), AGG_MODES);
  if (!Number.isFinite(cfg.entropyCoef) || cfg.entropyCoef < 0) {
    throw new InvalidParamError('actorLossConfig.entropyCoef', `must be a finite number >= 0, got ${cfg.entropyCoef}`, 'use 0 (ProRL) or a small bonus such as 1e-3');
  }
  return cfg;
}

export interface ActorLossInputs {
  dims: Dims2;
  /** `[B,T]` behaviour-policy log-probs. */
  oldLogProb: Vec;
  /** `[B,T]` current-policy log-probs (the variable of `gradLogProbs`). */
  logProb: Vec;
  /** `[B,T]` reference-policy log-probs; required when `klCoef > 0`. */
  refLogProb?: Vec;
  /** `[B,T]` advantages. */
  advantages: Vec;
  /** `[B,T]` response mask. */
  mask: MaskVec;
  /** `[B,T]` optional rollout IS weights (policy term only, as in the reference). */
  isWeights?: Vec;
  /** `[B,T]` per-token entropies (value only, no gradient). Ignored when `logits` is given. */
  entropy?: Vec;
  /** `[B,T,V]` logits, for an entropy bonus with a gradient; needs `vocabSize`. */
  logits?: Vec;
  /** V, the vocabulary size of `logits`. */
  vocabSize?: number;
}

export interface ActorLossMetrics extends PolicyLossMetrics {
  'actor/kl_loss': number;
  'actor/kl_coef': number;
  'actor/kl_share': number;
  /** Present when entropies or logits were given. */
  'actor/entropy'?: number;
  'actor/loss': number;
}

export interface ActorLossResult {
  loss: number;
  /** `[B,T]` d loss / d logProb. */
  gradLogProbs: Float64Array;
  /** `[B,T,V]` d loss / d logits of the entropy term, when logits were given and `entropyCoef > 0`. */
  gradLogits?: Float64Array;
  /**
   * `[B,T]` d loss / d H[b,t] = −entropyCoef·w[b,t] when `entropyCoef > 0`: the per-token coefficient
   * with which a training graph that computes the entropy itself adds the bonus (chain it with
   * dH/dlogits inside the graph).
   */
  gradEntropy?: Float64Array;
  metrics: ActorLossMetrics;
}

/**
 * The combined actor loss for one (micro-)batch. `config` should come from `resolveActorLossConfig`;
 * `agg` carries the batch's global counts (dpSize, batchNumTokens, ...) and the empty-mask policy.
 */
export function actorLoss(inputs: ActorLossInputs, configIn: ActorLossConfig, agg: AggOptions = {}): ActorLossResult {
  const config = resolveActorLossConfig(configIn); // cheap; catches hand-built configs
  const { dims, logProb, refLogProb, mask } = inputs;
  const n = dims.B * dims.T;
  validateAggOptions(agg, 'agg');
  const aggMode = parseAggMode(config.aggMode, 'config.aggMode');
  const pg = clippedPolicyLoss(inputs, { ...agg, clipLow: config.clipLow, clipHigh: config.clipHigh, clipC: config.clipC, aggMode });
  const gradLogProbs = pg.gradLogProbs;
  // The policy loss has validated shapes and the empty mask (or was told to follow the reference).
  const { rowScale } = aggRowScales(mask, dims, aggMode, { ...agg, onEmptyMask: 'reference' }, 'mask');
  const m = numericMask(mask);

  let klLoss = 0;
  if (config.klCoef > 0) {
    if (refLogProb === undefined) {
      throw new InvalidParamError('inputs.refLogProb', `is required when klCoef > 0 (got klCoef ${config.klCoef})`, 'pass the reference policy log-probs, or set klCoef to 0');
    }
    expectLength('refLogProb', refLogProb, n, '[B,T]');
    expectFinite('refLogProb', refLogProb, mask);
    const kl = klPenalty(logProb, refLogProb, config.klType, { straightThrough: config.klStraightThrough });
    const { B, T } = dims;
    let any = false;
    for (let b = 0; b < B; b++) {
      const s = rowScale[b] as number;
      for (let t = 0; t < T; t++) {
        const i = b * T + t;
        const mv = m[i] as number;
        if (mv === 0) continue;
        any = true;
        const w = mv * s;
        klLoss += w * (kl.value[i] as number);
        gradLogProbs[i] = (gradLogProbs[i] as number) + config.klCoef * w * (kl.gradLogProb[i] as number);
      }
    }
    if (!any && Number.isNaN(rowScale[0] as number)) klLoss = NaN;
  }

  let entropyAgg: number | undefined;
  let gradLogits: Float64Array | undefined;
  if (inputs.logits !== undefined) {
    const V = inputs.vocabSize;
    if (V === undefined) throw new InvalidParamError('inputs.vocabSize', 'is required with logits', 'pass V, the last dimension of logits [B,T,V]');
    const withGrad = config.entropyCoef > 0;
    const ent = entropyLoss(inputs.logits, mask, { B: dims.B, T: dims.T, V }, aggMode, { ...agg, onEmptyMask: 'reference', withGradLogits: withGrad });
    entropyAgg = ent.loss;
    if (withGrad && ent.gradLogits) {
      const g = ent.gradLogits;
      for (let i = 0; i < g.length; i++) g[i] = -config.entropyCoef * (g[i] as number);
      gradLogits = g;
    }
  } else if (inputs.entropy !== undefined) {
    expectLength('entropy', inputs.entropy, n, '[B,T]');
    expectFinite('entropy', inputs.entropy, mask);
    let e = 0;
    let any = false;
    for (let b = 0; b < dims.B; b++) {
      const s = rowScale[b] as number;
      for (let t = 0; t < dims.T; t++) {
        const i = b * dims.T + t;
        const mv = m[i] as number;
        if (mv === 0) continue;
        any = true;
        e += mv * s * (inputs.entropy[i] as number);
      }
    }
    entropyAgg = !any && Number.isNaN(rowScale[0] as number) ? NaN : e;
  } else if (config.entropyCoef > 0) {
    throw new InvalidParamError('inputs.entropy', `entropyCoef is ${config.entropyCoef} but neither entropy nor logits were given`, 'pass per-token entropies (no gradient) or logits with vocabSize (with gradient), or set entropyCoef to 0');
  }

  const klPart = config.klCoef * klLoss;
  const entPart = config.entropyCoef > 0 && entropyAgg !== undefined ? config.entropyCoef * entropyAgg : 0;
  const loss = pg.loss + klPart - entPart;
  const denom = Math.abs(pg.loss) + Math.abs(klPart);
  const metrics: ActorLossMetrics = {
    ...pg.metrics,
    'actor/kl_loss': klLoss,
    'actor/kl_coef': config.klCoef,
    'actor/kl_share': denom > 0 ? Math.abs(klPart) / denom : denom === 0 ? 0 : NaN,
    'actor/loss': loss,
  };
  if (entropyAgg !== undefined) metrics['actor/entropy'] = entropyAgg;
  const result: ActorLossResult = { loss, gradLogProbs, metrics };
  if (gradLogits) result.gradLogits = gradLogits;
  if (config.entropyCoef > 0) {
    const gradEntropy = new Float64Array(n);
    for (let b = 0; b < dims.B; b++) {
      const s = rowScale[b] as number;
      for (let t = 0; t < dims.T; t++) {
        const i = b * dims.T + t;
        const mv = m[i] as number;
        if (mv !== 0) gradEntropy[i] = -config.entropyCoef * mv * s;
      }
    }
    result.gradEntropy = gradEntropy;
  }
  return result;
}
