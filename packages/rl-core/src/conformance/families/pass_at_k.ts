import type { GoldenAdapter } from '../golden.js';

/** Placeholder until the pass_at_k adapter lands: every case fails with a clear message. */
export const adapter: GoldenAdapter = () => {
  throw new Error('golden adapter for family "pass_at_k" is not implemented yet');
};
