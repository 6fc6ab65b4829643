/**
 * Adjacent-pair comparison (research/ort-training-probe.md): on a shared, drifting machine only
 * measurements taken right after each other compare fairly, so a ratio is the median over pairs
 * (ours_i / peer_i), never a ratio of medians taken in different windows.
 */
import { median } from '../timing.js';

export interface PairStats {
  /** Median over pairs of ours/peer. */
  median: number;
  min: number;
  max: number;
  n: number;
}

/** Ratios ours[i]/peer[i] over pairs where both are finite and peer > 0; null if none. */
export function pairRatios(ours: readonly number[], peer: readonly number[]): PairStats | null {
  const rs: number[] = [];
  for (let i = 0; i < Math.min(ours.length, peer.length); i++) {
    const a = ours[i]!;
    const b = peer[i]!;
    if (Number.isFinite(a) && Number.isFinite(b) && b > 0) rs.push(a / b);
  }
  if (rs.length === 0) return null;
  return { median: median(rs), min: Math.min(...rs), max: Math.max(...rs), n: rs.length };
}
