/**
 * The JSON summary of a `runEval` run, built from the sample logs (the source of truth, so a resumed
 * run summarises the samples of every session).
 */
import type { RegimeThresholds } from '@prorl/rl-core';
import { EvalError } from './errors.js';
import { engineMetrics, regimes, type EngineMetrics, type ItemSamples, type RegimeEntry, type RegimeLabels } from './metrics.js';
import type { SlimSample } from './samples-log.js';

/** The sampling settings recorded in `run.json`; a resume must use the same ones. */
export interface SamplingSettings {
  temperature: number;
  topP: number;
  maxTokens: number;
  stop: string[];
  seed: number;
  /** Template applied to item prompts (`{prompt}` placeholder). */
  promptTemplate: string;
}

export interface EvalSummary {
  version: 1;
  createdAt: string;
  settings: SamplingSettings & { n: number; threshold: number };
  engines: Array<{ label: string; name: string }>;
  /** The ks reported in `passAtK` (each <= n). */
  kList: number[];
  /** The k of the Markdown table's pass@k column. */
  tableK: number;
  /** Item ids, in evaluation order. */
  items: number;
  byEngine: Record<string, EngineMetrics>;
  regimes?: {
    labels: RegimeLabels;
    families: Record<string, RegimeEntry>;
    domains: Record<string, RegimeEntry>;
    overall: RegimeEntry;
  };
}

/**
 * Groups the records of each engine by item (first n samples, in sample order) and computes metrics.
 * Throws `EvalError('invalid_request')` if an item has fewer than n samples (an unfinished run).
 */
export function buildSummary(args: {
  records: Record<string, readonly SlimSample[]>;
  engines: Array<{ label: string; name: string }>;
  itemIds: readonly string[];
  n: number;
  settings: SamplingSettings;
  threshold: number;
  kList: number[];
  tableK: number;
  regimeLabels?: RegimeLabels;
  regimeThresholds?: Partial<RegimeThresholds>;
  now?: Date;
}): EvalSummary {
  const byEngine: Record<string, EngineMetrics> = {};
  for (const { label } of args.engines) {
    const perItem = new Map<string, SlimSample[]>();
    for (const id of args.itemIds) perItem.set(id, []);
    for (const r of args.records[label] ?? []) {
      if (r.sample < args.n) perItem.get(r.item)?.push(r);
    }
    const items: ItemSamples[] = [];
    for (const id of args.itemIds) {
      const recs = perItem.get(id)!.sort((a, b) => a.sample - b.sample);
      if (recs.length !== args.n) {
        throw new EvalError('invalid_request', `engine '${label}', item '${id}'`, `has ${recs.length} of ${args.n} samples`, 'finish the run (re-run with resume: true) before summarising');
      }
      items.push({ item: id, family: recs[0]!.family, domain: recs[0]!.domain, records: recs });
    }
    byEngine[label] = engineMetrics(items, args.kList, args.threshold);
  }
  const summary: EvalSummary = {
    version: 1,
    createdAt: (args.now ?? new Date()).toISOString(),
    settings: { ...args.settings, n: args.n, threshold: args.threshold },
    engines: args.engines,
    kList: args.kList,
    tableK: args.tableK,
    items: args.itemIds.length,
    byEngine,
  };
  if (args.regimeLabels) summary.regimes = regimes(byEngine, args.regimeLabels, args.regimeThresholds);
  return summary;
}
