/**
 * Typed, actionable errors of the suite layer (suites, splits, JSONL). Each says what was wrong,
 * where (suite name, file and line) and how to fix it; `code` is stable for CLIs (exit code 2).
 * Unknown family names use rl-core's `UnknownNameError`, which lists the valid names.
 */
export type SuiteErrorCode =
  | 'unknown_suite' // no named suite with that name
  | 'invalid_suite' // a suite spec breaks a rule (weights, levels, empty)
  | 'invalid_level' // a level the family does not have
  | 'invalid_param' // a sampling/check parameter out of range
  | 'exhausted' // not enough distinct items for the request
  | 'bad_jsonl'; // a JSONL line is not a valid item

export class SuiteError extends Error {
  override readonly name = 'SuiteError';
  constructor(
    readonly code: SuiteErrorCode,
    /** Where: `suite 'default'`, `items.jsonl:12`, `n`. */
    readonly where: string,
    readonly rule: string,
    readonly fix: string,
  ) {
    super(`${where}: ${rule}. Fix: ${fix}`);
  }
}
