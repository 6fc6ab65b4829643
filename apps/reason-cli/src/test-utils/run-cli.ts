/** Test helper: the CLI spawned from its TypeScript sources (as `pnpm prorl-reason` runs it). */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The app's folder (the spawn's working directory). */
export const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Node arguments that run `src/cli.ts` with the workspace packages' sources. */
export const NODE_ARGS = ['--conditions=@prorl/source', '--import', 'tsx', 'src/cli.ts'];

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `prorl-reason ...args` to completion; `code` is the exit code (1 when killed or not numeric). */
export function runCli(args: readonly string[], timeoutMs = 120_000): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...NODE_ARGS, ...args], { cwd: APP_DIR, maxBuffer: 1 << 26, timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
