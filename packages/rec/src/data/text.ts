/** Small readers for delimited text files that report problems by file and line. */
import { existsSync, readFileSync } from 'node:fs';
import { RecDataError } from './errors.js';

/** Reads a file as text; a missing file is a RecDataError with the fix. */
export function readText(file: string, encoding: BufferEncoding = 'utf8'): string {
  if (!existsSync(file)) {
    throw new RecDataError(file, null, 'file not found', 'check the path (pass --data DIR or set PRORL_DATA_DIR)');
  }
  return readFileSync(file, encoding);
}

/** Non-empty lines with their 1-based line numbers (\r\n tolerated). */
export function* lines(text: string): Generator<[line: string, lineNo: number]> {
  let start = 0;
  let no = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    no++;
    let line = text.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim().length > 0) yield [line, no];
    start = end + 1;
  }
}

/** Parses JSON, reporting the file on failure. */
export function readJson(file: string): unknown {
  const text = readText(file);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new RecDataError(file, null, `is not valid JSON (${(err as Error).message})`, 'restore the original file');
  }
}

/** Parses a finite number field or throws naming file, line and field. */
export function numField(value: string | undefined, file: string, line: number, field: string): number {
  const v = value === undefined ? NaN : Number(value.trim());
  if (value === undefined || value.trim() === '' || !Number.isFinite(v)) {
    throw new RecDataError(file, line, `field '${field}' is '${value ?? '<missing>'}', not a number`, 'fix or remove the line');
  }
  return v;
}
