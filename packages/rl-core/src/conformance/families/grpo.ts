import type { GoldenAdapter } from '../golden.js';

/** Placeholder until the grpo adapter lands: every case fails with a clear message. */
export const adapter: GoldenAdapter = () => {
  throw new Error('golden adapter for family "grpo" is not implemented yet');
};
