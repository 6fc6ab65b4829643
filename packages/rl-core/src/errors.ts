/**
 * Typed, actionable errors for rl-core. Every error names the argument, the rule it broke and how to
 * fix it, so a caller (or a CLI) can print it as is. `code` is stable and machine-readable.
 */
export type RlCoreErrorCode =
  | 'shape_mismatch' // lengths/dims of arrays disagree
  | 'non_finite' // NaN or ±Infinity where a finite value is required
  | 'empty_mask' // a mask selects no token where at least one (or two) is required
  | 'invalid_param' // a scalar parameter is out of its valid range
  | 'group_mismatch' // group ids do not match the batch
  | 'unknown_name' // a registry lookup failed
  | 'not_implemented'; // the reference does not implement this (kept on purpose, see README)

export class RlCoreError extends Error {
  override readonly name: string = 'RlCoreError';
  constructor(
    readonly code: RlCoreErrorCode,
    /** The offending argument, e.g. `responseMask` or `params.clipLow`. */
    readonly argument: string,
    /** The rule that was broken, in plain words. */
    readonly rule: string,
    /** What to change. */
    readonly fix: string,
  ) {
    super(`${argument}: ${rule}. Fix: ${fix}`);
  }
}

export class ShapeError extends RlCoreError {
  override readonly name = 'ShapeError';
  constructor(argument: string, rule: string, fix = 'pass arrays whose lengths match the stated shape') {
    super('shape_mismatch', argument, rule, fix);
  }
}

export class NonFiniteError extends RlCoreError {
  override readonly name = 'NonFiniteError';
  constructor(argument: string, index: number, value: number) {
    super(
      'non_finite',
      argument,
      `element ${index} is ${value} but must be finite`,
      'check the upstream computation (log-probs of -Infinity usually mean a token was sampled outside the allowed vocabulary)',
    );
  }
}

export class EmptyMaskError extends RlCoreError {
  override readonly name = 'EmptyMaskError';
  constructor(argument: string, rule: string, fix = 'make sure at least one response token is unmasked, or drop the batch') {
    super('empty_mask', argument, rule, fix);
  }
}

export class InvalidParamError extends RlCoreError {
  override readonly name = 'InvalidParamError';
  constructor(argument: string, rule: string, fix: string) {
    super('invalid_param', argument, rule, fix);
  }
}

export class GroupMismatchError extends RlCoreError {
  override readonly name = 'GroupMismatchError';
  constructor(argument: string, rule: string, fix = 'pass one group id per row of the batch') {
    super('group_mismatch', argument, rule, fix);
  }
}

export class UnknownNameError extends RlCoreError {
  override readonly name = 'UnknownNameError';
  constructor(argument: string, got: string, valid: readonly string[]) {
    super('unknown_name', argument, `unknown name '${got}'`, `use one of: ${valid.join(', ')}`);
  }
}

export class NotImplementedInReferenceError extends RlCoreError {
  override readonly name = 'NotImplementedInReferenceError';
  constructor(argument: string, rule: string, fix: string) {
    super('not_implemented', argument, rule, fix);
  }
}
