/**
 * The RL objective of one ProRL-rec training run, in algorithm order (research/prorl-rec.md §3.4):
 * step rewards → fusion (SRC, stats frozen after the first epoch) → advantages (the configured
 * estimator) → path loss with per-token coefficients for the policy's training graph.
 *
 *   const obj = new PathRlObjective(resolvePathRlConfig({}, 'none'));
 *   for each batch: const { gradTokenLogProbs, metrics } = obj.step({ layout, rewards, tokenLogProbs, refTokenLogProbs });
 *   at the end of every epoch: obj.endEpoch();
 *
 * Not thread-safe (the fusion statistics are state); `getState()` / `fromState()` for checkpoints.
 */
import { InvalidParamError } from '@prorl/rl-core';
import { resolvePathRlConfig, type PathRlConfig, type PathRlConfigInput } from './config.js';
import { advantageStats, getPathEstimator, type PathAdvantages } from './estimators.js';
import type { PathLayout, PathStepRewards } from './path-batch.js';
import { pathLoss, type PathLossResult } from './path-loss.js';
import { PathRewardFuser, type RewardFusionState } from './reward-fusion.js';

export interface PathRlBatch {
  /** From `splitPaths`. */
  layout: PathLayout;
  /** `[B,P]` step reward components (`packStepRewards`). */
  rewards: PathStepRewards;
  /** `[B,Tt]` policy log-probs of the sampled tokens. */
  tokenLogProbs: ArrayLike<number>;
  /** `[B,Tt]` reference (π_0) log-probs. */
  refTokenLogProbs: ArrayLike<number>;
  /** `[B,P]` critic values, `a2c` only. */
  values?: ArrayLike<number>;
}

export interface PathRlStepResult extends PathLossResult {
  /** `[B,P]` fused step rewards. */
  fused: Float64Array;
  advantages: PathAdvantages;
}

export class PathRlObjective {
  readonly config: PathRlConfig;
  readonly fuser: PathRewardFuser;

  constructor(config: PathRlConfigInput = {}, fuser?: PathRewardFuser) {
    this.config = resolvePathRlConfig(config);
    this.fuser = fuser ?? new PathRewardFuser(this.config);
  }

  static fromState(state: RewardFusionState, config: PathRlConfigInput = {}): PathRlObjective {
    const c = resolvePathRlConfig(config);
    return new PathRlObjective(c, PathRewardFuser.fromState(state, c));
  }

  getState(): RewardFusionState {
    return this.fuser.getState();
  }

  /** Fuses, estimates and differentiates one batch. Metrics add `rec/reward_step_mean`, `rec/path_reward_mean`, `rec/src_frozen`. */
  step(batch: PathRlBatch): PathRlStepResult {
    const { layout, rewards } = batch;
    if (layout.P !== this.config.maxPathItems) {
      throw new InvalidParamError('layout.P', `is ${layout.P} but the config has maxPathItems = ${this.config.maxPathItems}`, 'split the paths with P = maxPathItems');
    }
    if (rewards.G !== layout.G || rewards.S !== layout.S || rewards.P !== layout.P) {
      throw new InvalidParamError('rewards', `are [G,S,P] = [${rewards.G},${rewards.S},${rewards.P}] but the layout is [${layout.G},${layout.S},${layout.P}]`, 'pack the rewards with the same layout');
    }
    for (let b = 0; b < layout.numItems.length; b++) {
      if ((rewards.numItems[b] as number) !== layout.numItems[b]) {
        throw new InvalidParamError('rewards.numItems', `element ${b} is ${rewards.numItems[b]} but the layout has ${layout.numItems[b]}`, 'pack the rewards with the same layout');
      }
    }
    const fused = this.fuser.fuse(rewards);
    const advantages = getPathEstimator(this.config.estimator)(
      { G: layout.G, S: layout.S, P: layout.P, fused, numItems: layout.numItems, hasEos: layout.hasEos, valid: layout.valid, ...(batch.values ? { values: batch.values } : {}) },
      { gamma: this.config.gamma },
    );
    const loss = pathLoss(
      { layout, tokenLogProbs: batch.tokenLogProbs, refTokenLogProbs: batch.refTokenLogProbs, itemAdvantages: advantages.item, eosAdvantages: advantages.eos },
      this.config,
    );
    let stepSum = 0;
    let steps = 0;
    let pathSum = 0;
    let paths = 0;
    for (let b = 0; b < layout.numItems.length; b++) {
      if (!layout.valid[b]) continue;
      paths += 1;
      pathSum += advantages.pathReward[b]!;
      for (let t = 0; t < layout.numItems[b]!; t++) (stepSum += fused[b * layout.P + t]!), (steps += 1);
    }
    const st = advantageStats(advantages);
    loss.metrics['rec/adv_var'] = st.variance; // same steps as the loss's own count
    loss.metrics['rec/reward_step_mean'] = steps > 0 ? stepSum / steps : 0;
    loss.metrics['rec/path_reward_mean'] = paths > 0 ? pathSum / paths : 0;
    loss.metrics['rec/src_frozen'] = this.fuser.isFrozen ? 1 : 0;
    return { ...loss, fused, advantages };
  }

  /** End of an RL epoch: freezes the SRC statistics after `freezeAfterEpochs`. */
  endEpoch(): void {
    this.fuser.endEpoch();
  }
}
