/** A problem with what the user passed to prorl-bench: names the input, the problem and the fix. */
export class BenchInputError extends Error {
  override readonly name = 'BenchInputError';
  constructor(readonly input: string, problem: string, fix: string) {
    super(`${input}: ${problem}. Fix: ${fix}`);
  }
}
