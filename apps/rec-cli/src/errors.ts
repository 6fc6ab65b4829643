/**
 * Typed library errors (bad data, bad config, missing checkpoints) end the CLI with exit code 2 and
 * their message (file, line, problem and fix); anything else is a bug and keeps its stack (exit 1).
 */
const USER_ERRORS = new Set([
  'RecDataError',
  'SimulatorInputError',
  'SimulatorConfigError',
  'PathPolicyError',
  'CheckpointError',
  'OptimConfigError',
  'ModelConfigError',
  'SamplingConfigError',
  'CliInputError',
]);

/** A bad command-line value the library does not check itself. */
export class CliInputError extends Error {
  override readonly name = 'CliInputError';
  constructor(option: string, problem: string, fix: string) {
    super(`${option}: ${problem}. Fix: ${fix}`);
  }
}

export function isUserError(err: unknown): err is Error {
  if (!(err instanceof Error)) return false;
  // rl-core's RlCoreError family (InvalidParamError, UnknownNameError, ...) carries `code` and `fix`
  return USER_ERRORS.has(err.name) || (typeof (err as { fix?: unknown }).fix === 'string' && typeof (err as { code?: unknown }).code === 'string');
}

/** Runs a handler; user errors → `prorl-rec: <message>` on stderr and exit 2. */
export async function guard(fn: () => Promise<void> | void): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (isUserError(err)) {
      process.stderr.write(`prorl-rec: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}
