/**
 * The process-wide default sandbox pool, created on first use with `DEFAULT_SANDBOX_CONFIG`. Code
 * families score through it when the caller's `ScoreContext` has no `runCode`. Its workers never keep
 * the process alive while idle; `closeDefaultSandboxPool()` stops them explicitly.
 */
import type { CodeRunResult, CodeTest, ScoreContext } from '../tasks/types.js';
import { SandboxPool, type RunCodeOptions } from './pool.js';

let shared: SandboxPool | undefined;

export function getDefaultSandboxPool(): SandboxPool {
  shared ??= new SandboxPool();
  return shared;
}

/** `ScoreContext.runCode` backed by the default pool. */
export function defaultRunCode(source: string, tests: CodeTest[], opts?: RunCodeOptions): Promise<CodeRunResult> {
  return getDefaultSandboxPool().run(source, tests, opts);
}

/** The caller's context with `runCode` filled in from the default pool when it is missing. */
export function withDefaultRunCode(ctx: ScoreContext = {}): ScoreContext {
  return ctx.runCode ? ctx : { ...ctx, runCode: defaultRunCode };
}

export async function closeDefaultSandboxPool(): Promise<void> {
  const p = shared;
  shared = undefined;
  await p?.close();
}
