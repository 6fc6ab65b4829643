/** Typed errors of `policy/tokenizer`: what was wrong, where, how to fix it. */
export type TokenizerErrorKind = 'unknown-char' | 'unknown-id' | 'invalid-json' | 'invalid-config' | 'special-token';

export class TokenizerError extends Error {
  override readonly name = 'TokenizerError';
  constructor(
    readonly kind: TokenizerErrorKind,
    message: string,
  ) {
    super(message);
  }
}
