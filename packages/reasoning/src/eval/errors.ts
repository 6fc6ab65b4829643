/**
 * Typed, actionable errors of the evaluation layer (completion engines, the remote client, `runEval`).
 * Each names what was wrong, where, and how to fix it; `code` is stable and machine-readable so a CLI
 * can map it to an exit code.
 */
export type EvalErrorCode =
  | 'invalid_config' // a config field is out of range or inconsistent
  | 'invalid_request' // a completion request breaks the engine contract (n, maxTokens, ...)
  | 'http_client_error' // the endpoint answered 4xx (not retried, except 408/429)
  | 'retries_exhausted' // every attempt failed with a retryable error (429, 5xx, network, timeout)
  | 'bad_response' // the endpoint answered 2xx with a body that is not a completions response
  | 'aborted' // the caller's AbortSignal fired
  | 'resume_mismatch' // resuming a run whose recorded settings differ from the new ones
  | 'out_dir_not_empty'; // samples exist and resume was not requested

export class EvalError extends Error {
  override readonly name: string = 'EvalError';
  constructor(
    readonly code: EvalErrorCode,
    /** Where: a config field (`n`), an endpoint URL, a file. */
    readonly where: string,
    /** The rule that was broken, in plain words. */
    readonly rule: string,
    /** What to change. */
    readonly fix: string,
  ) {
    super(`${where}: ${rule}. Fix: ${fix}`);
  }
}

/**
 * An HTTP failure of a remote completions endpoint. `status` is the last HTTP status seen (undefined
 * for network errors and timeouts); `attempts` how many requests were made; `apiMessage` the
 * `error.message` of an OpenAI-shaped error body, when there was one.
 */
export class RemoteEngineError extends EvalError {
  override readonly name = 'RemoteEngineError';
  constructor(
    code: Extract<EvalErrorCode, 'http_client_error' | 'retries_exhausted' | 'bad_response' | 'aborted'>,
    where: string,
    rule: string,
    fix: string,
    readonly status: number | undefined,
    readonly attempts: number,
    readonly apiMessage?: string,
  ) {
    super(code, where, rule, fix);
  }
}

/** True for the error `runEval` / the engines throw when their AbortSignal fires. */
export function isAbortError(err: unknown): boolean {
  if (err instanceof EvalError) return err.code === 'aborted';
  return err instanceof Error && (err.name === 'AbortError' || (err as { code?: unknown }).code === 'ABORT_ERR');
}
