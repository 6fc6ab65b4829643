/**
 * One evaluation inside QuickJS (wasm): the untrusted source, then every test, in a fresh runtime with
 * a heap limit, a small max stack and an interrupt-based deadline. The context has only the ECMAScript
 * built-ins (no `std`/`os` modules, no module loader, no host functions), plus a no-op `console`
 * defined in JS inside the VM. This function runs inside a worker process (`worker.ts`): a memory bomb
 * can block it for seconds and a native crash would kill it, so the host never calls it on its own
 * thread except from tests with benign code.
 *
 * Rules (ProRL's code reward): all tests run, even after failures; the result counts the tests passed.
 * A syntax error, running out of time (total, across all tests) or out of memory ends the run with
 * that status (the caller then scores 0). An exception at the top level of the source gives status
 * 'runtime_error' but the tests still run (function declarations are hoisted); an exception inside a
 * test (including QuickJS's "stack overflow") fails that test only.
 */
import type { QuickJSContext, QuickJSHandle, QuickJSWASMModule } from 'quickjs-emscripten';
import type { CodeRunResult, CodeTest } from '../tasks/types.js';
import { jsonEqual, tryParseJson } from './json-equal.js';

/** Everything a worker needs for one evaluation (plain data: crosses the IPC channel). */
export interface SandboxJob {
  source: string;
  tests: CodeTest[];
  timeoutMs: number;
  memoryLimitBytes: number;
  maxStackBytes: number;
  maxOutputChars: number;
  maxSourceChars: number;
}

const DETAIL_CHARS = 300;

/** Marks for non-JSON results; they start with '#', so no JSON text equals them (and no NUL, which C strings drop). */
const MARK_UNDEFINED = '#undefined';
const MARK_TOO_LARGE = '#too_large';
const MARK_UNSERIALIZABLE = '#unserializable';

/**
 * Runs before the user's code. Captures the original JSON.stringify in a closure and returns the
 * serializer the host calls through a handle, so user code can neither replace nor shadow it.
 */
function prelude(maxOutputChars: number): string {
  return `(() => {
  const stringify = JSON.stringify;
  const noop = () => undefined;
  globalThis.console = { log: noop, info: noop, warn: noop, error: noop, debug: noop, trace: noop };
  return (v) => {
    let s;
    try { s = stringify(v); } catch (e) { return ${JSON.stringify(MARK_UNSERIALIZABLE)}; }
    if (typeof s !== 'string') return ${JSON.stringify(MARK_UNDEFINED)};
    return s.length > ${maxOutputChars} ? ${JSON.stringify(MARK_TOO_LARGE)} : s;
  };
})()`;
}

type ErrorKind = 'timeout' | 'memory' | 'other';

function describeError(ctx: QuickJSContext, handle: QuickJSHandle): { kind: ErrorKind; text: string } {
  let text = 'error';
  try {
    const dumped: unknown = ctx.dump(handle);
    if (dumped && typeof dumped === 'object') {
      const o = dumped as { name?: unknown; message?: unknown };
      text = `${String(o.name ?? 'Error')}: ${String(o.message ?? '')}`;
    } else {
      text = `thrown: ${String(dumped)}`;
    }
  } catch {
    text = 'unprintable error';
  }
  text = text.slice(0, DETAIL_CHARS);
  if (/^InternalError: interrupted/.test(text)) return { kind: 'timeout', text };
  if (/out of memory/.test(text)) return { kind: 'memory', text };
  return { kind: 'other', text };
}

/** Runs one job in a fresh QuickJS runtime. Never throws for anything the untrusted code does. */
export function runInQuickJS(qjs: QuickJSWASMModule, job: SandboxJob): CodeRunResult {
  const total = job.tests.length;
  if (job.source.length > job.maxSourceChars) {
    return { passed: 0, total, status: 'syntax_error', detail: `source longer than ${job.maxSourceChars} characters` };
  }
  const deadline = performance.now() + job.timeoutMs;
  let timedOut = false;
  const runtime = qjs.newRuntime({
    memoryLimitBytes: job.memoryLimitBytes,
    maxStackSizeBytes: job.maxStackBytes,
    interruptHandler: () => {
      if (performance.now() > deadline) timedOut = true;
      return timedOut;
    },
  });
  const ctx = runtime.newContext();
  let serializer: QuickJSHandle | undefined;
  try {
    const pre = ctx.evalCode(prelude(job.maxOutputChars), 'prelude.js');
    if (pre.error) {
      const e = describeError(ctx, pre.error);
      pre.error.dispose();
      return { passed: 0, total, status: 'crash', detail: `sandbox prelude failed: ${e.text}` };
    }
    serializer = pre.value;

    const compiled = ctx.evalCode(job.source, 'solution.js', { compileOnly: true });
    if (compiled.error) {
      const e = describeError(ctx, compiled.error);
      compiled.error.dispose();
      return { passed: 0, total, status: e.kind === 'memory' ? 'memory' : 'syntax_error', detail: e.text };
    }
    compiled.value.dispose();

    let topLevelError: string | undefined;
    const main = ctx.evalCode(job.source, 'solution.js');
    if (main.error) {
      const e = describeError(ctx, main.error);
      main.error.dispose();
      if (e.kind === 'timeout' || timedOut) return { passed: 0, total, status: 'timeout', detail: `time limit ${job.timeoutMs} ms exceeded at top level` };
      if (e.kind === 'memory') return { passed: 0, total, status: 'memory', detail: e.text };
      topLevelError = `top level: ${e.text}`;
    } else {
      main.value.dispose();
    }

    let passed = 0;
    let firstFailure: string | undefined;
    for (const test of job.tests) {
      const r = ctx.evalCode(test.call, 'test.js');
      let got: string;
      if (r.error) {
        const e = describeError(ctx, r.error);
        r.error.dispose();
        if (e.kind === 'timeout' || timedOut) return { passed: 0, total, status: 'timeout', detail: `time limit ${job.timeoutMs} ms exceeded in ${test.call.slice(0, 80)}` };
        if (e.kind === 'memory') return { passed: 0, total, status: 'memory', detail: e.text };
        firstFailure ??= `${test.call.slice(0, 80)} threw ${e.text}`;
        continue;
      }
      const s = ctx.callFunction(serializer, ctx.undefined, r.value);
      r.value.dispose();
      if (s.error) {
        const e = describeError(ctx, s.error);
        s.error.dispose();
        if (e.kind === 'timeout' || timedOut) return { passed: 0, total, status: 'timeout', detail: `time limit ${job.timeoutMs} ms exceeded` };
        if (e.kind === 'memory') return { passed: 0, total, status: 'memory', detail: e.text };
        firstFailure ??= `${test.call.slice(0, 80)}: result not serializable`;
        continue;
      }
      got = ctx.typeof(s.value) === 'string' ? ctx.getString(s.value) : MARK_UNSERIALIZABLE;
      s.value.dispose();
      const actual = got.startsWith('#') ? undefined : tryParseJson(got);
      const expected = tryParseJson(test.expected);
      if (actual && expected && jsonEqual(actual.value, expected.value)) {
        passed++;
      } else if (firstFailure === undefined) {
        const shown = got === MARK_TOO_LARGE ? `an output over ${job.maxOutputChars} characters` : got;
        firstFailure = `${test.call.slice(0, 80)}: expected ${test.expected.slice(0, 80)}, got ${shown.slice(0, 80)}`;
      }
    }
    if (timedOut) return { passed: 0, total, status: 'timeout', detail: `time limit ${job.timeoutMs} ms exceeded` };
    const detail = [topLevelError, firstFailure].filter((x) => x !== undefined).join('; ');
    return { passed, total, status: topLevelError ? 'runtime_error' : 'ok', ...(detail ? { detail: detail.slice(0, DETAIL_CHARS) } : {}) };
  } catch (err) {
    return { passed: 0, total, status: 'crash', detail: `sandbox failure: ${String(err).slice(0, DETAIL_CHARS)}` };
  } finally {
    try {
      serializer?.dispose();
      ctx.dispose();
      runtime.dispose();
    } catch {
      // A runtime that ran out of memory may fail to tear down cleanly; the worker keeps going with a new one.
    }
  }
}
