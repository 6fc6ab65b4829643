import type { GoldenAdapter } from '../golden.js';

/** Placeholder until the entropy adapter lands: every case fails with a clear message. */
export const adapter: GoldenAdapter = () => {
  throw new Error('golden adapter for family "entropy" is not implemented yet');
};
