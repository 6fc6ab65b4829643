/** Typed errors of `policy/optim`: what was wrong, where, how to fix it. */
export class OptimConfigError extends Error {
  override readonly name = 'OptimConfigError';
  constructor(
    readonly field: string,
    rule: string,
    fix: string,
  ) {
    super(`optimizer config '${field}': ${rule}. Fix: ${fix}`);
  }
}

export class OptimStateError extends Error {
  override readonly name = 'OptimStateError';
}
