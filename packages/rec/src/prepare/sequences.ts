/**
 * Time-ordered item sequences per user. Ties in time keep file order (stable sort), so data without
 * timestamps keeps its given order.
 */
import type { Interaction } from '../data/types.js';

export function userSequences(interactions: readonly Interaction[]): Map<string, string[]> {
  const byUser = new Map<string, { item: string; time: number; order: number }[]>();
  interactions.forEach((x, order) => {
    let list = byUser.get(x.user);
    if (!list) byUser.set(x.user, (list = []));
    list.push({ item: x.item, time: x.time, order });
  });
  const out = new Map<string, string[]>();
  for (const [user, list] of byUser) {
    list.sort((a, b) => a.time - b.time || a.order - b.order);
    out.set(user, list.map((e) => e.item));
  }
  return out;
}
