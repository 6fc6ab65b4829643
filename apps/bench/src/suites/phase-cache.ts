/**
 * Resuming the long suites: a finished phase's result is kept in a JSON file together with the key
 * of the config it ran (a fingerprint); a rerun with the same key reuses it, any other key (or a torn
 * file) runs the phase again and overwrites the file atomically.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../report/atomic-write.js';

/** The cached value of `file` when it was written under `key`, else null. */
export function readCached<T>(file: string, key: string): T | null {
  if (!existsSync(file)) return null;
  try {
    const j = JSON.parse(readFileSync(file, 'utf8')) as { key?: unknown; value?: T };
    return j.key === key && j.value !== undefined ? j.value : null;
  } catch {
    return null;
  }
}

/** Writes `value` under `key` (atomically: temp file + rename). */
export function writeCached(file: string, key: string, value: unknown): void {
  writeFileAtomic(file, `${JSON.stringify({ key, value })}\n`);
}
