/**
 * `bench-results/<suite>.json` on disk: write (atomically), read back all records of a directory,
 * and tell whether a suite already completed at a preset (for resuming an interrupted run).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import type { Preset, SuitePart, SuiteRecord } from './types.js';

export const SUITE_SCHEMA = 'prorl-bench/suite@1' as const;

export function suiteFile(dir: string, suite: string): string {
  return join(dir, `${suite}.json`);
}

export function writeSuiteRecord(dir: string, record: SuiteRecord): string {
  const path = suiteFile(dir, record.suite);
  writeFileAtomic(path, `${JSON.stringify(record.parts ? splitRecord(record) : record, null, 2)}\n`);
  return path;
}

const HEADER_KEYS = ['schema', 'suite', 'preset', 'timestamp', 'durationMs', 'machine', 'backends', 'status', 'reason', 'summary'] as const;
const PART_KEYS = ['figures', 'tables', 'plots', 'details', 'parts'] as const;

/** The array layout of a record with `parts` (see `SuiteResult.parts`). */
export function splitRecord(record: SuiteRecord): Record<string, unknown>[] {
  const parts: SuitePart[] = record.parts ?? [];
  if (record.figures.length > 0 || (record.tables?.length ?? 0) > 0 || (record.plots?.length ?? 0) > 0) {
    throw new Error(`suite '${record.suite}' returned parts and also top-level figures/tables/plots; put every figure in a part`);
  }
  const header: Record<string, unknown> = {};
  for (const k of HEADER_KEYS) if (record[k] !== undefined) header[k] = record[k];
  return parts.map((p) => {
    for (const k of Object.keys(p.head)) {
      if ((HEADER_KEYS as readonly string[]).includes(k) || (PART_KEYS as readonly string[]).includes(k)) throw new Error(`suite '${record.suite}': part head key '${k}' clashes with a record key`);
    }
    return { ...p.head, ...header, figures: p.figures, tables: p.tables ?? [], plots: p.plots ?? [], ...(p.details !== undefined ? { details: p.details } : {}) };
  });
}

/** One record from the array layout: the header of the first element, the parts' figures, tables and plots concatenated. */
export function mergeParts(elements: readonly unknown[]): SuiteRecord | undefined {
  if (elements.length === 0 || !elements.every(isRecord)) return undefined;
  const recs = elements as SuiteRecord[];
  const first = recs[0]!;
  if (!recs.every((r) => r.suite === first.suite)) return undefined;
  const header: Record<string, unknown> = {};
  for (const k of HEADER_KEYS) if (first[k] !== undefined) header[k] = first[k];
  return {
    ...(header as Omit<SuiteRecord, 'figures'>),
    figures: recs.flatMap((r) => r.figures),
    tables: recs.flatMap((r) => r.tables ?? []),
    plots: recs.flatMap((r) => r.plots ?? []),
    details: recs.map((r) => r.details),
  } as SuiteRecord;
}

/** A parsed `<suite>.json`: a record, or the array layout merged into one. */
function asRecord(parsed: unknown): SuiteRecord | undefined {
  if (Array.isArray(parsed)) return mergeParts(parsed);
  return isRecord(parsed) ? parsed : undefined;
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
      const parsed = asRecord(JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown);
      if (parsed) records.push(parsed);
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
    const r = asRecord(JSON.parse(readFileSync(path, 'utf8')) as unknown);
    if (r && r.preset === preset && r.status === 'ok') return r;
  } catch {
    // A torn or foreign file: treat as not completed (it will be overwritten atomically).
  }
  return undefined;
}
