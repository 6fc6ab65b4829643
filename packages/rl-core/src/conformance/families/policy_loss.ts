import type { GoldenAdapter } from '../golden.js';

/** Placeholder until the policy_loss adapter lands: every case fails with a clear message. */
export const adapter: GoldenAdapter = () => {
  throw new Error('golden adapter for family "policy_loss" is not implemented yet');
};
