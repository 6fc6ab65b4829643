/**
 * Base-vs-trained evaluation of the demo: n samples per test item at the eval sampling settings,
 * exact-solve counts per item, and rl-core's unbiased pass@k (Chen et al.) averaged over items
 * [P §3.4]. The same seeds are used for every policy (common random numbers), so the comparison
 * is between policies, not between sampling noise draws.
 */
import { OrtRolloutEngine, type ModelConfig, type Tokenizer } from '@prorl/policy';
import { passAtK } from '@prorl/rl-core';
import type { TaskItem } from '../tasks/types.js';
import { sampleAndScore } from '../train/sample.js';

export interface DemoEvalSettings {
  /** Samples per item. Paper: 16 for pass@1, 256 for pass@k curves [P §3.4]. */
  n: number;
  /** k of the reported pass@k (<= n). */
  k: number;
  temperature: number;
  topP: number;
  maxNewTokens: number;
  seed: number;
}

export interface DemoFamilyEval {
  family: string;
  items: number;
  pass1: number;
  passk: number;
  /** Fraction of samples with an `<answer>` block. */
  formatRate: number;
  meanScore: number;
}

/** Exact-solve counts of one group: `correct[i]` of `n` samples of item i were scored 1. */
export interface GroupSolveCounts {
  label: string;
  n: number;
  correct: number[];
  /** Fraction of samples with an `<answer>` block (0 for an empty group). */
  formatRate: number;
  /** Mean score over all samples (0 for an empty group). */
  meanScore: number;
}

/**
 * Samples n completions per item of every group with the same per-sample seeds for every policy
 * (`seed`, group index, sample index), and counts exact solves per item. The caller owns `engine`.
 */
export async function sampleGroupSolves(
  engine: OrtRolloutEngine,
  tok: Tokenizer,
  itemsByGroup: ReadonlyMap<string, readonly TaskItem[]>,
  s: Omit<DemoEvalSettings, 'k'>,
): Promise<GroupSolveCounts[]> {
  const out: GroupSolveCounts[] = [];
  let gi = 0;
  for (const [label, items] of itemsByGroup) {
    gi++;
    if (items.length === 0) {
      out.push({ label, n: s.n, correct: [], formatRate: 0, meanScore: 0 });
      continue;
    }
    const seeds = Array.from({ length: items.length * s.n }, (_, i) => (s.seed * 1_000_003 + gi * 65_537 + i) >>> 0);
    const rows = await sampleAndScore(engine, tok, items, { n: s.n, temperature: s.temperature, topP: s.topP, maxNewTokens: s.maxNewTokens }, seeds);
    const correct = items.map((_, g) => rows.slice(g * s.n, (g + 1) * s.n).filter((r) => r.score.score === 1).length);
    out.push({
      label,
      n: s.n,
      correct,
      formatRate: rows.filter((r) => r.score.extracted !== null).length / rows.length,
      meanScore: rows.reduce((a, r) => a + r.score.score, 0) / rows.length,
    });
  }
  return out;
}

/** Evaluates a policy on items grouped by family. */
export async function evaluateDemoPolicy(
  model: ModelConfig,
  params: Float32Array,
  tok: Tokenizer,
  itemsByFamily: ReadonlyMap<string, readonly TaskItem[]>,
  s: DemoEvalSettings,
): Promise<DemoFamilyEval[]> {
  const engine = new OrtRolloutEngine(model, params);
  try {
    const groups = await sampleGroupSolves(engine, tok, itemsByFamily, s);
    return groups.map((g) => {
      const items = g.correct.length;
      const mean = (k: number) => (items === 0 ? 0 : g.correct.reduce((a, c) => a + passAtK(s.n, c, k), 0) / items);
      return { family: g.label, items, pass1: mean(1), passk: mean(s.k), formatRate: g.formatRate, meanScore: g.meanScore };
    });
  } finally {
    await engine.release();
  }
}
