/**
 * Bench hook: verifier throughput. Scores oracle answers of a suite sample for about `seconds/2`
 * (every family, code included) and then code items only for about `seconds/2`, and reports the
 * rates. The benchmark app calls this; tests do not assert on its numbers.
 */
import { SandboxPool } from '../sandbox/pool.js';
import { answerBlock } from '../tasks/extract.js';
import type { ScoreContext } from '../tasks/types.js';
import { sampleSuite } from './sample.js';
import { scoreBatch } from './score.js';
import type { SuiteSpec } from './suite-spec.js';

export interface ThroughputOptions {
  /** Total measuring time, seconds (default 4; split between the two phases). */
  seconds?: number;
  /** Suite to sample (default 'full'). */
  suite?: SuiteSpec | string;
  /** Items per batch (default 256). */
  batch?: number;
  /** Sandbox workers (default: the sandbox default). A private pool is used and closed. */
  workers?: number;
}

export interface ThroughputReport {
  /** Oracle answers verified per second over the whole suite mix. */
  suiteVerificationsPerSec: number;
  suiteVerifications: number;
  /** Code-task evaluations (sandbox runs) per second. */
  codeEvaluationsPerSec: number;
  codeEvaluations: number;
  sandboxWorkers: number;
  seconds: number;
}

async function timed(rows: { item: import('../tasks/types.js').TaskItem; completion: string }[], ctx: ScoreContext, budgetMs: number): Promise<{ count: number; ms: number }> {
  if (rows.length === 0) return { count: 0, ms: 0 };
  const t0 = performance.now();
  let count = 0;
  do {
    await scoreBatch(rows, ctx);
    count += rows.length;
  } while (performance.now() - t0 < budgetMs);
  return { count, ms: performance.now() - t0 };
}

export async function measureVerifierThroughput(opts: ThroughputOptions = {}): Promise<ThroughputReport> {
  const seconds = opts.seconds ?? 4;
  const batch = opts.batch ?? 256;
  const pool = new SandboxPool(opts.workers ? { workers: opts.workers } : {});
  try {
    const ctx: ScoreContext = { runCode: pool.runCode };
    const items = sampleSuite(opts.suite ?? 'full', { split: 'test', n: batch, seed: 1 });
    const rows = items.map((item) => ({ item, completion: answerBlock(item.oracle) }));
    const code = sampleSuite('code', { split: 'test', n: batch, seed: 1 }).map((item) => ({ item, completion: answerBlock(item.oracle) }));
    // Warm up: start the sandbox workers outside the measured time.
    await scoreBatch(code.slice(0, pool.config.workers * 2), ctx);
    const suite = await timed(rows, ctx, (seconds * 1000) / 2);
    const codeRun = await timed(code, ctx, (seconds * 1000) / 2);
    return {
      suiteVerificationsPerSec: suite.ms > 0 ? (suite.count * 1000) / suite.ms : 0,
      suiteVerifications: suite.count,
      codeEvaluationsPerSec: codeRun.ms > 0 ? (codeRun.count * 1000) / codeRun.ms : 0,
      codeEvaluations: codeRun.count,
      sandboxWorkers: pool.config.workers,
      seconds: (suite.ms + codeRun.ms) / 1000,
    };
  } finally {
    await pool.close();
  }
}
