import { afterAll, describe, expect, it } from 'vitest';
import { SandboxPool } from '../sandbox/pool.js';
import { codeBlock } from '../tasks/families/code/extract-code.js';
import { answerBlock } from '../tasks/extract.js';
import type { ScoreContext, TaskItem } from '../tasks/types.js';
import { sampleSuite } from './sample.js';
import { scoreBatch, scoreCompletion, summarizeScores } from './score.js';

const pool = new SandboxPool({ workers: 2, timeoutMs: 1000, graceMs: 500 });
const ctx: ScoreContext = { runCode: pool.runCode };
afterAll(() => pool.close());

describe('scoring', () => {
  it('scores a batch in parallel, in input order', async () => {
    const items = sampleSuite('code', { split: 'validation', n: 24, seed: 4 });
    const rows = items.map((item, i) => ({ item, completion: i % 3 === 0 ? 'no code here' : answerBlock(item.oracle) }));
    let progress = 0;
    const results = await scoreBatch(rows, ctx, { onProgress: (d) => (progress = d) });
    expect(progress).toBe(24);
    results.forEach((r, i) => expect(r.score).toBe(i % 3 === 0 ? 0 : 1));
    const s = summarizeScores(items, results);
    expect(s).toMatchObject({ n: 24, solved: 16 / 24 });
    expect(s.byFamily.code_function?.meanScore).toBeCloseTo(16 / 24, 12);
  });

  it('a runaway completion in a batch does not hold up the others and scores 0', async () => {
    const items = sampleSuite('code', { split: 'validation', n: 6, seed: 9 });
    const rows = items.map((item, i) => ({ item, completion: i === 0 ? codeBlock('function solve() { while (true) {} }') : item.oracle }));
    const results = await scoreBatch(rows, ctx);
    expect(results.map((r) => r.score)).toEqual([0, 1, 1, 1, 1, 1]);
    expect(results[0]?.reason).toBe('timeout');
  });

  it('scores 0 when the sandbox throws', async () => {
    const item: TaskItem = sampleSuite('code', { split: 'test', n: 1 })[0]!;
    const r = await scoreCompletion(item, answerBlock(item.oracle), {
      runCode: () => {
        throw new Error('kaput');
      },
    });
    expect(r).toMatchObject({ score: 0, reason: 'sandbox_error:kaput' });
  });
});
