/**
 * Per-step rewards of a proactive path, as the paper's code computes them
 * (`OptimizedRewardComputer_NoCOT.compute_rewards_batch`), batched over paths:
 *
 *   before_k = history ⊕ (valid earlier path items), after_k = before_k ⊕ i_k
 *   p = softmax over the whole catalogue INCLUDING the padding row 0 (as the reference)
 *   ioi_k = log(p_after[T] + 1e-10) − log(p_before[T] + 1e-10)
 *   ior_k = rank_before − rank_after, rank = 1 + #{items j with p_j > p_T}
 *   ctr_k = σ(h(before_k) · e(i_k)) = σ(logit of i_k after before_k)
 *
 * Invalid items (undecodable, unknown to the simulator) are skipped: they do not enter the prefix. The
 * reference's penalties (`applyPenalties`): an invalid (hallucinated) position gets ctr = −1, ioi =
 * min(ioi over real items of the batch) − 1, ior = min(ior over real items) − 1; a duplicate (the
 * same item earlier in the path) gets ctr = 0 and keeps its ioi/ior.
 *
 * IoI and IoR telescope: their per-step sums equal the path-level values.
 */
import type { UserSimulator } from '../simulator/types.js';

/** One path to score. Items are dense simulator ids, or null for an undecodable/unknown item. */
export interface PathToScore {
  history: readonly number[];
  target: number;
  items: readonly (number | null)[];
}

export interface StepRewards {
  ioi: Float64Array;
  ior: Float64Array;
  ctr: Float64Array;
  /** 'real' | 'invalid' | 'duplicate' per step. */
  kind: ('real' | 'invalid' | 'duplicate')[];
}

export interface SequenceScore {
  logProbTarget: number;
  rankTarget: number;
  /** [N+1] next-item logits (for the CTR of whichever item comes next). */
  logits: Float32Array;
}

const LOG_EPS = 1e-10;

/** Scores sequences: log p(target) (softmax incl. row 0), 1-based rank, and the logits. */
export async function scoreSequences(sim: UserSimulator, seqs: readonly (readonly number[])[], targets: readonly number[]): Promise<SequenceScore[]> {
  const all = await sim.scoreAll(seqs);
  const N1 = sim.numItems + 1;
  const out: SequenceScore[] = [];
  for (let b = 0; b < seqs.length; b++) {
    const logits = all.subarray(b * N1, b * N1 + N1);
    let max = -Infinity;
    for (let j = 0; j < N1; j++) if (logits[j]! > max) max = logits[j]!;
    let z = 0;
    for (let j = 0; j < N1; j++) z += Math.exp(logits[j]! - max);
    const t = targets[b]!;
    const pT = Math.exp(logits[t]! - max) / z;
    let rank = 1;
    for (let j = 0; j < N1; j++) if (logits[j]! > logits[t]!) rank++;
    out.push({ logProbTarget: Math.log(pT + LOG_EPS), rankTarget: rank, logits });
  }
  return out;
}

/** Batched: all prefixes of all paths are encoded in one call. */
export async function computeStepRewards(sim: UserSimulator, paths: readonly PathToScore[]): Promise<StepRewards[]> {
  const seqs: number[][] = [];
  const targets: number[] = [];
  const plan: { prefixIdx: number[]; kind: StepRewards['kind'] }[] = [];
  for (const p of paths) {
    let prefix = [...p.history];
    const prefixIdx = [seqs.length];
    seqs.push(prefix);
    targets.push(p.target);
    const seen = new Set<number>();
    const kind: StepRewards['kind'] = [];
    for (const it of p.items) {
      if (it === null || it < 1 || it > sim.numItems) {
        kind.push('invalid');
        prefixIdx.push(prefixIdx[prefixIdx.length - 1]!);
        continue;
      }
      kind.push(seen.has(it) ? 'duplicate' : 'real');
      seen.add(it);
      prefix = [...prefix, it];
      prefixIdx.push(seqs.length);
      seqs.push(prefix);
      targets.push(p.target);
    }
    plan.push({ prefixIdx, kind });
  }
  const scores = seqs.length > 0 ? await scoreSequences(sim, seqs, targets) : [];
  return paths.map((p, i) => {
    const { prefixIdx, kind } = plan[i]!;
    const L = p.items.length;
    const ioi = new Float64Array(L);
    const ior = new Float64Array(L);
    const ctr = new Float64Array(L);
    for (let k = 0; k < L; k++) {
      if (kind[k] === 'invalid') continue;
      const before = scores[prefixIdx[k]!]!;
      const after = scores[prefixIdx[k + 1]!]!;
      ioi[k] = after.logProbTarget - before.logProbTarget;
      ior[k] = before.rankTarget - after.rankTarget;
      const it = p.items[k]!;
      ctr[k] = kind[k] === 'duplicate' ? 0 : 1 / (1 + Math.exp(-before.logits[it]!));
    }
    return { ioi, ior, ctr, kind };
  });
}

/**
 * The reference's penalties over a batch: invalid steps get ctr −1 and ioi/ior one below the batch's
 * minimum over real steps (0 − 1 when the batch has no real step). Mutates and returns `batch`.
 */
export function applyPenalties(batch: StepRewards[]): StepRewards[] {
  let minIoi = Infinity;
  let minIor = Infinity;
  for (const r of batch) {
    r.kind.forEach((k, t) => {
      if (k === 'real') {
        minIoi = Math.min(minIoi, r.ioi[t]!);
        minIor = Math.min(minIor, r.ior[t]!);
      }
    });
  }
  if (!Number.isFinite(minIoi)) minIoi = 0;
  if (!Number.isFinite(minIor)) minIor = 0;
  for (const r of batch) {
    r.kind.forEach((k, t) => {
      if (k === 'invalid') {
        r.ctr[t] = -1;
        r.ioi[t] = minIoi - 1;
        r.ior[t] = minIor - 1;
      }
    });
  }
  return batch;
}
