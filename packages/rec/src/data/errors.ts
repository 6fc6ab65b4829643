/**
 * A problem with input data: names the file, the line (1-based, when there is one), the problem and
 * the fix, so a CLI can print it as is.
 */
export class RecDataError extends Error {
  override readonly name = 'RecDataError';
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${file}${line !== null ? `:${line}` : ''}: ${problem}. Fix: ${fix}`);
  }
}
