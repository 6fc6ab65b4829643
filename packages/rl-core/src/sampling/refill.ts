/**
 * Refill for dynamic sampling [llm §4.5]: DAPO keeps generating batches, concatenating the groups
 * that survive `filterGroups`, until it has the target number of groups, then truncates to exactly
 * the target (`train_batch_size` prompts). It gives up with an error once `max_num_gen_batches`
 * generation rounds are used up (0 = unlimited). NeMo ProRLv2: at most 10 generation batches.
 *
 * Generic over the group payload `G` (e.g. `{ prompt, responses, rewards }`): the accumulator only
 * counts and orders groups.
 */
import { InvalidParamError, RlCoreError } from '../errors.js';

export interface RefillConfig {
  /** Groups (prompts) needed per training step. ProRL: 256 prompts per step [P §3.2]. */
  targetGroups: number;
  /**
   * Maximum generation rounds per step; 0 = unlimited. DAPO 32B script `max_num_gen_batches` = 10;
   * NeMo ProRLv2 also stops after 10 generation batches [llm §1.4, §4.5].
   */
  maxRounds: number;
}

export const DEFAULT_REFILL_CONFIG: RefillConfig = { targetGroups: 256, maxRounds: 10 };

export function resolveRefillConfig(partial: Partial<RefillConfig> = {}): RefillConfig {
  const c = { ...DEFAULT_REFILL_CONFIG, ...partial };
  if (!Number.isInteger(c.targetGroups) || c.targetGroups < 1) {
    throw new InvalidParamError('targetGroups', `must be a positive integer, got ${c.targetGroups}`, 'pass the number of prompts per training step');
  }
  if (!Number.isInteger(c.maxRounds) || c.maxRounds < 0) {
    throw new InvalidParamError('maxRounds', `must be a non-negative integer, got ${c.maxRounds}`, 'pass the generation-round budget per step, or 0 for unlimited');
  }
  return c;
}

/** Thrown when the round budget is spent before enough groups survived dynamic sampling. */
export class DynamicSamplingExhaustedError extends RlCoreError {
  override readonly name = 'DynamicSamplingExhaustedError';
  constructor(
    readonly rounds: number,
    readonly collected: number,
    readonly target: number,
  ) {
    super(
      'invalid_param',
      'maxRounds',
      `after ${rounds} generation round(s) only ${collected} of ${target} groups survived dynamic sampling (the rest were all-correct, all-wrong or all-equal)`,
      'raise maxRounds (0 = unlimited), lower the batch (targetGroups), sample more responses per prompt, or use a prompt set of more suitable difficulty',
    );
  }
}

export class RefillAccumulator<G> {
  readonly config: RefillConfig;
  private groups: G[] = [];
  private roundsUsed = 0;

  constructor(config: Partial<RefillConfig> = {}) {
    this.config = resolveRefillConfig(config);
  }

  /** Generation rounds added so far. */
  get rounds(): number {
    return this.roundsUsed;
  }

  /** Surviving groups collected so far (may exceed the target before `take()`). */
  get collected(): number {
    return this.groups.length;
  }

  get isFull(): boolean {
    return this.groups.length >= this.config.targetGroups;
  }

  /**
   * Adds the surviving groups of one generation round. Returns `isFull`. Throws
   * `DynamicSamplingExhaustedError` when the target is still not met and `maxRounds` rounds are used.
   */
  addRound(survivors: readonly G[]): boolean {
    this.roundsUsed++;
    for (const g of survivors) this.groups.push(g);
    if (this.isFull) return true;
    if (this.config.maxRounds > 0 && this.roundsUsed >= this.config.maxRounds) {
      throw new DynamicSamplingExhaustedError(this.roundsUsed, this.groups.length, this.config.targetGroups);
    }
    return false;
  }

  /** The first `targetGroups` groups (in arrival order), and resets for the next step. */
  take(): G[] {
    if (!this.isFull) {
      throw new InvalidParamError('take', `called with ${this.groups.length} of ${this.config.targetGroups} groups`, 'keep calling addRound() until it returns true');
    }
    const out = this.groups.slice(0, this.config.targetGroups);
    this.groups = [];
    this.roundsUsed = 0;
    return out;
  }
}

/**
 * Runs generation rounds until the target is met: `generateRound(round)` (round = 0, 1, ...) returns
 * the surviving groups of one freshly generated batch. Returns exactly `targetGroups` groups and the
 * number of rounds used.
 */
export function refillGroups<G>(generateRound: (round: number) => readonly G[], config: Partial<RefillConfig> = {}): { groups: G[]; rounds: number } {
  const acc = new RefillAccumulator<G>(config);
  while (!acc.addRound(generateRound(acc.rounds))) {
    // keep generating
  }
  const rounds = acc.rounds;
  return { groups: acc.take(), rounds };
}
