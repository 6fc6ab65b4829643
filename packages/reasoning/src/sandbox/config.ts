/**
 * Sandbox limits: `interface` + `DEFAULT_SANDBOX_CONFIG` + `resolveSandboxConfig()`.
 *
 * The defaults follow ProRL's code reward (research/prorl-llm.md §2): every test runs, the reward is
 * the fraction passed, and a run over 5 s in total scores 0. The other limits are ours, measured on
 * quickjs-emscripten 0.32: a max stack of 256 KB turns runaway recursion into a QuickJS "stack
 * overflow" (512 KB crashed the host process; 256 KB allows ~1,300 nested JS calls); 32 MB of QuickJS
 * heap is ample for small functions.
 */
import { availableParallelism } from 'node:os';
import { SandboxError } from './errors.js';

export interface SandboxConfig {
  /** Worker processes (each runs one evaluation at a time). Default: min(4, cores). */
  workers: number;
  /** Total time budget of one evaluation (user code + all tests), ms. Paper: 5,000. */
  timeoutMs: number;
  /**
   * Extra wall-clock time, ms, after `timeoutMs` before the host kills a worker that did not answer
   * (the QuickJS interrupt handler cannot fire inside one long native operation, e.g. GC thrash).
   */
  graceMs: number;
  /** QuickJS heap limit per evaluation, bytes. */
  memoryLimitBytes: number;
  /** QuickJS max stack size, bytes. Keep <= 256 KB: larger values let recursion overflow the wasm stack. */
  maxStackBytes: number;
  /** Longest JSON text of one test result, characters; longer outputs fail that test. */
  maxOutputChars: number;
  /** Max length of the user's source, characters (longer sources fail as 'syntax_error' without running). */
  maxSourceChars: number;
  /** V8 old-space limit of each worker process, MB (the QuickJS heap lives in wasm memory on top of this). */
  workerHeapMb: number;
}

export const DEFAULT_SANDBOX_CONFIG: SandboxConfig = {
  workers: Math.max(1, Math.min(4, availableParallelism())),
  timeoutMs: 5_000,
  graceMs: 1_000,
  memoryLimitBytes: 32 * 1024 * 1024,
  maxStackBytes: 256 * 1024,
  maxOutputChars: 100_000,
  maxSourceChars: 100_000,
  workerHeapMb: 128,
};

const RULES: Record<keyof SandboxConfig, { min: number; max: number; fix: string }> = {
  workers: { min: 1, max: 64, fix: 'use 1..64 workers (about one per core)' },
  timeoutMs: { min: 1, max: 600_000, fix: 'use a time limit between 1 ms and 10 min (paper: 5000)' },
  graceMs: { min: 0, max: 60_000, fix: 'use a grace period between 0 and 60,000 ms' },
  memoryLimitBytes: { min: 1024 * 1024, max: 2 ** 31, fix: 'use between 1 MB and 2 GB' },
  maxStackBytes: { min: 16 * 1024, max: 256 * 1024, fix: 'use between 16 KB and 256 KB (larger stacks can crash the wasm engine)' },
  maxOutputChars: { min: 16, max: 1e8, fix: 'use at least 16 characters' },
  maxSourceChars: { min: 16, max: 1e8, fix: 'use at least 16 characters' },
  workerHeapMb: { min: 16, max: 16_384, fix: 'use between 16 and 16384 MB' },
};

/** Fills defaults and validates; throws a `SandboxError('invalid_config')` naming the field and the fix. */
export function resolveSandboxConfig(partial: Partial<SandboxConfig> = {}): SandboxConfig {
  const cfg: SandboxConfig = { ...DEFAULT_SANDBOX_CONFIG };
  for (const key of Object.keys(RULES) as (keyof SandboxConfig)[]) {
    const v = partial[key];
    if (v === undefined) continue;
    const rule = RULES[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < rule.min || v > rule.max) {
      throw new SandboxError('invalid_config', `sandbox.${key} = ${String(v)} is not an integer in [${rule.min}, ${rule.max}]`, rule.fix);
    }
    cfg[key] = v;
  }
  return cfg;
}
