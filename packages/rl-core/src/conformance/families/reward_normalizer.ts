import type { GoldenAdapter } from '../golden.js';

/** Placeholder until the reward_normalizer adapter lands: every case fails with a clear message. */
export const adapter: GoldenAdapter = () => {
  throw new Error('golden adapter for family "reward_normalizer" is not implemented yet');
};
