/**
 * Golden adapter for `reinforce_pp.json`: REINFORCE++ (`gamma`) and REINFORCE++-baseline (its
 * `epsilon` param is unused by the reference, and by us). Output: `{ advantages, returns }`.
 */
import { reinforcePpAdvantage, reinforcePpBaselineAdvantage } from '../../advantages/reinforce_pp.js';
import type { GoldenAdapter } from '../golden.js';
import { verlAdvantageInput } from './grpo.js';

export const adapter: GoldenAdapter = (c) => {
  const input = verlAdvantageInput(c);
  const p = c.params ?? {};
  switch (c.fn) {
    case 'compute_reinforce_plus_plus_outcome_advantage':
      return reinforcePpAdvantage(input, { gamma: p.gamma === undefined ? 1 : Number(p.gamma) });
    case 'compute_reinforce_plus_plus_baseline_outcome_advantage':
      return reinforcePpBaselineAdvantage(input);
    default:
      throw new Error(`reinforce_pp adapter: unknown fn '${String(c.fn)}'`);
  }
};
