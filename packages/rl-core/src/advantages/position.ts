/**
 * Position-specific advantage estimation (PSAE) of ProRL for proactive recommendation
 * (`PRATrainer_ProRL.compute_position_advantages`; research/prorl-rec.md §3.4 step 5).
 *
 * Shapes: B prompts, S samples per prompt (the group), MI item slots of the fused rewards,
 * P = `maxPositions` path positions t = 0..P−1.
 *
 * 1. `r_t = fused[t]` if `t < min(MI, P)` and `t < n`, else 0 (rewards beyond the path length n are ignored).
 * 2. Reward-to-go `G_t = Σ_{u≥t} γ^{u−t} r_u`, computed backwards in float64 (`G_t = r_t + γ·G_{t+1}`),
 *    so a tiny γ never underflows into 0/0 the way the float32 reference `(Σ γ^u r_u)/γ^t` does.
 * 3. `active_t = valid ∧ (t < n ∨ (t = n ∧ hasEos))`: the EOS decision slot is active with `G_n = 0`.
 * 4. Baseline over the group (the sample itself included): `b_t = Σ_s active·G_t / max(Σ_s active, 1)`.
 * 5. `A_t = (G_t − b_t)·active_t` (no std normalisation).
 * 6. `firstEos_t = (t = n) ∧ hasEos ∧ (n < P)`, not gated by `valid` in the reference.
 */
import { InvalidParamError, NonFiniteError, ShapeError } from '../errors.js';
import { expectDims, expectLength, type MaskVec, type Vec } from '../tensor.js';
import { checkMask, expectOneOf, expectUnit, stripUndefined } from './types.js';

export interface PositionAdvantageInput {
  /** Prompts. */
  B: number;
  /** Samples per prompt (the group / rollout size). */
  S: number;
  /** Item slots per sample in `fusedRewards`. */
  MI: number;
  /** `[B,S,MI]` fused per-item step rewards (SRC output). Must be finite where `t < min(n, MI, P)`. */
  fusedRewards: Vec;
  /** `[B,S]` path length n (non-negative integers). */
  numItems: ArrayLike<number>;
  /** `[B,S]` whether the path emitted EOS. */
  hasEos: MaskVec;
  /** `[B,S]` whether the path is valid (the trainer uses `n > 0`). */
  valid: MaskVec;
}

/**
 * Which paths get a first-EOS flag.
 * - `ungated` (reference): every path with `hasEos ∧ n < P`, even invalid ones (an invalid path with
 *   EOS gets the flag at t = 0 while being inactive).
 * - `valid_only`: additionally requires `valid`.
 */
export type FirstEosRule = 'ungated' | 'valid_only';
export const FIRST_EOS_RULES: readonly FirstEosRule[] = ['ungated', 'valid_only'];

export interface PositionAdvantageOptions {
  /** Discount γ in [0, 1]; default 1 (`prorl_gamma`). */
  gamma: number;
  /** P, the number of path positions; default 10 (`max_proactive_length`). */
  maxPositions: number;
  /** First-EOS flag rule; default `ungated` (the reference). */
  firstEos: FirstEosRule;
}

export const DEFAULT_POSITION_ADVANTAGE_OPTIONS: PositionAdvantageOptions = { gamma: 1, maxPositions: 10, firstEos: 'ungated' };

export function resolvePositionAdvantageOptions(partial: Partial<PositionAdvantageOptions> = {}): PositionAdvantageOptions {
  const o: PositionAdvantageOptions = { ...DEFAULT_POSITION_ADVANTAGE_OPTIONS, ...stripUndefined(partial) };
  expectUnit('options.gamma', o.gamma);
  if (!Number.isInteger(o.maxPositions) || o.maxPositions < 1) {
    throw new InvalidParamError('options.maxPositions', `must be a positive integer, got ${o.maxPositions}`, 'pass max_proactive_length (10 in the shipped config)');
  }
  expectOneOf('options.firstEos', o.firstEos, FIRST_EOS_RULES);
  return o;
}

export interface PositionAdvantageResult {
  /** `[B,S,P]` position advantages `A_t` (0 where inactive). */
  advantages: Float64Array;
  /** `[B,S,P]` 1 where the position is active (items and the EOS decision slot of valid paths). */
  activeMask: Uint8Array;
  /** `[B,S,P]` 1 at the EOS decision slot `t = n` of paths that emitted EOS with `n < P`. */
  firstEosMask: Uint8Array;
  /** `[B,S,P]` reward-to-go `G_t` (for every path, active or not). */
  returns: Float64Array;
  /** `[B,P]` group baseline `b_t`. */
  baseline: Float64Array;
}

function on(mask: MaskVec, i: number): boolean {
  const m = mask[i];
  return typeof m === 'boolean' ? m : (m as number) !== 0;
}

/** Validates shapes, path lengths and the rewards that are read. */
function checkPositionInput(input: PositionAdvantageInput, P: number): void {
  const { B, S, MI } = input;
  expectDims({ B, S, MI });
  expectLength('fusedRewards', input.fusedRewards, B * S * MI, `[B,S,MI] = [${B},${S},${MI}]`);
  expectLength('numItems', input.numItems, B * S, `[B,S] = [${B},${S}]`);
  expectLength('hasEos', input.hasEos, B * S, `[B,S] = [${B},${S}]`);
  expectLength('valid', input.valid, B * S, `[B,S] = [${B},${S}]`);
  checkMask('hasEos', input.hasEos);
  checkMask('valid', input.valid);
  const L = Math.min(MI, P);
  for (let row = 0; row < B * S; row++) {
    const n = input.numItems[row] as number;
    if (!Number.isInteger(n) || n < 0) {
      throw new ShapeError('numItems', `element ${row} is ${n} but a path length must be a non-negative integer`, 'pass the number of items of each path (0 for an empty path)');
    }
    const upto = Math.min(n, L);
    for (let t = 0; t < upto; t++) {
      const v = input.fusedRewards[row * MI + t] as number;
      if (!Number.isFinite(v)) throw new NonFiniteError('fusedRewards', row * MI + t, v);
    }
  }
}

/**
 * Readable reference of PSAE, step by step as in the module comment.
 * @param input `fusedRewards [B,S,MI]`, `numItems [B,S]`, `hasEos [B,S]`, `valid [B,S]`.
 * @returns `[B,S,P]` advantages, active mask, first-EOS mask, returns; `[B,P]` baseline.
 */
export function positionAdvantagesLoop(input: PositionAdvantageInput, options: Partial<PositionAdvantageOptions> = {}): PositionAdvantageResult {
  const o = resolvePositionAdvantageOptions(options);
  const P = o.maxPositions;
  checkPositionInput(input, P);
  const { B, S, MI } = input;
  const out: PositionAdvantageResult = {
    advantages: new Float64Array(B * S * P),
    activeMask: new Uint8Array(B * S * P),
    firstEosMask: new Uint8Array(B * S * P),
    returns: new Float64Array(B * S * P),
    baseline: new Float64Array(B * P),
  };
  for (let b = 0; b < B; b++) {
    const G: number[][] = [];
    const active: boolean[][] = [];
    for (let s = 0; s < S; s++) {
      const row = b * S + s;
      const n = input.numItems[row] as number;
      // 1. rewards inside the window and the path
      const r: number[] = [];
      for (let t = 0; t < P; t++) r.push(t < Math.min(MI, P) && t < n ? (input.fusedRewards[row * MI + t] as number) : 0);
      // 2. reward-to-go, by its definition
      const g: number[] = [];
      for (let t = 0; t < P; t++) {
        let acc = 0;
        for (let u = t; u < P; u++) acc += Math.pow(o.gamma, u - t) * r[u]!;
        g.push(acc);
      }
      G.push(g);
      // 3. active set, 6. first-EOS flag
      const a: boolean[] = [];
      for (let t = 0; t < P; t++) {
        a.push(on(input.valid, row) && (t < n || (t === n && on(input.hasEos, row))));
        const eos = t === n && on(input.hasEos, row) && n < P && (o.firstEos === 'ungated' || on(input.valid, row));
        out.firstEosMask[row * P + t] = eos ? 1 : 0;
      }
      active.push(a);
    }
    // 4. group baseline per position, 5. advantages
    for (let t = 0; t < P; t++) {
      let sum = 0;
      let count = 0;
      for (let s = 0; s < S; s++) {
        if (active[s]![t]) {
          sum += G[s]![t]!;
          count += 1;
        }
      }
      const base = sum / Math.max(count, 1);
      out.baseline[b * P + t] = base;
      for (let s = 0; s < S; s++) {
        const k = (b * S + s) * P + t;
        out.returns[k] = G[s]![t]!;
        out.activeMask[k] = active[s]![t] ? 1 : 0;
        out.advantages[k] = active[s]![t] ? G[s]![t]! - base : 0;
      }
    }
  }
  return out;
}

/**
 * PSAE fast path (same result as `positionAdvantagesLoop`): one backward pass per path plus one pass
 * per group, over typed arrays. Shapes as there.
 */
export function positionAdvantages(input: PositionAdvantageInput, options: Partial<PositionAdvantageOptions> = {}): PositionAdvantageResult {
  const o = resolvePositionAdvantageOptions(options);
  const P = o.maxPositions;
  checkPositionInput(input, P);
  const { B, S, MI } = input;
  const gamma = o.gamma;
  const L = Math.min(MI, P);
  const advantages = new Float64Array(B * S * P);
  const activeMask = new Uint8Array(B * S * P);
  const firstEosMask = new Uint8Array(B * S * P);
  const returns = new Float64Array(B * S * P);
  const baseline = new Float64Array(B * P);
  const count = new Float64Array(P);
  for (let b = 0; b < B; b++) {
    const bp = b * P;
    count.fill(0);
    for (let s = 0; s < S; s++) {
      const row = b * S + s;
      const n = input.numItems[row] as number;
      const eos = on(input.hasEos, row);
      const valid = on(input.valid, row);
      const rp = row * P;
      let g = 0;
      for (let t = Math.min(n, L) - 1; t >= 0; t--) {
        g = (input.fusedRewards[row * MI + t] as number) + gamma * g;
        returns[rp + t] = g;
      }
      if (valid) {
        const last = Math.min(eos ? n + 1 : n, P);
        for (let t = 0; t < last; t++) {
          activeMask[rp + t] = 1;
          baseline[bp + t]! += returns[rp + t]!;
          count[t]! += 1;
        }
      }
      if (eos && n < P && (valid || o.firstEos === 'ungated')) firstEosMask[rp + n] = 1;
    }
    for (let t = 0; t < P; t++) baseline[bp + t] = baseline[bp + t]! / Math.max(count[t]!, 1);
    for (let s = 0; s < S; s++) {
      const rp = (b * S + s) * P;
      for (let t = 0; t < P; t++) {
        if (activeMask[rp + t] === 1) advantages[rp + t] = returns[rp + t]! - baseline[bp + t]!;
      }
    }
  }
  return { advantages, activeMask, firstEosMask, returns, baseline };
}
