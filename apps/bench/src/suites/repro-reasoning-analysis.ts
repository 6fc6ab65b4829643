/**
 * Evaluation results of the `repro-reasoning` suite and their analysis (pure): the result shapes, the
 * demo's JSON row per seed, the boundary cases (base pass@n = 0 in format) and the trainer's curves.
 */
import type { AblationName, EvalGroup } from './repro-reasoning-config.js';
import type { DemoFamilyRow } from '@prorl/reasoning';

/** Evaluation of one policy on one group. `curve[k-1]` = mean pass@k over items, k = 1..n. */
export interface GroupEval {
  label: string;
  items: number;
  n: number;
  pass1: number;
  curve: number[];
  formatRate: number;
  /** Items with at least one exact solve. */
  solvedItems: number;
}

/** The demo's row shape (`family` = group label): one definition, the demo's. */
export type RunFamilyRow = DemoFamilyRow;

export interface RunSummary {
  seed: number;
  k: number;
  families: RunFamilyRow[];
}

export interface CurvePoint {
  step: number;
  value: number;
}

/** Training curves from metrics.jsonl. */
export interface TrainCurves {
  valPass1: CurvePoint[];
  entropy: CurvePoint[];
  kl: CurvePoint[];
  acc: CurvePoint[];
  resets: { step: number; reason: string }[];
}

export interface SeedResult {
  seed: number;
  base: GroupEval[];
  intermediate: GroupEval[];
  final: GroupEval[];
  regimes: { label: string; regime: string; reason: string }[];
  curves: TrainCurves;
  elapsedSec: number;
}

export interface AblationResult {
  ablation: AblationName;
  seed: number;
  final: GroupEval[];
  curves: TrainCurves;
  elapsedSec: number;
}

export const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
export const std = (xs: readonly number[]): number => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};
export const at = (e: GroupEval, k: number): number => e.curve[Math.min(k, e.curve.length) - 1] ?? Number.NaN;
export const byLabel = (xs: readonly GroupEval[], label: string): GroupEval => {
  const g = xs.find((x) => x.label === label);
  if (!g) throw new Error(`repro-reasoning: no evaluation of group ${label}`);
  return g;
};

/** The demo's JSON shape of one seed (k = n, the largest k evaluated). */
export function runSummary(r: SeedResult, groups: readonly EvalGroup[]): RunSummary {
  const k = r.base[0]?.n ?? 0;
  return {
    seed: r.seed,
    k,
    families: groups.map((g) => {
      const b = byLabel(r.base, g.label);
      const f = byLabel(r.final, g.label);
      return { family: g.label, trained_on: g.rlTrained, base_pass1: b.pass1, trained_pass1: f.pass1, base_passk: at(b, k), trained_passk: at(f, k), base_format_rate: b.formatRate };
    }),
  };
}

export interface BoundaryCase {
  seed: number;
  label: string;
  k: number;
  baseFormatRate: number;
  /** Base format rate >= the threshold: a reasoning boundary, not a format failure. */
  inFormat: boolean;
  trainedPassK: number;
  trainedPass1: number;
  /** In the RL training data; a crossing on an untrained group is transfer or chance (the control). */
  trainedOn: boolean;
  crossed: boolean;
}

/**
 * Groups where the base never solves an item (pass@n = 0, n >= 16). `inFormat` marks those where it
 * nevertheless answers in the right format (rate >= minFormat): only these count as a reasoning
 * boundary; the others are listed so a format failure is visible as such.
 */
export function boundaryCases(runs: readonly RunSummary[], minFormat: number): BoundaryCase[] {
  const out: BoundaryCase[] = [];
  for (const r of runs) {
    if (r.k < 16) continue;
    for (const f of r.families) {
      if (f.base_passk === 0) {
        out.push({ seed: r.seed, label: f.family, k: r.k, baseFormatRate: f.base_format_rate, inFormat: f.base_format_rate >= minFormat, trainedPassK: f.trained_passk, trainedPass1: f.trained_pass1, trainedOn: f.trained_on, crossed: f.trained_passk > 0 });
      }
    }
  }
  return out;
}

export function parseMetricsJsonl(text: string): TrainCurves {
  const c: TrainCurves = { valPass1: [], entropy: [], kl: [], acc: [], resets: [] };
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    const step = m['step'];
    if (typeof step !== 'number') continue;
    const put = (key: string, into: CurvePoint[]) => {
      const v = m[key];
      if (typeof v === 'number' && Number.isFinite(v)) into.push({ step, value: v });
    };
    put('val/pass1', c.valPass1);
    put('actor/entropy', c.entropy);
    put('actor/kl_loss', c.kl);
    put('acc/mean', c.acc);
    const reason = m['reset/reason'];
    if (typeof reason === 'string') c.resets.push({ step, reason });
  }
  return c;
}
