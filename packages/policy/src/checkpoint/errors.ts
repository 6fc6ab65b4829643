/** Typed errors of `policy/checkpoint`: what was wrong, which file, how to fix it. */
export type CheckpointErrorKind = 'missing' | 'corrupt' | 'config-mismatch' | 'shape-mismatch' | 'unsupported';

export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
  constructor(
    readonly kind: CheckpointErrorKind,
    /** The file or directory concerned. */
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}
