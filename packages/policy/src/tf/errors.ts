/**
 * Typed, actionable errors of the tfjs reference (`policy/tf`). Each names what was wrong, where, and
 * how to fix it (style rule 10).
 */
export type TfModelErrorKind =
  | 'params-length'
  | 'token-out-of-range'
  | 'sequence-too-long'
  | 'shape-mismatch'
  | 'backend-unavailable';

export class TfModelError extends Error {
  override readonly name = 'TfModelError';
  constructor(
    readonly kind: TfModelErrorKind,
    message: string,
  ) {
    super(message);
  }
}
