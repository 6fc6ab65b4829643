/**
 * Dynamic sampling with bounded refill, as the trainer uses it [P §2; DAPO `filter_groups`]: each
 * generation round's groups go through rl-core's `filterGroups` (a group whose responses all got the
 * same reward has all-zero GRPO advantages and is dropped); survivors accumulate until the step has
 * `target` groups or `maxRounds` rounds are spent. Unlike rl-core's `RefillAccumulator` (which throws
 * when the budget is spent), an exhausted step trains on the groups it has and says so, so a weak
 * base policy (mostly all-wrong groups) slows training down instead of stopping it.
 */
import { filterGroups, type DropReason } from '@prorl/rl-core';

export interface DynamicSamplingStats {
  rounds: number;
  /** Groups generated over all rounds. */
  generated: number;
  /** Groups that survived filtering (before truncation to the target). */
  kept: number;
  dropped: number;
  /** Dropped groups per reason. */
  reasons: Record<DropReason, number>;
  /** Survivors beyond the target, discarded at `take()` (DAPO truncates to the batch size). */
  surplus: number;
  /** True when the round budget ran out before the target was met. */
  exhausted: boolean;
}

export class GroupCollector<G> {
  private groups: G[] = [];
  private s: DynamicSamplingStats = { rounds: 0, generated: 0, kept: 0, dropped: 0, reasons: { all_correct: 0, all_wrong: 0, all_equal: 0 }, surplus: 0, exhausted: false };

  /**
   * @param target groups wanted per step (promptsPerStep)
   * @param maxRounds generation rounds allowed per step (>= 1)
   * @param enabled false = keep every group, one round (no dynamic sampling)
   */
  constructor(
    readonly target: number,
    readonly maxRounds: number,
    readonly enabled: boolean,
  ) {}

  /** True while another generation round is wanted. */
  get wantsMore(): boolean {
    if (this.groups.length >= this.target) return false;
    return this.enabled ? this.s.rounds < this.maxRounds : this.s.rounds < 1;
  }

  /**
   * Adds one round: `groups[g]` with its rewards `rewards[g]` (one per response). Returns the
   * groups that survived, in order.
   */
  addRound(groups: readonly G[], rewards: readonly (readonly number[])[]): G[] {
    if (groups.length !== rewards.length) throw new Error(`GroupCollector.addRound: ${groups.length} groups but ${rewards.length} reward lists`);
    this.s.rounds++;
    this.s.generated += groups.length;
    let survivors: G[];
    if (!this.enabled) {
      survivors = [...groups];
    } else {
      const metric: number[] = [];
      const index: number[] = [];
      rewards.forEach((rs, g) => rs.forEach((r) => (metric.push(r), index.push(g))));
      const res = filterGroups(metric, index);
      survivors = [];
      for (const d of res.groups) {
        if (d.kept) survivors.push(groups[d.id as number]!);
        else this.s.reasons[d.reason!]++;
      }
      // groups without rows (cannot happen with n >= 1) would be missing from res.groups
    }
    this.s.kept += survivors.length;
    this.s.dropped += groups.length - survivors.length;
    this.groups.push(...survivors);
    return survivors;
  }

  /** The first `target` groups (fewer if exhausted) and the step's accounting. */
  take(): { groups: G[]; stats: DynamicSamplingStats } {
    const groups = this.groups.slice(0, this.target);
    const stats: DynamicSamplingStats = { ...this.s, reasons: { ...this.s.reasons }, surplus: Math.max(0, this.groups.length - this.target), exhausted: this.groups.length < this.target };
    return { groups, stats };
  }
}
