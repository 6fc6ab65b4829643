/** Golden adapter for `gae.json` (`compute_gae_advantage_return`). Output: `{ advantages, returns }`. */
import { gaeAdvantage } from '../../advantages/gae.js';
import type { GoldenAdapter } from '../golden.js';
import { verlAdvantageInput } from './grpo.js';

export const adapter: GoldenAdapter = (c) => {
  const p = c.params ?? {};
  return gaeAdvantage(verlAdvantageInput(c), {
    gamma: p.gamma === undefined ? 1 : Number(p.gamma),
    lam: p.lam === undefined ? 1 : Number(p.lam),
  });
};
