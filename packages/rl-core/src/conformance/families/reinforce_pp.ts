import type { GoldenAdapter } from '../golden.js';

/** Placeholder until the reinforce_pp adapter lands: every case fails with a clear message. */
export const adapter: GoldenAdapter = () => {
  throw new Error('golden adapter for family "reinforce_pp" is not implemented yet');
};
