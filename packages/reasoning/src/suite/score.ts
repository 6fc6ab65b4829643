/**
 * Scoring completions against items, one or many. The family is looked up by `item.family`; a code
 * family gets the default sandbox pool when the context has no `runCode`. Verifiers are promised
 * never to throw, but a defective one must not take a training run down: an exception scores 0 with
 * reason `verifier_error:...`, and scores are clamped to [0, 1].
 *
 * Batch scoring starts every item at once: verifiers without I/O finish inline, code items queue in
 * the sandbox pool, which runs as many in parallel as it has workers.
 */
import { withDefaultRunCode } from '../sandbox/default-pool.js';
import { getFamily } from '../tasks/registry.js';
import { clamp01 } from '../tasks/scoring.js';
import type { ScoreContext, ScoreResult, TaskItem } from '../tasks/types.js';

export async function scoreCompletion(item: TaskItem, completion: string, ctx?: ScoreContext): Promise<ScoreResult> {
  const family = getFamily(item.family);
  try {
    const r = await family.score(item, typeof completion === 'string' ? completion : '', withDefaultRunCode(ctx));
    return { score: clamp01(r.score), extracted: r.extracted, reason: r.reason };
  } catch (err) {
    return { score: 0, extracted: null, reason: `verifier_error:${err instanceof Error ? err.message.slice(0, 120) : String(err).slice(0, 120)}` };
  }
}

export interface ScoreBatchOptions {
  /** Called after each result with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** Scores `rows` in parallel; results are in input order. */
export async function scoreBatch(
  rows: readonly { item: TaskItem; completion: string }[],
  ctx?: ScoreContext,
  opts: ScoreBatchOptions = {},
): Promise<ScoreResult[]> {
  const full = withDefaultRunCode(ctx);
  let done = 0;
  return Promise.all(
    rows.map(async (r) => {
      const res = await scoreCompletion(r.item, r.completion, full);
      done++;
      opts.onProgress?.(done, rows.length);
      return res;
    }),
  );
}

/** Mean score and exact-solve rate of a batch, overall and per family. */
export interface ScoreSummary {
  n: number;
  meanScore: number;
  /** Fraction with score 1. */
  solved: number;
  byFamily: Record<string, { n: number; meanScore: number; solved: number }>;
}

export function summarizeScores(items: readonly Pick<TaskItem, 'family'>[], results: readonly ScoreResult[]): ScoreSummary {
  const by: Record<string, { n: number; sum: number; solved: number }> = {};
  let sum = 0;
  let solved = 0;
  results.forEach((r, i) => {
    const fam = items[i]?.family ?? 'unknown';
    const b = (by[fam] ??= { n: 0, sum: 0, solved: 0 });
    b.n++;
    b.sum += r.score;
    sum += r.score;
    if (r.score === 1) {
      b.solved++;
      solved++;
    }
  });
  const n = results.length;
  const byFamily: ScoreSummary['byFamily'] = {};
  for (const [k, b] of Object.entries(by)) byFamily[k] = { n: b.n, meanScore: b.sum / b.n, solved: b.solved / b.n };
  return { n, meanScore: n ? sum / n : 0, solved: n ? solved / n : 0, byFamily };
}
