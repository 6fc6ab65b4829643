/**
 * `bench-results/<suite>.json` on disk: write (atomically), read back all records of a directory,
 * and tell whether a suite already completed at a preset (for resuming an interrupted run).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import type { Preset, SuiteRecord } from './types.js';

export const SUITE_SCHEMA = 'prorl-bench/suite@1' as const;

export function suiteFile(dir: string, suite: string): string {
  return join(dir, `${suite}.json`);
}

export function writeSuiteRecord(dir: string, record: SuiteRecord): string {
  const path = suiteFile(dir, record.suite);
  writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
  return path;
}

function isRecord(x: unknown): x is SuiteRecord {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Partial<SuiteRecord>;
  return r.schema === SUITE_SCHEMA && typeof r.suite === 'string' && typeof r.status === 'string' && Array.isArray(r.figures);
}

export interface ReadResult {
  records: SuiteRecord[];
  /** Files that were not suite records (with why), reported but not fatal. */
  ignored: { file: string; why: string }[];
}

/** Every suite record in `dir`, sorted by suite name. A missing directory gives no records. */
export function readSuiteRecords(dir: string): ReadResult {
  const records: SuiteRecord[] = [];
  const ignored: { file: string; why: string }[] = [];
  if (!existsSync(dir)) return { records, ignored };
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(join(dir, name), 'utf8'));
      if (isRecord(parsed)) records.push(parsed);
      else ignored.push({ file: name, why: `not a ${SUITE_SCHEMA} record` });
    } catch (err) {
      ignored.push({ file: name, why: `invalid JSON: ${(err as Error).message}` });
    }
  }
  records.sort((a, b) => a.suite.localeCompare(b.suite));
  return { records, ignored };
}

/**
 * The record of `suite` if it completed with status ok at `preset`, else undefined. Skipped and failed
 * suites are retried on the next run (their inputs or code may have been fixed since).
 */
export function completedRecord(dir: string, suite: string, preset: Preset): SuiteRecord | undefined {
  const path = suiteFile(dir, suite);
  if (!existsSync(path)) return undefined;
  try {
    const r: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (isRecord(r) && r.preset === preset && r.status === 'ok') return r;
  } catch {
    // A torn or foreign file: treat as not completed (it will be overwritten atomically).
  }
  return undefined;
}
