/**
 * Path-level policy-gradient estimators of ProRL-rec's comparison (research/prorl-rec.md §3.5, §4.5
 * Table 5): they turn fused step rewards r̃_t (`reward-fusion.ts`) into one advantage per sampled item
 * and one per EOS decision. The loss (`path-loss.ts`) multiplies them with the log-probs.
 *
 * Notation per path (row b of the `[B,P]` grid, B = G·S): n items, r_t = r̃_t for t < n (0 beyond),
 * reward-to-go `G_t = Σ_{u≥t} γ^{u−t} r_u` (so G_n = 0: nothing follows a stop), path reward
 * `R = G_0`. Only *valid* paths (n > 0 by default; see `valid`) are active; their active steps are the items t < n and, when
 * the path stopped by itself (`hasEos ∧ n < P`), the EOS decision at slot n.
 *
 * | name | item t | EOS decision | |
 * | --- | --- | --- | --- |
 * | `reinforce` | R | R | the naive estimator ĝ_std (§3.5): the whole return on every action, no baseline |
 * | `grpo` | R − R̄ | R − R̄ | R̄ = mean R over the valid paths of the prompt's group (§3.5); also "w/o PSAE" |
 * | `rtg` | G_t | 0 | reward-to-go, no baseline (ĝ_rtg, Eq. 8) |
 * | `a2c` | G_t − V_t | −V_n | a learned critic V_t of the state before decision t (`values`, Table 5's A2C) |
 * | `prorl` | G_t − b_t | −b_n | PSAE (ĝ_rect, Eq. 10) via rl-core's `positionAdvantages`: b_t = mean of G_t over the group's paths active at t (EOS decisions included) |
 *
 * Advantages are never divided by a standard deviation (as the reference). Inactive slots hold 0.
 */
import {
  InvalidParamError,
  NonFiniteError,
  ShapeError,
  UnknownNameError,
  positionAdvantages,
} from '@prorl/rl-core';

export type PathEstimatorName = 'reinforce' | 'grpo' | 'rtg' | 'a2c' | 'prorl';
export const PATH_ESTIMATOR_NAMES: readonly PathEstimatorName[] = ['reinforce', 'grpo', 'rtg', 'a2c', 'prorl'];

export interface PathAdvantageInput {
  /** Prompts. */
  G: number;
  /** Samples per prompt. */
  S: number;
  /** Max items per path. */
  P: number;
  /** `[B,P]` fused step rewards; read at t < n. */
  fused: ArrayLike<number>;
  /** `[B]` items per path. */
  numItems: ArrayLike<number>;
  /** `[B]` 1 when the row contains an EOS. */
  hasEos: ArrayLike<number>;
  /** `[B]` 1 when the path is active (gets gradient); default n > 0 (the reference). `splitPaths` with `emptyPaths: 'stop'` also marks paths that stopped before their first item. */
  valid?: ArrayLike<number>;
  /** `[B,P]` critic values V_t (state before decision t); required by `a2c` only. */
  values?: ArrayLike<number>;
}

export interface PathEstimatorOptions {
  /** Discount γ in [0, 1]. Default 1 (`prorl_gamma`). */
  gamma: number;
}

export const DEFAULT_PATH_ESTIMATOR_OPTIONS: PathEstimatorOptions = { gamma: 1 };

export function resolvePathEstimatorOptions(partial: Partial<PathEstimatorOptions> = {}): PathEstimatorOptions {
  const o = { ...DEFAULT_PATH_ESTIMATOR_OPTIONS, ...partial };
  if (!(o.gamma >= 0 && o.gamma <= 1)) throw new InvalidParamError('gamma', `must be in [0, 1], got ${o.gamma}`, 'use 1 (the reference)');
  return o;
}

export interface PathAdvantages {
  G: number;
  S: number;
  P: number;
  /** `[B,P]` advantage of item t (0 at inactive slots). */
  item: Float64Array;
  /** `[B]` advantage of the EOS decision (0 when the path has none). */
  eos: Float64Array;
  /** `[B,P]` 1 at active item slots (valid path, t < n). */
  itemActive: Uint8Array;
  /** `[B]` 1 when the EOS decision is active (valid ∧ hasEos ∧ n < P). */
  eosActive: Uint8Array;
  /** `[B,P]` reward-to-go G_t (0 at t ≥ n). */
  returns: Float64Array;
  /** `[B]` path reward R = G_0. */
  pathReward: Float64Array;
}

/** An estimator: fused rewards of a batch → per-step advantages. */
export type PathEstimatorFn = (input: PathAdvantageInput, options?: Partial<PathEstimatorOptions>) => PathAdvantages;

/** Whether path b is active: `input.valid` when given, else n > 0. */
function isValid(input: PathAdvantageInput, b: number): boolean {
  return input.valid ? (input.valid[b] as number) !== 0 : (input.numItems[b] as number) > 0;
}

/** Shapes, lengths, finite rewards; returns the shared pieces (returns, masks) every estimator starts from. */
function prepare(input: PathAdvantageInput, gamma: number): PathAdvantages {
  const { G, S, P } = input;
  for (const [k, v] of [['G', G], ['S', S], ['P', P]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ShapeError(k, `dimension must be a positive integer, got ${v}`);
  }
  const B = G * S;
  if (input.fused.length !== B * P) throw new ShapeError('fused', `has length ${input.fused.length} but shape [B,P] = [${B},${P}] needs ${B * P}`);
  if (input.numItems.length !== B) throw new ShapeError('numItems', `has length ${input.numItems.length} but shape [B] needs ${B}`);
  if (input.hasEos.length !== B) throw new ShapeError('hasEos', `has length ${input.hasEos.length} but shape [B] needs ${B}`);
  if (input.valid && input.valid.length !== B) throw new ShapeError('valid', `has length ${input.valid.length} but shape [B] needs ${B}`);
  const out: PathAdvantages = {
    G,
    S,
    P,
    item: new Float64Array(B * P),
    eos: new Float64Array(B),
    itemActive: new Uint8Array(B * P),
    eosActive: new Uint8Array(B),
    returns: new Float64Array(B * P),
    pathReward: new Float64Array(B),
  };
  for (let b = 0; b < B; b++) {
    const n = input.numItems[b] as number;
    if (!Number.isInteger(n) || n < 0 || n > P) throw new ShapeError('numItems', `element ${b} is ${n} but must be an integer in [0, P = ${P}]`, 'derive n with splitPaths');
    let g = 0;
    for (let t = isValid(input, b) ? n - 1 : -1; t >= 0; t--) {
      const r = input.fused[b * P + t] as number;
      if (!Number.isFinite(r)) throw new NonFiniteError('fused', b * P + t, r);
      g = r + gamma * g;
      out.returns[b * P + t] = g;
      out.itemActive[b * P + t] = 1;
    }
    out.pathReward[b] = g;
    out.eosActive[b] = isValid(input, b) && (input.hasEos[b] as number) !== 0 && n < P ? 1 : 0;
  }
  return out;
}

/** Naive REINFORCE: R on every action of the path. */
export const reinforcePathAdvantages: PathEstimatorFn = (input, options) => {
  const out = prepare(input, resolvePathEstimatorOptions(options).gamma);
  const B = input.G * input.S;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < input.P; t++) if (out.itemActive[b * input.P + t]) out.item[b * input.P + t] = out.pathReward[b]!;
    if (out.eosActive[b]) out.eos[b] = out.pathReward[b]!;
  }
  return out;
};

/** GRPO-style path baseline: R − mean R of the valid paths of the group, on every action. */
export const grpoPathAdvantages: PathEstimatorFn = (input, options) => {
  const out = prepare(input, resolvePathEstimatorOptions(options).gamma);
  const { G, S, P } = input;
  for (let g = 0; g < G; g++) {
    let sum = 0;
    let count = 0;
    for (let s = 0; s < S; s++) {
      const b = g * S + s;
      if (isValid(input, b)) {
        sum += out.pathReward[b]!;
        count += 1;
      }
    }
    const mean = count > 0 ? sum / count : 0;
    for (let s = 0; s < S; s++) {
      const b = g * S + s;
      const a = out.pathReward[b]! - mean;
      for (let t = 0; t < P; t++) if (out.itemActive[b * P + t]) out.item[b * P + t] = a;
      if (out.eosActive[b]) out.eos[b] = a;
    }
  }
  return out;
};

/** Reward-to-go without baseline: G_t on item t, 0 on the EOS decision. */
export const rtgPathAdvantages: PathEstimatorFn = (input, options) => {
  const out = prepare(input, resolvePathEstimatorOptions(options).gamma);
  out.item.set(out.returns); // returns are 0 at t ≥ n and every path with n > 0 is active there
  return out;
};

/** Actor-critic: G_t − V_t on item t, −V_n on the EOS decision. */
export const a2cPathAdvantages: PathEstimatorFn = (input, options) => {
  const out = prepare(input, resolvePathEstimatorOptions(options).gamma);
  const { G, S, P, values } = input;
  const B = G * S;
  if (values === undefined) throw new InvalidParamError('values', "is required by the 'a2c' estimator", 'pass the critic values V_t, shape [B,P], or choose another estimator');
  if (values.length !== B * P) throw new ShapeError('values', `has length ${values.length} but shape [B,P] = [${B},${P}] needs ${B * P}`);
  for (let b = 0; b < B; b++) {
    const n = input.numItems[b] as number;
    const last = out.eosActive[b] ? n : n - 1;
    for (let t = 0; t <= last; t++) {
      const v = values[b * P + t] as number;
      if (!Number.isFinite(v)) throw new NonFiniteError('values', b * P + t, v);
      if (t < n) out.item[b * P + t] = out.returns[b * P + t]! - v;
      else out.eos[b] = -v;
    }
  }
  return out;
};

/** PSAE (ProRL): reward-to-go minus the per-position group baseline, EOS decisions included. */
export const prorlPathAdvantages: PathEstimatorFn = (input, options) => {
  const { gamma } = resolvePathEstimatorOptions(options);
  const out = prepare(input, gamma);
  const { G, S, P } = input;
  const B = G * S;
  const valid = new Uint8Array(B);
  for (let b = 0; b < B; b++) valid[b] = isValid(input, b) ? 1 : 0;
  const psae = positionAdvantages(
    { B: G, S, MI: P, fusedRewards: input.fused, numItems: input.numItems, hasEos: input.hasEos, valid },
    { gamma, maxPositions: P, firstEos: 'valid_only' },
  );
  for (let b = 0; b < B; b++) {
    const n = input.numItems[b] as number;
    for (let t = 0; t < n; t++) out.item[b * P + t] = psae.advantages[b * P + t]!;
    if (out.eosActive[b]) out.eos[b] = psae.advantages[b * P + n]!;
  }
  return out;
};

/** The registry of Table 5's estimators. */
export const PATH_ESTIMATORS = {
  reinforce: reinforcePathAdvantages,
  grpo: grpoPathAdvantages,
  rtg: rtgPathAdvantages,
  a2c: a2cPathAdvantages,
  prorl: prorlPathAdvantages,
} as const satisfies Record<PathEstimatorName, PathEstimatorFn>;

export function isPathEstimatorName(name: string): name is PathEstimatorName {
  return (PATH_ESTIMATOR_NAMES as readonly string[]).includes(name);
}

/** Looks an estimator up by name; an unknown name lists the valid ones. */
export function getPathEstimator(name: string): PathEstimatorFn {
  if (!isPathEstimatorName(name)) throw new UnknownNameError('estimator', name, PATH_ESTIMATOR_NAMES);
  return PATH_ESTIMATORS[name];
}

/** Mean, population variance and count of the advantages over the active steps (items and EOS decisions). */
export interface AdvantageStats {
  mean: number;
  /** Table 5's "advantage variance": Σ(A − mean)²/count over active steps. */
  variance: number;
  count: number;
}

export function advantageStats(adv: Pick<PathAdvantages, 'item' | 'eos' | 'itemActive' | 'eosActive'>): AdvantageStats {
  let count = 0;
  let sum = 0;
  for (let i = 0; i < adv.item.length; i++) if (adv.itemActive[i]) (count += 1), (sum += adv.item[i]!);
  for (let b = 0; b < adv.eos.length; b++) if (adv.eosActive[b]) (count += 1), (sum += adv.eos[b]!);
  if (count === 0) return { mean: 0, variance: 0, count: 0 };
  const mean = sum / count;
  let ss = 0;
  for (let i = 0; i < adv.item.length; i++) if (adv.itemActive[i]) ss += (adv.item[i]! - mean) ** 2;
  for (let b = 0; b < adv.eos.length; b++) if (adv.eosActive[b]) ss += (adv.eos[b]! - mean) ** 2;
  return { mean, variance: ss / count, count };
}

/** Critic regression targets for `a2c`: G_t at active item slots and 0 at the EOS slot, `[B,P]`, with its mask. */
export function criticTargets(adv: Pick<PathAdvantages, 'G' | 'S' | 'P' | 'returns' | 'itemActive' | 'eosActive'>, numItems: ArrayLike<number>): { target: Float64Array; mask: Uint8Array } {
  const { G, S, P } = adv;
  const B = G * S;
  const target = new Float64Array(B * P);
  const mask = new Uint8Array(B * P);
  for (let b = 0; b < B; b++) {
    const n = numItems[b] as number;
    for (let t = 0; t < n; t++) {
      if (!adv.itemActive[b * P + t]) continue;
      target[b * P + t] = adv.returns[b * P + t]!;
      mask[b * P + t] = 1;
    }
    if (adv.eosActive[b]) mask[b * P + n] = 1; // target 0: nothing follows a stop
  }
  return { target, mask };
}
