/**
 * Typed errors of the path policy, its training stages and evaluation: what was wrong, where, and how
 * to fix it. Config errors use rl-core's `InvalidParamError` / `UnknownNameError`.
 */
export type PathPolicyProblem =
  | 'unknown-target'
  | 'no-semantic-ids'
  | 'codec-base'
  | 'too-long'
  | 'no-records'
  | 'index-mismatch'
  | 'checkpoint';

export class PathPolicyError extends Error {
  override readonly name = 'PathPolicyError';
  constructor(
    readonly problem: PathPolicyProblem,
    what: string,
    fix: string,
  ) {
    super(`${what}. Fix: ${fix}`);
  }
}
