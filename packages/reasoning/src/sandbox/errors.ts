/**
 * Typed errors of the code sandbox. Evaluation outcomes (syntax errors, timeouts, crashes of the
 * untrusted code) are NOT errors: they are `CodeRunResult.status` values. These errors are for
 * misuse of the pool itself.
 */
export type SandboxErrorCode =
  | 'invalid_config' // a limit is out of range
  | 'closed' // the pool was closed while a job waited
  | 'worker_start_failed'; // worker processes die before becoming ready (broken install)

export class SandboxError extends Error {
  override readonly name = 'SandboxError';
  constructor(
    readonly code: SandboxErrorCode,
    readonly rule: string,
    readonly fix: string,
  ) {
    super(`${rule}. Fix: ${fix}`);
  }
}
