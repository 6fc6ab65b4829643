import type { GoldenAdapter } from '../golden.js';

/** Placeholder until the whiten adapter lands: every case fails with a clear message. */
export const adapter: GoldenAdapter = () => {
  throw new Error('golden adapter for family "whiten" is not implemented yet');
};
