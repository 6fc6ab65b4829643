/**
 * Exit codes and error printing for prorl-reason.
 *  0 success; 1 a check found failures (or an unexpected internal error); 2 bad input (missing or
 *  malformed file, unknown family/suite/level, invalid option).
 */
import { ProRLError, RemoteEngineError, RlCoreError, SandboxError, SuiteError } from '@prorl/reasoning';

export class CliInputError extends Error {
  override readonly name = 'CliInputError';
  constructor(readonly input: string, problem: string, fix: string) {
    super(`${input}: ${problem}. Fix: ${fix}`);
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

/** True for errors caused by what the user passed (exit code 2). */
export function isInputError(err: unknown): boolean {
  if (err instanceof CliInputError || err instanceof SuiteError || err instanceof RlCoreError) return true;
  if (err instanceof SandboxError) return err.code === 'invalid_config';
  // Config values / combinations, missing or mismatched checkpoints (not 'no_data', a run-time outcome).
  if (err instanceof ProRLError) return err.code !== 'no_data';
  return false;
}

/** Prints the error to stderr and returns the exit code. */
export function reportError(err: unknown): number {
  const message = err instanceof Error ? err.message : String(err);
  if (isInputError(err)) {
    process.stderr.write(`prorl-reason: ${message}\n`);
    return EXIT_BAD_INPUT;
  }
  if (err instanceof RemoteEngineError) {
    // The remote server refused or failed: its message says what; not a bug here.
    process.stderr.write(`prorl-reason: ${message}\n`);
    return EXIT_FAILED;
  }
  process.stderr.write(`prorl-reason: internal error: ${err instanceof Error && err.stack ? err.stack : message}\n`);
  return EXIT_FAILED;
}
