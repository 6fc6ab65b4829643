/**
 * Simulator-driven greedy baseline (the paper's sequential-recommender baselines, App. D): starting
 * from the history, at each step take the simulator's top-k next items (items already in the history
 * or the path excluded), stop when the target is among them, else re-rank them by closeness to the
 * target and append the closest; stop at the length limit. Batched: one `scoreAll` per step over all
 * unfinished records.
 *
 * Closeness (`closeness`):
 * - `code_overlap`: the number of leading semantic-ID codes the candidate shares with the target, over
 *   the levels (residual IDs are hierarchical, so a shared prefix means nearby embeddings).
 * - `simulator_embedding`: the simulator's logit of the candidate after the one-item sequence
 *   [target], i.e. h([target])·e_c for a SASRec-style model: an item–item affinity derived from the
 *   simulator's own embeddings (one extra `scoreAll` per batch).
 * Ties go to the higher next-item logit. The paper ranks by embedding distance of each recommender's
 * own item embeddings; `UserSimulator` exposes logits only, hence these two derived closeness scores.
 */
import { InvalidParamError, UnknownNameError } from '@prorl/rl-core';
import type { PathRecord, SemanticIds } from '../data/types.js';
import type { UserSimulator } from '../simulator/types.js';
import type { PathGenerator } from '../policy/path-policy.js';

export type GreedyCloseness = 'code_overlap' | 'simulator_embedding';
export const GREEDY_CLOSENESS: readonly GreedyCloseness[] = ['code_overlap', 'simulator_embedding'];

/** Raw ↔ dense ids of the simulator (`ItemIndex` satisfies it). */
export interface DenseItemIds {
  readonly size: number;
  get(raw: string): number | undefined;
  tryEncode(seq: readonly string[]): number[];
  decode(dense: number): string;
}

export interface SimulatorGreedyOptions {
  simulator: UserSimulator;
  itemIndex: DenseItemIds;
  /** Needed for `code_overlap`. */
  semanticIds?: SemanticIds;
  /** Default `simulator_embedding`. */
  closeness?: GreedyCloseness;
  /** Candidates per step. Default 20. */
  topK?: number;
  /** Longest path. Default 10. */
  maxLen?: number;
  name?: string;
}

/** Leading codes shared by two code tuples, over the levels. */
export function codePrefixOverlap(a: readonly number[], b: readonly number[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return a.length > 0 ? n / a.length : 0;
}

export class SimulatorGreedyGenerator implements PathGenerator {
  readonly name: string;
  readonly closeness: GreedyCloseness;
  readonly topK: number;
  readonly maxLen: number;

  constructor(private readonly o: SimulatorGreedyOptions) {
    this.closeness = o.closeness ?? 'simulator_embedding';
    this.topK = o.topK ?? 20;
    this.maxLen = o.maxLen ?? 10;
    this.name = o.name ?? `sim-greedy(${this.closeness})`;
    if (!GREEDY_CLOSENESS.includes(this.closeness)) throw new UnknownNameError('closeness', String(this.closeness), GREEDY_CLOSENESS);
    if (this.closeness === 'code_overlap' && !o.semanticIds) throw new InvalidParamError('semanticIds', "are required by closeness 'code_overlap'", "pass the dataset's semantic IDs or use 'simulator_embedding'");
    if (!Number.isInteger(this.topK) || this.topK < 1) throw new InvalidParamError('topK', `must be a positive integer, got ${this.topK}`, 'use e.g. 20');
    if (!Number.isInteger(this.maxLen) || this.maxLen < 1) throw new InvalidParamError('maxLen', `must be a positive integer, got ${this.maxLen}`, 'use 10');
  }

  /** Deterministic: the K candidates are K copies of the one greedy path. */
  async generate(records: readonly PathRecord[], k: number, _seed: number): Promise<(string | null)[][][]> {
    const paths = await this.paths(records);
    return paths.map((p) => Array.from({ length: k }, () => [...p]));
  }

  /** One greedy path per record. */
  async paths(records: readonly PathRecord[]): Promise<string[][]> {
    const { simulator: sim, itemIndex: idx } = this.o;
    const N1 = sim.numItems + 1;
    const targets = records.map((r) => idx.get(r.target));
    const seqs = records.map((r) => idx.tryEncode(r.history));
    const out: string[][] = records.map(() => []);
    const active = records.map((_, i) => targets[i] !== undefined && seqs[i]!.length > 0);
    // closeness of every item to each record's target, [R][N+1]
    const close: Float64Array[] = records.map(() => new Float64Array(N1));
    switch (this.closeness) {
      case 'simulator_embedding': {
        const rows = records.map((_, i) => i).filter((i) => active[i]);
        if (rows.length > 0) {
          const logits = await sim.scoreAll(rows.map((i) => [targets[i]!]));
          rows.forEach((i, j) => close[i]!.set(logits.subarray(j * N1, (j + 1) * N1)));
        }
        break;
      }
      case 'code_overlap': {
        const ids = this.o.semanticIds!;
        records.forEach((r, i) => {
          const tc = ids.get(r.target);
          if (!tc || !active[i]) return;
          for (let d = 1; d < N1; d++) {
            const c = ids.get(idx.decode(d));
            close[i]![d] = c ? codePrefixOverlap(c, tc) : -1;
          }
        });
        break;
      }
      default: {
        const never: never = this.closeness;
        throw new UnknownNameError('closeness', String(never), GREEDY_CLOSENESS);
      }
    }
    for (let step = 0; step < this.maxLen; step++) {
      const rows = records.map((_, i) => i).filter((i) => active[i]);
      if (rows.length === 0) break;
      const logits = await sim.scoreAll(rows.map((i) => seqs[i]!));
      rows.forEach((i, j) => {
        const l = logits.subarray(j * N1, (j + 1) * N1);
        const seen = new Set(seqs[i]);
        const cand: number[] = [];
        for (let d = 1; d < N1; d++) if (!seen.has(d)) cand.push(d);
        cand.sort((a, b) => l[b]! - l[a]! || a - b);
        const top = cand.slice(0, this.topK);
        if (top.includes(targets[i]!) || top.length === 0) {
          active[i] = false;
          return;
        }
        let best = top[0]!;
        for (const d of top) if (close[i]![d]! > close[i]![best]!) best = d;
        out[i]!.push(idx.decode(best));
        seqs[i]!.push(best);
      });
    }
    return out;
  }
}
