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

/** Evaluates a policy on items grouped by family. */
export async function evaluateDemoPolicy(
  model: ModelConfig,
  params: Float32Array,
  tok: Tokenizer,
  itemsByFamily: ReadonlyMap<string, readonly TaskItem[]>,
  s: DemoEvalSettings,
): Promise<DemoFamilyEval[]> {
  const engine = new OrtRolloutEngine(model, params);
  const out: DemoFamilyEval[] = [];
  try {
    let f = 0;
    for (const [family, items] of itemsByFamily) {
      f++;
      if (items.length === 0) {
        out.push({ family, items: 0, pass1: 0, passk: 0, formatRate: 0, meanScore: 0 });
        continue;
      }
      const seeds = Array.from({ length: items.length * s.n }, (_, i) => (s.seed * 1_000_003 + f * 65_537 + i) >>> 0);
      const rows = await sampleAndScore(engine, tok, items, { n: s.n, temperature: s.temperature, topP: s.topP, maxNewTokens: s.maxNewTokens }, seeds);
      let p1 = 0;
      let pk = 0;
      for (let g = 0; g < items.length; g++) {
        const c = rows.slice(g * s.n, (g + 1) * s.n).filter((r) => r.score.score === 1).length;
        p1 += passAtK(s.n, c, 1);
        pk += passAtK(s.n, c, s.k);
      }
      out.push({
        family,
        items: items.length,
        pass1: p1 / items.length,
        passk: pk / items.length,
        formatRate: rows.filter((r) => r.score.extracted !== null).length / rows.length,
        meanScore: rows.reduce((a, r) => a + r.score.score, 0) / rows.length,
      });
    }
  } finally {
    await engine.release();
  }
  return out;
}
