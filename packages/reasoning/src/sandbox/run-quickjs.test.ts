/**
 * In-process tests of one evaluation with benign or quickly-interrupted code. The dangerous cases
 * (memory bombs, deep recursion, crashes) run through the worker pool in `pool.test.ts`.
 */
import { getQuickJS, type QuickJSWASMModule } from 'quickjs-emscripten';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CodeTest } from '../tasks/types.js';
import { DEFAULT_SANDBOX_CONFIG } from './config.js';
import { runInQuickJS, type SandboxJob } from './run-quickjs.js';

let qjs: QuickJSWASMModule;
beforeAll(async () => {
  qjs = await getQuickJS();
});

const ADD_TESTS: CodeTest[] = [
  { call: 'solve(1, 2)', expected: '3' },
  { call: 'solve(-5, 5)', expected: '0' },
  { call: 'solve(10, 20)', expected: '30' },
  { call: 'solve(0, 0)', expected: '0' },
];

// Generous default deadline: CI machines are shared and a benign job must not time out there.
function job(source: string, tests: CodeTest[] = ADD_TESTS, timeoutMs = 3000): SandboxJob {
  const { memoryLimitBytes, maxStackBytes, maxOutputChars, maxSourceChars } = DEFAULT_SANDBOX_CONFIG;
  return { source, tests, timeoutMs, memoryLimitBytes, maxStackBytes, maxOutputChars, maxSourceChars };
}

describe('runInQuickJS', () => {
  it('passes every test of a correct solution', () => {
    expect(runInQuickJS(qjs, job('function solve(a, b) { return a + b; }'))).toEqual({ passed: 4, total: 4, status: 'ok' });
    expect(runInQuickJS(qjs, job('const solve = (a, b) => b + a;')).passed).toBe(4);
  });

  it('counts partial passes and runs every test after a failure', () => {
    // Wrong whenever a is 1 or 10: fails tests 1 and 3, passes 2 and 4.
    const r = runInQuickJS(qjs, job('function solve(a, b) { if (a === 1 || a === 10) return 0; return a + b; }'));
    expect(r.passed).toBe(2);
    expect(r.status).toBe('ok');
    expect(r.detail).toMatch(/solve\(1, 2\): expected 3, got 0/);
  });

  it('an exception inside one test fails only that test', () => {
    const r = runInQuickJS(qjs, job('function solve(a, b) { if (a < 0) throw new Error("neg"); return a + b; }'));
    expect(r).toMatchObject({ passed: 3, total: 4, status: 'ok' });
    expect(r.detail).toMatch(/threw Error: neg/);
  });

  it('reports a syntax error without running anything', () => {
    const r = runInQuickJS(qjs, job('function solve(a, b) { return a + ; }'));
    expect(r).toMatchObject({ passed: 0, total: 4, status: 'syntax_error' });
    expect(r.detail).toMatch(/SyntaxError/);
  });

  it('a runtime error at top level still runs the tests against hoisted functions', () => {
    const r = runInQuickJS(qjs, job('function solve(a, b) { return a + b; }\nundefinedThing();'));
    expect(r).toMatchObject({ passed: 4, status: 'runtime_error' });
    expect(r.detail).toMatch(/top level: ReferenceError/);
  });

  it('stops an infinite loop at the deadline, even inside try/catch', () => {
    const t0 = Date.now();
    const r = runInQuickJS(qjs, job('function solve(a, b) { for (;;) { try { while (true) {} } catch (e) {} } }', ADD_TESTS, 200));
    expect(r).toMatchObject({ passed: 0, status: 'timeout' });
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('the time limit is for the whole run, not per test', () => {
    // Each call busy-waits ~120 ms: 4 calls exceed a 300 ms total budget.
    const src = 'function solve(a, b) { const t = Date.now(); while (Date.now() - t < 120) {} return a + b; }';
    expect(runInQuickJS(qjs, job(src, ADD_TESTS, 300)).status).toBe('timeout');
  });

  it('exposes no host objects', () => {
    const tests: CodeTest[] = [
      { call: 'typeof process', expected: '"undefined"' },
      { call: 'typeof require', expected: '"undefined"' },
      { call: 'typeof std + typeof os + typeof fetch + typeof XMLHttpRequest', expected: '"undefinedundefinedundefinedundefined"' },
      { call: 'typeof globalThis.process', expected: '"undefined"' },
      { call: '(function(){ return typeof this.process; })()', expected: '"undefined"' },
      { call: 'typeof Function("return this")().require', expected: '"undefined"' },
      { call: 'Object.keys(globalThis).filter((k) => k !== "console").length', expected: '0' },
    ];
    expect(runInQuickJS(qjs, job('', tests))).toMatchObject({ passed: tests.length, status: 'ok' });
  });

  it('dynamic import() cannot load anything', () => {
    const src = 'let r = "pending"; import("fs").then(() => { r = "loaded"; }, () => { r = "rejected"; }); function solve() { return r; }';
    const r = runInQuickJS(qjs, job(src, [{ call: 'solve()', expected: '"loaded"' }]));
    expect(r.passed).toBe(0);
  });

  it('user code cannot hijack the result serializer or the comparison', () => {
    const src = `
      JSON.stringify = () => '3';
      const __prorl = 1;
      Object.prototype.toJSON = undefined;
      function solve(a, b) { return a - b; }`;
    const r = runInQuickJS(qjs, job(src));
    expect(r.passed).toBe(1); // only solve(0, 0) = 0 is right
  });

  it('console exists and discards output', () => {
    expect(runInQuickJS(qjs, job('console.log("hi"); function solve(a, b) { console.log(a); return a + b; }'))).toMatchObject({ passed: 4, status: 'ok' });
  });

  it('caps huge outputs: the test fails instead of copying megabytes to the host', () => {
    const small = { ...job('function solve() { return "x".repeat(200000); }', [{ call: 'solve()', expected: '"x"' }]) };
    const r = runInQuickJS(qjs, small);
    expect(r.passed).toBe(0);
    expect(r.detail).toMatch(/an output over 100000 characters/);
  });

  it('undefined and unserializable results fail', () => {
    const tests: CodeTest[] = [
      { call: 'solve(1)', expected: 'null' },
      { call: 'solve(2)', expected: '1' },
    ];
    const r = runInQuickJS(qjs, job('function solve(x) { if (x === 1) return undefined; return BigInt(1); }', tests));
    expect(r.passed).toBe(0);
  });

  it('rejects oversized sources without running them', () => {
    const r = runInQuickJS(qjs, { ...job('x'.repeat(100)), maxSourceChars: 50 });
    expect(r.status).toBe('syntax_error');
  });
});
