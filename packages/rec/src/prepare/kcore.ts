/**
 * Iterative k-core filtering: repeatedly drop users with fewer than `userK` interactions and items
 * with fewer than `itemK`, until both hold (the paper: 20 / 40 for ML-1M and Steam).
 */
import type { Interaction } from '../data/types.js';

export function kCore(interactions: readonly Interaction[], userK: number, itemK: number): Interaction[] {
  let cur = interactions.slice();
  for (;;) {
    const uc = new Map<string, number>();
    const ic = new Map<string, number>();
    for (const x of cur) {
      uc.set(x.user, (uc.get(x.user) ?? 0) + 1);
      ic.set(x.item, (ic.get(x.item) ?? 0) + 1);
    }
    const next = cur.filter((x) => uc.get(x.user)! >= userK && ic.get(x.item)! >= itemK);
    if (next.length === cur.length) return next;
    cur = next;
  }
}
