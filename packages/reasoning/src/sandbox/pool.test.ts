/**
 * The worker pool against hostile code: every case is contained, scores 0 within its limit, and the
 * host (this process) stays healthy with later jobs still running. Short limits keep this fast.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeTest } from '../tasks/types.js';
import { SandboxError } from './errors.js';
import { SandboxPool } from './pool.js';

const TESTS: CodeTest[] = [
  { call: 'solve(1, 2)', expected: '3' },
  { call: 'solve(2, 2)', expected: '4' },
  { call: 'solve(5, 0)', expected: '5' },
  { call: 'solve(7, 3)', expected: '10' },
];
const GOOD = 'function solve(a, b) { return a + b; }';

// Deadlines generous enough for a loaded CI machine; runaway tests pass their own short ones.
const pool = new SandboxPool({ workers: 2, timeoutMs: 2000, graceMs: 1500 });

/** Waits until both workers are up and idle, so a test does not depend on process start-up time. */
async function warmUp(): Promise<void> {
  await Promise.all([pool.run(GOOD, TESTS), pool.run(GOOD, TESTS)]);
  for (let i = 0; i < 3000 && pool.workers().filter((w) => w.state === 'idle').length < 2; i++) await new Promise((r) => setTimeout(r, 10));
  expect(pool.workers().filter((w) => w.state === 'idle')).toHaveLength(2);
}

beforeAll(warmUp);
afterAll(async () => {
  await pool.close();
});

async function expectHealthy(): Promise<void> {
  expect(await pool.run(GOOD, TESTS)).toEqual({ passed: 4, total: 4, status: 'ok' });
}

describe('SandboxPool', () => {
  it('scores a correct solution 4/4 and a partial one 2/4', async () => {
    await expectHealthy();
    const partial = await pool.run('function solve(a, b) { return a === 2 || a === 7 ? -1 : a + b; }', TESTS);
    expect(partial).toMatchObject({ passed: 2, total: 4, status: 'ok' });
  });

  it('contains an infinite loop (timeout, 0 passed) and keeps serving', async () => {
    const r = await pool.run('function solve() { while (true) {} }', TESTS);
    expect(r).toMatchObject({ passed: 0, status: 'timeout' });
    await expectHealthy();
  });

  it('contains memory bombs, including one that blocks its thread past the deadline', async () => {
    const quick = await pool.run('const a = new Array(1e8).fill(0); function solve(a, b) { return a + b; }', TESTS, { timeoutMs: 5000 });
    expect(quick).toMatchObject({ passed: 0, status: 'memory' });
    // Pushing big strings makes QuickJS thrash in GC where the interrupt cannot fire; the host's hard
    // deadline kills the worker instead.
    const blocking = await pool.run('const s = []; while (true) s.push("x".repeat(100000)); function solve() {}', TESTS);
    expect(blocking.passed).toBe(0);
    expect(['timeout', 'memory']).toContain(blocking.status);
    await expectHealthy();
  });

  it('contains deep recursion as a per-test stack overflow without killing the worker', async () => {
    const before = pool.stats().restarts;
    const r = await pool.run('function solve(a, b) { return solve(a, b) + 1; }', TESTS);
    expect(r).toMatchObject({ passed: 0, total: 4, status: 'ok' });
    expect(r.detail).toMatch(/stack overflow/);
    const top = await pool.run('(function f() { f(); })(); function solve(a, b) { return a + b; }', TESTS);
    expect(top).toMatchObject({ passed: 4, status: 'runtime_error' });
    expect(pool.stats().restarts).toBe(before);
    // Moderate legitimate recursion still works.
    const deep = await pool.run('function solve(n) { return n === 0 ? 0 : 1 + solve(n - 1); }', [{ call: 'solve(500)', expected: '500' }]);
    expect(deep.passed).toBe(1);
  });

  it('gives no way to reach process, require, import() or the host global', async () => {
    const attempts = [
      'function solve() { return process.exit(1); }',
      'function solve() { return require("fs").readFileSync("/etc/passwd", "utf8"); }',
      'function solve() { return globalThis.constructor.constructor("return process")().pid; }',
      'function solve() { return (function () { return this; })().process.env; }',
      'function solve() { return Function("return this")().require("child_process"); }',
      'let m; import("node:fs").then((x) => { m = x; }); function solve() { return m.readFileSync("/etc/passwd"); }',
      'function solve() { return this.constructor.constructor("return globalThis.process")().mainModule; }',
    ];
    const results = await Promise.all(attempts.map((src) => pool.run(src, [{ call: 'solve()', expected: '1' }])));
    for (const r of results) expect(r.passed).toBe(0);
    await expectHealthy();
  });

  it('prototype pollution inside the sandbox never reaches the host', async () => {
    const src = `Object.prototype.polluted = 'yes'; Array.prototype.map = null; JSON.parse = () => 1;
      Object.defineProperty(Object.prototype, 'then', { get() { return 1; } });
      function solve(a, b) { return a + b; }`;
    const r = await pool.run(src, TESTS);
    expect(r.passed).toBe(4);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).then).toBeUndefined();
    expect(typeof Array.prototype.map).toBe('function');
    expect(JSON.parse('[1]')).toEqual([1]);
  });

  it('caps huge outputs', async () => {
    const r = await pool.run('function solve() { return "y".repeat(5e6); }', [{ call: 'solve()', expected: '"y"' }], { timeoutMs: 5000 });
    expect(r.passed).toBe(0);
    expect(['ok', 'memory']).toContain(r.status);
    await expectHealthy();
  });

  it('reports a worker that dies mid-job as a crash and replaces it', async () => {
    const running = pool.run('function solve() { while (true) {} }', TESTS, { timeoutMs: 20_000 });
    // Wait until the job is on a worker, then kill that worker from outside.
    for (let i = 0; i < 200 && pool.stats().busy === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const busy = pool.workers().filter((w) => w.state === 'busy');
    expect(busy.length).toBe(1);
    process.kill(busy[0]!.pid, 'SIGKILL');
    const r = await running;
    expect(r).toMatchObject({ passed: 0, status: 'crash' });
    await expectHealthy();
  });

  it('one runaway never blocks the other jobs', async () => {
    await warmUp();
    const order: string[] = [];
    const runaway = pool.run('function solve() { while (true) {} }', TESTS, { timeoutMs: 3000 }).then((r) => {
      order.push('runaway');
      return r;
    });
    const normal = Array.from({ length: 6 }, (_, i) =>
      pool.run(GOOD, TESTS).then((r) => {
        order.push(`n${i}`);
        return r;
      }),
    );
    const results = await Promise.all(normal);
    for (const r of results) expect(r.passed).toBe(4);
    expect(order).not.toContain('runaway');
    expect((await runaway).status).toBe('timeout');
  });

  it('gives up with a typed error when workers cannot start', async () => {
    const broken = new SandboxPool({ workers: 1 }, { file: '/nonexistent/prorl-worker.js', execArgv: [] });
    const err = await broken.run(GOOD, TESTS).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SandboxError);
    expect((err as SandboxError).code).toBe('worker_start_failed');
    await broken.close();
  });

  it('close() rejects waiting jobs with a typed error', async () => {
    const p = new SandboxPool({ workers: 1, timeoutMs: 300 });
    const job = expect(p.run(GOOD, TESTS)).rejects.toBeInstanceOf(SandboxError);
    await p.close();
    await job;
    await expect(p.run(GOOD, TESTS)).rejects.toThrow(/closed/);
  });
});
