import type { GoldenAdapter } from '../golden.js';

/** Placeholder until the position_advantage adapter lands: every case fails with a clear message. */
export const adapter: GoldenAdapter = () => {
  throw new Error('golden adapter for family "position_advantage" is not implemented yet');
};
