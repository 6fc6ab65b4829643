/**
 * Where the licensed datasets live. They are never committed: code reads them from a path given by a
 * flag, else the env var PRORL_DATA_DIR, else `../shared/data` beside the project root when present.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** Returns the data directory, or null when none is configured or present. */
export function resolveDataDir(flag?: string): string | null {
  if (flag) return resolve(flag);
  const env = process.env.PRORL_DATA_DIR;
  if (env) return resolve(env);
  // packages/rec/src/data/ → project root → ../shared/data
  const beside = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url));
  return existsSync(beside) ? resolve(beside) : null;
}
