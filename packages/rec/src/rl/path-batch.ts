/**
 * The batch layout of ProRL-rec's RL stage (research/prorl-rec.md §3.1, §3.4 steps 1-2).
 *
 * Dimensions (named once, used in every JSDoc shape of `src/rl`):
 * - G prompts, S samples per prompt (the group; 16 in the paper), B = G·S paths, row b = g·S + s.
 * - P = max path length in items (`max_proactive_length`, 10); K tokens per item (4).
 * - Tt = tokens per generated row, normally P·K + 1 (P items then EOS).
 *
 * A generated row holds the sampled tokens, items of K tokens then EOS; anything after the first EOS is
 * padding. As in the reference:
 * - `eosPos` = index of the first EOS (−1 when none), `n = ⌊eosPos/K⌋` items (a trailing partial item
 *   before the EOS is dropped); without EOS, `n = ⌊length/K⌋` (P for a full row), capped at P.
 * - `valid = n > 0`: paths without a single complete item get no gradient at all (not even their EOS).
 * - The EOS *decision* (the stop action that gets a gradient) exists when `valid ∧ hasEos ∧ n < P`. An
 *   EOS after P items is forced (the reference cannot even generate it: `max_length` 41 with the
 *   decoder start token) and gets no gradient.
 *
 * Item flags (§3.4 step 2, same rules as `computeStepRewards`): an item whose K tokens do not decode to
 * a known item is `invalid` (a hallucination); a decoded item already seen earlier in the same path is a
 * `duplicate`; otherwise `real`.
 */
import { ShapeError, InvalidParamError } from '@prorl/rl-core';
import type { SemanticIdCodec } from '../semantic-ids/codec.js';
import type { StepRewards } from '../rewards/step-rewards.js';

/** Tokens per item of the released semantic IDs (3 codebooks + a collision digit). */
export const TOKENS_PER_ITEM = 4;
/** `max_proactive_length` of the reference config. */
export const MAX_PATH_ITEMS = 10;
/** EOS token id of the reference tokenizer (pad 0, codes 1..1024, user 1025, EOS 1026). */
export const REFERENCE_EOS_TOKEN = 1026;

/** Per-step item flag. Same spelling as `StepRewards.kind`. */
export type ItemKind = 'real' | 'invalid' | 'duplicate';

export interface PathBatchDims {
  /** Prompts. */
  G: number;
  /** Samples per prompt (group size). */
  S: number;
  /** Max items per path (P). Default 10. */
  P: number;
  /** Tokens per item (K). Default 4. */
  tokensPerItem: number;
}

export const DEFAULT_PATH_BATCH_DIMS: Omit<PathBatchDims, 'G' | 'S'> = { P: MAX_PATH_ITEMS, tokensPerItem: TOKENS_PER_ITEM };

/** Validates dims (positive integers). */
export function resolvePathBatchDims(partial: Pick<PathBatchDims, 'G' | 'S'> & Partial<PathBatchDims>): PathBatchDims {
  const d: PathBatchDims = { ...DEFAULT_PATH_BATCH_DIMS, ...partial };
  for (const k of ['G', 'S', 'P', 'tokensPerItem'] as const) {
    const v = d[k];
    if (!Number.isInteger(v) || v < 1) {
      throw new InvalidParamError(`dims.${k}`, `must be a positive integer, got ${v}`, k === 'P' ? 'pass max_proactive_length (10)' : k === 'tokensPerItem' ? 'pass the codec levels (4)' : 'pass the batch dimensions of the rollout');
    }
  }
  return d;
}

/** Tokens of a full row: P·K + 1 (P items and the EOS). */
export function pathRowLength(P: number, tokensPerItem = TOKENS_PER_ITEM): number {
  return P * tokensPerItem + 1;
}

/**
 * Where items and EOS decisions sit in a `[B,Tt]` token grid: all that the path loss needs.
 * Every array has one entry per path, B = G·S.
 */
export interface PathSlots {
  G: number;
  S: number;
  P: number;
  tokensPerItem: number;
  /** Tokens per row. */
  Tt: number;
  /** `[B]` items n (0..P). */
  numItems: Int32Array;
  /** `[B]` token index of the first EOS, −1 when the row has none. */
  eosPos: Int32Array;
  /** What a path that stops before its first item is (`EmptyPathRule`); default `'skip'` (the reference). */
  emptyPaths?: EmptyPathRule;
}

/**
 * A path that emits EOS before completing one item (n = 0):
 * - `skip` (the reference, `valid = n > 0`): no gradient at all, not even for its EOS. Nothing then
 *   pushes back once the policy learns to stop at once: with small batches (128 rollouts per step
 *   here, 8,192 in the paper) the policy can drift into empty paths and never leave.
 * - `stop`: the path is valid with zero items; its EOS at slot 0 is a stop decision like any other
 *   (reward-to-go 0, so PSAE gives it −b_0 and GRPO 0 − R̄), and it counts in the loss's N.
 */
export type EmptyPathRule = 'skip' | 'stop';
export const EMPTY_PATH_RULES: readonly EmptyPathRule[] = ['skip', 'stop'];

/** `valid` and `eosActive` of one path under a rule. */
export function pathFlags(n: number, eosPos: number, P: number, rule: EmptyPathRule = 'skip'): { valid: 0 | 1; eosActive: 0 | 1 } {
  const valid = n > 0 || (rule === 'stop' && eosPos >= 0) ? 1 : 0;
  return { valid, eosActive: valid && eosPos >= 0 && n < P ? 1 : 0 };
}

export interface PathLayout extends PathSlots {
  /** `[B]` 1 when the row contains an EOS. */
  hasEos: Uint8Array;
  /** `[B]` 1 when the path gets gradient: n > 0, or (rule `stop`) an EOS before the first item. */
  valid: Uint8Array;
  /** `[B]` 1 when the path has an EOS decision with a gradient: valid ∧ hasEos ∧ n < P. */
  eosActive: Uint8Array;
}

export interface SplitPathsOptions {
  /** EOS token id (1026 in the reference tokenizer). */
  eosToken: number;
  /** `[B]` generated tokens per row (the rest is padding); default Tt for every row. */
  lengths?: ArrayLike<number>;
  /** Default `'skip'` (the reference). */
  emptyPaths?: EmptyPathRule;
}

/**
 * Splits a `[B,Tt]` token grid into paths: EOS position, item count n, validity, EOS decision.
 * @param tokens `[B,Tt]` row-major sampled token ids, B = G·S
 */
export function splitPaths(tokens: ArrayLike<number>, dims: Pick<PathBatchDims, 'G' | 'S'> & Partial<PathBatchDims>, options: SplitPathsOptions): PathLayout {
  const { G, S, P, tokensPerItem: K } = resolvePathBatchDims(dims);
  const B = G * S;
  if (tokens.length % B !== 0 || tokens.length === 0) {
    throw new ShapeError('tokens', `has length ${tokens.length}, not a multiple of B = G·S = ${B}`, 'pass a row-major [B,Tt] grid of sampled tokens');
  }
  const Tt = tokens.length / B;
  if (!Number.isInteger(options.eosToken)) throw new InvalidParamError('options.eosToken', `must be an integer token id, got ${options.eosToken}`, `pass the tokenizer's EOS id (${REFERENCE_EOS_TOKEN} in the reference)`);
  if (options.lengths !== undefined && options.lengths.length !== B) {
    throw new ShapeError('options.lengths', `has length ${options.lengths.length} but the batch has B = ${B} rows`);
  }
  const rule = options.emptyPaths ?? 'skip';
  if (!EMPTY_PATH_RULES.includes(rule)) throw new InvalidParamError('options.emptyPaths', `unknown rule '${String(rule)}'`, `use one of: ${EMPTY_PATH_RULES.join(', ')}`);
  const numItems = new Int32Array(B);
  const eosPos = new Int32Array(B);
  const hasEos = new Uint8Array(B);
  const valid = new Uint8Array(B);
  const eosActive = new Uint8Array(B);
  for (let b = 0; b < B; b++) {
    const len = options.lengths === undefined ? Tt : (options.lengths[b] as number);
    if (!Number.isInteger(len) || len < 0 || len > Tt) {
      throw new ShapeError('options.lengths', `element ${b} is ${len} but must be an integer in [0, Tt = ${Tt}]`, 'pass the number of generated tokens of each row');
    }
    let e = -1;
    for (let t = 0; t < len; t++) {
      if (tokens[b * Tt + t] === options.eosToken) {
        e = t;
        break;
      }
    }
    const n = Math.min(P, Math.floor((e >= 0 ? e : len) / K));
    numItems[b] = n;
    eosPos[b] = e;
    hasEos[b] = e >= 0 ? 1 : 0;
    const f = pathFlags(n, e, P, rule);
    valid[b] = f.valid;
    eosActive[b] = f.eosActive;
  }
  return { G, S, P, tokensPerItem: K, Tt, numItems, eosPos, emptyPaths: rule, hasEos, valid, eosActive };
}

/**
 * Completes and checks a `PathSlots` (e.g. built by hand or by another sampler): n in [0, P], the EOS
 * (if any) inside the row and right after the n items (`K·n ≤ eosPos < K·n + K`, or `eosPos ≥ K·P`
 * when n = P), and the items inside the row.
 */
export function layoutFromSlots(slots: PathSlots): PathLayout {
  const { G, S, P, tokensPerItem: K, Tt } = slots;
  resolvePathBatchDims({ G, S, P, tokensPerItem: K });
  if (!Number.isInteger(Tt) || Tt < 1) throw new ShapeError('Tt', `must be a positive integer, got ${Tt}`);
  const B = G * S;
  if (slots.numItems.length !== B) throw new ShapeError('numItems', `has length ${slots.numItems.length} but shape [B] needs ${B}`);
  if (slots.eosPos.length !== B) throw new ShapeError('eosPos', `has length ${slots.eosPos.length} but shape [B] needs ${B}`);
  const hasEos = new Uint8Array(B);
  const valid = new Uint8Array(B);
  const eosActive = new Uint8Array(B);
  for (let b = 0; b < B; b++) {
    const n = slots.numItems[b]!;
    const e = slots.eosPos[b]!;
    if (n < 0 || n > P || n * K > Tt) {
      throw new ShapeError('numItems', `element ${b} is ${n} but must be in [0, min(P = ${P}, ⌊Tt/K⌋ = ${Math.floor(Tt / K)})]`, 'derive n with splitPaths');
    }
    if (e >= Tt || e < -1) throw new ShapeError('eosPos', `element ${b} is ${e} but must be −1 (no EOS) or a token index below Tt = ${Tt}`);
    if (e >= 0 && !(e >= n * K && (e < n * K + K || n === P))) {
      throw new ShapeError('eosPos', `element ${b} is ${e} but path ${b} has n = ${n} items, so its EOS must sit at tokens [${n * K}, ${n * K + K})`, 'derive n and eosPos together with splitPaths');
    }
    hasEos[b] = e >= 0 ? 1 : 0;
    const f = pathFlags(n, e, P, slots.emptyPaths);
    valid[b] = f.valid;
    eosActive[b] = f.eosActive;
  }
  return { ...slots, hasEos, valid, eosActive };
}

/** The decoded items of every path. */
export interface PathItems {
  /** Per path, n decoded items (null = invalid / hallucinated code). */
  items: (string | null)[][];
  /** Per path, n item flags. */
  kinds: ItemKind[][];
  /** `[B,P]` 1 at item slots t < n. */
  itemMask: Uint8Array;
  /** `[B,P]` 1 at `real` items (the SRC statistics mask). */
  realMask: Uint8Array;
}

/**
 * Decodes the n items of every path with the codec and flags invalid codes and duplicates.
 * @param tokens `[B,Tt]` the grid given to `splitPaths`
 */
export function decodePathItems(tokens: ArrayLike<number>, layout: PathLayout, codec: Pick<SemanticIdCodec, 'decode' | 'levels'>): PathItems {
  const { P, Tt, tokensPerItem: K } = layout;
  const B = layout.G * layout.S;
  if (tokens.length !== B * Tt) throw new ShapeError('tokens', `has length ${tokens.length} but the layout is [B,Tt] = [${B},${Tt}]`, 'pass the grid the layout was built from');
  if (codec.levels !== K) throw new InvalidParamError('codec.levels', `is ${codec.levels} but the layout has ${K} tokens per item`, 'split the paths with tokensPerItem = codec.levels');
  const items: (string | null)[][] = [];
  const kinds: ItemKind[][] = [];
  const itemMask = new Uint8Array(B * P);
  const realMask = new Uint8Array(B * P);
  for (let b = 0; b < B; b++) {
    const n = layout.numItems[b]!;
    const seen = new Set<string>();
    const its: (string | null)[] = [];
    const ks: ItemKind[] = [];
    for (let t = 0; t < n; t++) {
      const item = codec.decode(tokens, b * Tt + t * K);
      its.push(item);
      const kind: ItemKind = item === null ? 'invalid' : seen.has(item) ? 'duplicate' : 'real';
      if (item !== null) seen.add(item);
      ks.push(kind);
      itemMask[b * P + t] = 1;
      realMask[b * P + t] = kind === 'real' ? 1 : 0;
    }
    items.push(its);
    kinds.push(ks);
  }
  return { items, kinds, itemMask, realMask };
}

/**
 * Per-step reward components of a batch on the `[B,P]` grid: the input of the reward fusion.
 * Values at t ≥ n are ignored.
 */
export interface PathStepRewards {
  G: number;
  S: number;
  P: number;
  /** `[B]` items per path. */
  numItems: ArrayLike<number>;
  /** `[B,P]` IoI per step (penalties applied). */
  ioi: ArrayLike<number>;
  /** `[B,P]` IoR per step. */
  ior: ArrayLike<number>;
  /** `[B,P]` CTR per step. */
  ctr: ArrayLike<number>;
  /** `[B,P]` real (non-duplicate, decodable) items: the SRC statistics mask. */
  realMask: ArrayLike<number>;
  /** `[B,P]` 1 at invalid (undecodable or unknown) items; absent = none. Read by `penalties: 'fixed'`. */
  invalidMask?: ArrayLike<number>;
}

/**
 * Packs per-path `StepRewards` (from `computeStepRewards` + `applyPenalties`, one per path in row order,
 * each with n entries) into the `[B,P]` grid.
 */
export function packStepRewards(rewards: readonly StepRewards[], layout: Pick<PathLayout, 'G' | 'S' | 'P' | 'numItems'>): PathStepRewards {
  const { G, S, P } = layout;
  const B = G * S;
  if (rewards.length !== B) throw new ShapeError('rewards', `has ${rewards.length} paths but the layout has B = ${B}`, 'pass one StepRewards per path, in row order');
  const ioi = new Float64Array(B * P);
  const ior = new Float64Array(B * P);
  const ctr = new Float64Array(B * P);
  const realMask = new Uint8Array(B * P);
  const invalidMask = new Uint8Array(B * P);
  for (let b = 0; b < B; b++) {
    const r = rewards[b]!;
    const n = layout.numItems[b]!;
    if (r.kind.length !== n || r.ioi.length !== n || r.ior.length !== n || r.ctr.length !== n) {
      throw new ShapeError(`rewards[${b}]`, `has ${r.kind.length} steps but path ${b} has n = ${n} items`, 'score exactly the n decoded items of each path');
    }
    for (let t = 0; t < n; t++) {
      ioi[b * P + t] = r.ioi[t]!;
      ior[b * P + t] = r.ior[t]!;
      ctr[b * P + t] = r.ctr[t]!;
      realMask[b * P + t] = r.kind[t] === 'real' ? 1 : 0;
      invalidMask[b * P + t] = r.kind[t] === 'invalid' ? 1 : 0;
    }
  }
  return { G, S, P, numItems: layout.numItems, ioi, ior, ctr, realMask, invalidMask };
}
