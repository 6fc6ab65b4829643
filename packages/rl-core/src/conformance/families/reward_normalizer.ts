import { MultiObjectiveRewardNormalizer, REC_REWARD_COMPONENTS, type RecRewardComponent } from '../../baselines/multi-objective-normalizer.js';
import { bools, decodeNumber, f64, type GoldenAdapter } from '../golden.js';

interface Step {
  op: 'collect_and_normalize' | 'normalize' | 'freeze';
  inputs?: { values: Record<RecRewardComponent, unknown>; valid_mask?: unknown; stats_mask?: unknown };
}

/**
 * reward_normalizer: replays the case's `steps` on one `MultiObjectiveRewardNormalizer` and returns
 * `{ steps: [{ normalized: {ioi, ior, ctr}, state }, ...] }` (freeze steps carry only `state`), with the
 * state in the reference's snake_case layout.
 */
export const adapter: GoldenAdapter = (c) => {
  const params = (c.params ?? {}) as { mo_min_std?: unknown };
  const minStd = params.mo_min_std === undefined ? 0.1 : decodeNumber(params.mo_min_std);
  const norm = new MultiObjectiveRewardNormalizer(REC_REWARD_COMPONENTS, { minStd });
  const steps = (c.steps ?? []) as Step[];
  return {
    steps: steps.map((s) => {
      switch (s.op) {
        case 'freeze':
          norm.freeze();
          return { state: stateOf(norm) };
        case 'collect_and_normalize':
        case 'normalize': {
          const inp = s.inputs;
          if (!inp) throw new Error(`step ${s.op} has no inputs`);
          const values = {
            ioi: f64(inp.values.ioi),
            ior: f64(inp.values.ior),
            ctr: f64(inp.values.ctr),
          };
          const stats = inp.stats_mask === undefined ? undefined : bools(inp.stats_mask);
          const valid = inp.valid_mask === undefined ? undefined : bools(inp.valid_mask);
          const normalized = s.op === 'normalize' ? norm.normalize(values) : norm.collectAndNormalize(values, stats, valid);
          return { normalized, state: stateOf(norm) };
        }
        default: {
          const never: never = s.op;
          throw new Error(`unknown op ${String(never)}`);
        }
      }
    }),
  };
};

function stateOf(norm: MultiObjectiveRewardNormalizer): Record<string, unknown> {
  const per = <T>(f: (k: RecRewardComponent) => T): Record<RecRewardComponent, T> => ({ ioi: f('ioi'), ior: f('ior'), ctr: f('ctr') });
  const st = norm.getState().components;
  const base = {
    mean: per((k) => st[k].frozenMean),
    std: per((k) => st[k].frozenStd),
    is_frozen: norm.isFrozen,
  };
  if (norm.isFrozen) return base;
  return {
    ...base,
    count: per((k) => st[k].count),
    running_mean: per((k) => st[k].runningMean),
    running_M2: per((k) => st[k].runningM2),
  };
}
