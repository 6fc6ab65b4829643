import type { GoldenAdapter } from '../golden.js';

/** Placeholder until the gae adapter lands: every case fails with a clear message. */
export const adapter: GoldenAdapter = () => {
  throw new Error('golden adapter for family "gae" is not implemented yet');
};
