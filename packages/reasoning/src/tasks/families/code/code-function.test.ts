import { Rng } from '@prorl/rl-core';
import { afterAll, describe, expect, it } from 'vitest';
import { SandboxPool } from '../../../sandbox/pool.js';
import { answerBlock } from '../../extract.js';
import type { ScoreContext, TaskItem } from '../../types.js';
import { codeFunction, type CodeFunctionMeta } from './code-function.js';
import { codeBlock } from './extract-code.js';
import { CODE_PROBLEMS } from './problems.js';

const pool = new SandboxPool({ workers: 1, timeoutMs: 2000, graceMs: 500 });
const ctx: ScoreContext = { runCode: pool.runCode };
afterAll(() => pool.close());

function gen(level: number, seed: number): TaskItem {
  return codeFunction.generate(level, seed, new Rng(seed * 7919 + level));
}

describe('code_function', () => {
  it('is deterministic per (level, seed) and has distinct tests', () => {
    for (const level of codeFunction.levels) {
      for (let seed = 0; seed < 20; seed++) {
        const a = gen(level, seed);
        expect(gen(level, seed)).toEqual(a);
        expect(a.id).toBe(`code_function/L${level}/${seed}`);
        const meta = a.meta as unknown as CodeFunctionMeta;
        expect(meta.tests.length).toBeGreaterThanOrEqual(3);
        expect(new Set(meta.tests.map((t) => t.call)).size).toBe(meta.tests.length);
        expect(a.prompt).toContain(meta.signature);
        expect(JSON.parse(JSON.stringify(a))).toEqual(a);
      }
    }
  });

  it('level 1 prompts are short', () => {
    for (let seed = 0; seed < 10; seed++) expect(gen(1, seed).prompt.length).toBeLessThan(300);
  });

  it('rejects an unknown level', () => {
    expect(() => gen(9, 0)).toThrow(/level must be one of 1, 2, 3, 4, 5/);
  });

  it('every problem: the JS reference agrees with the TS reference on its tests (sandbox)', async () => {
    const jobs: Promise<void>[] = [];
    for (const problem of CODE_PROBLEMS) {
      for (let seed = 0; seed < 4; seed++) {
        const rng = new Rng(seed + 100);
        const params = problem.params(rng);
        const tests = Array.from({ length: 12 }, () => {
          const args = problem.input(rng, params);
          return { call: `solve(${args.map((x) => JSON.stringify(x)).join(', ')})`, expected: JSON.stringify(problem.ref(params, ...args)) };
        });
        jobs.push(
          pool.run(problem.source(params), tests).then((r) => {
            expect({ key: problem.key, ...r }).toEqual({ key: problem.key, passed: tests.length, total: tests.length, status: 'ok' });
          }),
        );
      }
    }
    await Promise.all(jobs);
    expect(new Set(CODE_PROBLEMS.map((p) => p.level))).toEqual(new Set([1, 2, 3, 4, 5]));
  });

  it('the oracle and the worked solution score 1 at every level', async () => {
    const checks: Promise<void>[] = [];
    for (const level of codeFunction.levels) {
      for (let seed = 0; seed < 6; seed++) {
        const item = gen(level, seed);
        checks.push(
          Promise.resolve(codeFunction.score(item, answerBlock(item.oracle), ctx)).then((r) => expect(r).toMatchObject({ score: 1, reason: 'exact' })),
          Promise.resolve(codeFunction.score(item, codeFunction.solve(item), ctx)).then((r) => expect(r.score).toBe(1)),
        );
      }
    }
    await Promise.all(checks);
  });

  it('partial, wrong, syntax error, timeout and missing code', async () => {
    const item = gen(1, 3);
    const meta = item.meta as unknown as CodeFunctionMeta;
    const n = meta.tests.length;
    // Answers the first test only: the expected value of test 0 as a constant.
    const constant = codeBlock(`function solve() { return ${meta.tests[0]!.expected}; }`);
    const partial = await codeFunction.score(item, constant, ctx);
    const agree = meta.tests.filter((t) => t.expected === meta.tests[0]!.expected).length;
    expect(partial.score).toBeCloseTo(agree / n, 12);

    expect(await codeFunction.score(item, codeBlock('function solve( {'), ctx)).toMatchObject({ score: 0, reason: 'syntax_error' });
    expect(await codeFunction.score(item, codeBlock('function solve() { for (;;) {} }'), { runCode: (s, t) => pool.run(s, t, { timeoutMs: 200 }) })).toMatchObject({
      score: 0,
      reason: 'timeout',
    });
    expect(await codeFunction.score(item, 'function solve(a, b) { return a + b; }', ctx)).toMatchObject({ score: 0, extracted: null, reason: 'no_code' });
    expect(await codeFunction.score(item, '', ctx)).toMatchObject({ score: 0 });
  });

  it('scores 0 (never throws) when the sandbox fails', async () => {
    const item = gen(2, 1);
    const broken: ScoreContext = { runCode: () => Promise.reject(new Error('boom')) };
    expect(await codeFunction.score(item, item.oracle, broken)).toMatchObject({ score: 0, reason: 'sandbox_error:boom' });
  });
});
