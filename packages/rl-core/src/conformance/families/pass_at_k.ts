import { passAtK } from '../../eval/pass-at-k.js';
import { decodeNumber, type GoldenAdapter } from '../golden.js';

/** pass_at_k: `{n, c, k}` → the scalar pass@k (reference edge rules, `kAboveN: 'one'`). */
export const adapter: GoldenAdapter = (c) => passAtK(decodeNumber(c.n), decodeNumber(c.c), decodeNumber(c.k), { kAboveN: 'one' });
