/**
 * Golden adapter for `rloo.json`: the loop reference → `rlooAdvantage` (singletons keep the score),
 * the vectorized one → `rlooVectorizedAdvantage` (singletons 0). Output: `{ advantages, returns }`.
 */
import { rlooAdvantage, rlooVectorizedAdvantage } from '../../advantages/rloo.js';
import type { GoldenAdapter } from '../golden.js';
import { verlAdvantageInput } from './grpo.js';

export const adapter: GoldenAdapter = (c) => {
  const input = verlAdvantageInput(c);
  switch (c.fn) {
    case 'compute_rloo_outcome_advantage':
      return rlooAdvantage(input);
    case 'compute_rloo_vectorized_outcome_advantage':
      return rlooVectorizedAdvantage(input);
    default:
      throw new Error(`rloo adapter: unknown fn '${String(c.fn)}'`);
  }
};
