/**
 * Aggregates scored samples into the evaluation metrics of ProRL [P §3.4]:
 *  - pass@1 = mean reward over all samples (continuous rewards kept as they are);
 *  - format rate = share of completions with a well-formed `<answer>` block;
 *  - unbiased pass@k for k = 1..n on thresholded rewards (correct ⇔ reward >= threshold, 1 by default),
 *    averaged over items (rl-core's `meanPassAtKCurve`);
 *  - the boundary regime of a group from base / intermediate / final curves (rl-core's `classifyRegime`).
 *
 * Shapes: I items per group, each with exactly n samples (`rewards[i]` `[n]`).
 */
import { classifyRegime, countCorrect, meanPassAtKCurve, type BoundaryRegime, type RegimeResult, type RegimeThresholds } from '@prorl/rl-core';
import type { SlimSample } from './samples-log.js';

export interface GroupMetrics {
  /** I, items in the group. */
  items: number;
  /** I·n. */
  samples: number;
  /** Mean reward over all samples. */
  pass1: number;
  /** Share of samples scoring >= threshold (the thresholded pass@1). */
  solvedRate: number;
  /** Share of samples with a well-formed `<answer>` block. */
  formatRate: number;
  /** Share of samples cut at max_tokens (finish reason 'length'). */
  truncatedRate: number;
  /** pass@k at the requested ks (k <= n), keyed by k. */
  passAtK: Record<string, number>;
  /** `[n]` element k−1 = mean unbiased pass@k. */
  curve: number[];
}

/** One item's samples, in sample order. */
export interface ItemSamples {
  item: string;
  family: string;
  domain: string;
  records: readonly SlimSample[];
}

/** Metrics of a group of items (each with the same n samples). */
export function groupMetrics(items: readonly ItemSamples[], kList: readonly number[], threshold = 1): GroupMetrics {
  let samples = 0;
  let sum = 0;
  let solved = 0;
  let format = 0;
  let truncated = 0;
  const counts = items.map((it) => {
    const rewards = it.records.map((r) => r.score);
    for (const r of it.records) {
      samples++;
      sum += r.score;
      if (r.score >= threshold) solved++;
      if (r.format) format++;
      if (r.finishReason === 'length') truncated++;
    }
    return countCorrect(rewards, threshold);
  });
  const curve = Array.from(meanPassAtKCurve(counts));
  const passAtK: Record<string, number> = {};
  for (const k of kList) if (k >= 1 && k <= curve.length) passAtK[String(k)] = curve[k - 1]!;
  return {
    items: items.length,
    samples,
    pass1: samples ? sum / samples : 0,
    solvedRate: samples ? solved / samples : 0,
    formatRate: samples ? format / samples : 0,
    truncatedRate: samples ? truncated / samples : 0,
    passAtK,
    curve,
  };
}

export interface EngineMetrics {
  overall: GroupMetrics;
  /** Keyed by family name; `domain` is the family's domain. */
  families: Record<string, GroupMetrics & { domain: string }>;
  domains: Record<string, GroupMetrics>;
}

/** Groups one engine's items by family and by domain and computes every group's metrics. */
export function engineMetrics(items: readonly ItemSamples[], kList: readonly number[], threshold = 1): EngineMetrics {
  const byFamily = new Map<string, ItemSamples[]>();
  const byDomain = new Map<string, ItemSamples[]>();
  for (const it of items) {
    (byFamily.get(it.family) ?? byFamily.set(it.family, []).get(it.family)!).push(it);
    (byDomain.get(it.domain) ?? byDomain.set(it.domain, []).get(it.domain)!).push(it);
  }
  const families: EngineMetrics['families'] = {};
  for (const [f, its] of byFamily) families[f] = { domain: its[0]!.domain, ...groupMetrics(its, kList, threshold) };
  const domains: EngineMetrics['domains'] = {};
  for (const [d, its] of byDomain) domains[d] = groupMetrics(its, kList, threshold);
  return { overall: groupMetrics(items, kList, threshold), families, domains };
}

/** Which engine labels play base / intermediate / final in the regime classification. */
export interface RegimeLabels {
  base: string;
  intermediate: string;
  final: string;
}

export type RegimeEntry = RegimeResult | { regime: null; reason: string };

/** Regime of one group from its three curves; a classification error becomes `{ regime: null, reason }`. */
export function regimeOf(base: readonly number[], intermediate: readonly number[], final: readonly number[], thresholds: Partial<RegimeThresholds> = {}): RegimeEntry {
  try {
    return classifyRegime({ base, intermediate, final }, thresholds);
  } catch (err) {
    return { regime: null, reason: err instanceof Error ? err.message : String(err) };
  }
}

/** Regimes of every family and domain present for all three labels. */
export function regimes(
  byEngine: Record<string, EngineMetrics>,
  labels: RegimeLabels,
  thresholds: Partial<RegimeThresholds> = {},
): { labels: RegimeLabels; families: Record<string, RegimeEntry>; domains: Record<string, RegimeEntry>; overall: RegimeEntry } {
  const b = byEngine[labels.base]!;
  const m = byEngine[labels.intermediate]!;
  const f = byEngine[labels.final]!;
  const families: Record<string, RegimeEntry> = {};
  for (const fam of Object.keys(b.families)) {
    const [x, y, z] = [b.families[fam], m.families[fam], f.families[fam]];
    if (x && y && z) families[fam] = regimeOf(x.curve, y.curve, z.curve, thresholds);
  }
  const domains: Record<string, RegimeEntry> = {};
  for (const d of Object.keys(b.domains)) {
    const [x, y, z] = [b.domains[d], m.domains[d], f.domains[d]];
    if (x && y && z) domains[d] = regimeOf(x.curve, y.curve, z.curve, thresholds);
  }
  return { labels, families, domains, overall: regimeOf(b.overall.curve, m.overall.curve, f.overall.curve, thresholds) };
}

export type { BoundaryRegime };
