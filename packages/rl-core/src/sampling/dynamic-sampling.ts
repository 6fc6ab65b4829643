/**
 * DAPO dynamic sampling (`algorithm.filter_groups`) [llm §4.5]: a prompt's group of responses is kept
 * only if its metric (accuracy, or sequence reward) varies within the group, because a group whose
 * responses all score the same has all-zero GRPO advantages and contributes no gradient. Groups of a
 * single sample are always kept (the reference's rule).
 *
 * Shapes: `metric` `[B]` one value per response, `index` `[B]` prompt/group ids (numbers or strings,
 * rows need not be contiguous).
 */
import { InvalidParamError } from '../errors.js';
import { expectFinite, groupRows, type Vec } from '../tensor.js';

/** Why a group was dropped. */
export type DropReason =
  | 'all_correct' // every response scored `correctValue` (accuracy 1)
  | 'all_wrong' // every response scored `wrongValue` (accuracy 0)
  | 'all_equal'; // every response scored the same other value (or the group's std is <= minStd > 0)

export interface FilterGroupsOptions {
  /** Metric value that means "correct" (for the drop reason only). Default 1. */
  correctValue?: number;
  /** Metric value that means "wrong" (for the drop reason only). Default 0. */
  wrongValue?: number;
  /**
   * A group is kept when its population std is > `minStd`. Default 0, which is decided exactly (kept ⇔
   * not all values are equal), see README "Reference quirks and options" for numpy's std of equal
   * values.
   */
  minStd?: number;
}

export interface GroupDecision {
  /** The group id, as found in `index`. */
  id: number | string;
  /** Rows of the batch in this group, in batch order. */
  rows: number[];
  kept: boolean;
  /** Set when `kept` is false. */
  reason?: DropReason;
  /** Population std of the group's metric. */
  std: number;
}

export interface FilterGroupsResult {
  /** Rows of kept groups, in batch order. */
  keptRows: number[];
  /** One decision per group, in first-seen order. */
  groups: GroupDecision[];
  /** Counts: groups kept and dropped, and dropped per reason. */
  counts: { kept: number; dropped: number; all_correct: number; all_wrong: number; all_equal: number };
}

/** Filters groups (DAPO `filter_groups`). */
export function filterGroups(metric: Vec, index: ArrayLike<number | string>, opts: FilterGroupsOptions = {}): FilterGroupsResult {
  const correctValue = opts.correctValue ?? 1;
  const wrongValue = opts.wrongValue ?? 0;
  const minStd = opts.minStd ?? 0;
  if (!(minStd >= 0) || !Number.isFinite(minStd)) throw new InvalidParamError('minStd', `must be finite and >= 0, got ${minStd}`, 'use 0 (the DAPO rule: keep groups with any variation)');
  expectFinite('metric', metric);
  const groups = groupRows(index, metric.length);
  const decisions: GroupDecision[] = [];
  const counts = { kept: 0, dropped: 0, all_correct: 0, all_wrong: 0, all_equal: 0 };
  const keep = new Uint8Array(metric.length);
  for (const rows of groups) {
    const first = metric[rows[0]!] as number;
    let allEqual = true;
    let mean = 0;
    for (const r of rows) {
      const v = metric[r] as number;
      if (v !== first) allEqual = false;
      mean += v;
    }
    mean /= rows.length;
    let v2 = 0;
    for (const r of rows) v2 += ((metric[r] as number) - mean) ** 2;
    const std = allEqual ? 0 : Math.sqrt(v2 / rows.length);
    const kept = rows.length === 1 || (minStd === 0 ? !allEqual : std > minStd);
    const d: GroupDecision = { id: index[rows[0]!] as number | string, rows, kept, std };
    if (kept) {
      counts.kept++;
      for (const r of rows) keep[r] = 1;
    } else {
      counts.dropped++;
      const reason: DropReason = allEqual && first === correctValue ? 'all_correct' : allEqual && first === wrongValue ? 'all_wrong' : 'all_equal';
      d.reason = reason;
      counts[reason]++;
    }
    decisions.push(d);
  }
  const keptRows: number[] = [];
  for (let b = 0; b < metric.length; b++) if (keep[b]) keptRows.push(b);
  return { keptRows, groups: decisions, counts };
}
