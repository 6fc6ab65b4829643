/**
 * JSONL export / import of suite items. One item per line: the `TaskItem` fields plus `split`
 * (export) and, for scoring, a `completion` string. Parsing validates every line and reports
 * problems as `SuiteError('bad_jsonl')` naming the file, the 1-based line and the field.
 * Files are written atomically (temp file in the same directory, then rename).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { hasFamily, familyNames } from '../tasks/registry.js';
import { DOMAINS, type Domain, type TaskItem } from '../tasks/types.js';
import { SuiteError } from './errors.js';

/** A parsed line: the item and, if present, its completion. */
export interface JsonlRow {
  item: TaskItem;
  completion?: string;
  /** 1-based line number in the source. */
  line: number;
}

export function toJsonl(rows: readonly object[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length > 0 ? '\n' : '');
}

function bad(source: string, line: number, rule: string, fix: string): SuiteError {
  return new SuiteError('bad_jsonl', `${source}:${line}`, rule, fix);
}

/** Validates one parsed line as a TaskItem (plus optional completion). */
export function parseItemRecord(value: unknown, source: string, line: number, requireCompletion = false): JsonlRow {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw bad(source, line, 'the line is not a JSON object', 'write one item object per line');
  const o = value as Record<string, unknown>;
  const str = (k: string): string => {
    if (typeof o[k] !== 'string') throw bad(source, line, `field '${k}' must be a string, got ${o[k] === undefined ? 'nothing' : typeof o[k]}`, 'export items with `prorl-reason tasks export`');
    return o[k] as string;
  };
  const int = (k: string): number => {
    if (typeof o[k] !== 'number' || !Number.isInteger(o[k])) throw bad(source, line, `field '${k}' must be an integer`, 'export items with `prorl-reason tasks export`');
    return o[k] as number;
  };
  const family = str('family');
  if (!hasFamily(family)) throw bad(source, line, `unknown family '${family}'`, `use one of: ${familyNames().join(', ')}`);
  const domain = str('domain');
  if (!(DOMAINS as readonly string[]).includes(domain)) throw bad(source, line, `unknown domain '${domain}'`, `use one of: ${DOMAINS.join(', ')}`);
  if (o.meta === null || typeof o.meta !== 'object' || Array.isArray(o.meta)) throw bad(source, line, "field 'meta' must be an object", 'keep the meta object of the exported item');
  const item: TaskItem = {
    id: str('id'),
    family,
    domain: domain as Domain,
    level: int('level'),
    seed: int('seed'),
    prompt: str('prompt'),
    oracle: str('oracle'),
    meta: o.meta as Record<string, unknown>,
  };
  const row: JsonlRow = { item, line };
  if (o.completion !== undefined || requireCompletion) row.completion = str('completion');
  return row;
}

/** Parses JSONL text; blank lines are skipped. `source` names the file in errors. */
export function parseJsonl(text: string, source: string, opts: { requireCompletion?: boolean } = {}): JsonlRow[] {
  const rows: JsonlRow[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      throw bad(source, i + 1, `malformed JSON (${err instanceof Error ? err.message : String(err)})`, 'each line must be one complete JSON object');
    }
    rows.push(parseItemRecord(value, source, i + 1, opts.requireCompletion ?? false));
  }
  return rows;
}

/** Reads and parses a JSONL file; a missing file is a `SuiteError('bad_jsonl')` naming it. */
export async function readJsonlFile(file: string, opts: { requireCompletion?: boolean } = {}): Promise<JsonlRow[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SuiteError('bad_jsonl', file, code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(err)})`, 'check the path (e.g. write it first with `prorl-reason tasks export --out FILE`)');
  }
  return parseJsonl(text, file, opts);
}

/** Writes `text` to `file` atomically: a temp file beside it, then rename (never a half-written file). */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export async function writeJsonlFile(file: string, rows: readonly object[]): Promise<void> {
  await writeFileAtomic(file, toJsonl(rows));
}
