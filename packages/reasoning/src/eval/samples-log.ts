/**
 * The per-engine JSONL sample log of `runEval`: one line per scored sample, appended as requests
 * return, read back on resume. Safety rules:
 *  - appends go through one promise chain per file (no interleaving inside this process), one
 *    `appendFile` (O_APPEND) per request's batch of lines;
 *  - a crash can leave a half-written last line: `readSampleLog` truncates the file back to its last
 *    newline before anything is appended again, and skips (and counts) lines that do not parse;
 *  - duplicate keys (engine, item, sample) keep the first line.
 */
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FinishReason } from './engine.js';

/** One line of a sample log. */
export interface SampleRecord {
  /** The engine label (`base`, `intermediate`, `final`, ...). */
  engine: string;
  /** TaskItem id. */
  item: string;
  family: string;
  domain: string;
  level: number;
  /** Sample index in [0, n). */
  sample: number;
  /** The seed of the request that drew this sample. */
  seed: number;
  text: string;
  finishReason: FinishReason;
  /** Verifier score in [0, 1]. */
  score: number;
  /** Verifier reason ('exact', 'no_answer', 'wrong', ...). */
  reason: string;
  /** The extracted `<answer>` content, or null. */
  extracted: string | null;
  /** The completion has a well-formed `<answer>` block. */
  format: boolean;
}

export function sampleKey(engine: string, item: string, sample: number): string {
  return `${engine}\u0000${item}\u0000${sample}`;
}

/** The fields the metrics need: what `runEval` keeps in memory (texts stay on disk). */
export type SlimSample = Pick<SampleRecord, 'engine' | 'item' | 'family' | 'domain' | 'sample' | 'score' | 'format' | 'finishReason'>;

export function slimSample(r: SampleRecord): SlimSample {
  return { engine: r.engine, item: r.item, family: r.family, domain: r.domain, sample: r.sample, score: r.score, format: r.format, finishReason: r.finishReason };
}

export interface SampleLogContents<T = SampleRecord> {
  records: T[];
  /** Lines that did not parse as a record (skipped). */
  badLines: number;
  /** Bytes of a half-written last line that were cut off. */
  repairedBytes: number;
}

function isRecord(v: unknown): v is SampleRecord {
  if (v === null || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.engine === 'string' &&
    typeof o.item === 'string' &&
    typeof o.family === 'string' &&
    typeof o.domain === 'string' &&
    typeof o.sample === 'number' &&
    Number.isInteger(o.sample) &&
    typeof o.text === 'string' &&
    typeof o.score === 'number' &&
    typeof o.format === 'boolean' &&
    (o.finishReason === 'stop' || o.finishReason === 'length')
  );
}

/**
 * Streams a sample log (a missing file is empty), repairing a torn last line in place. Records are
 * deduplicated by key (first wins), in file order, each passed through `map` (e.g. `slimSample`, so a
 * multi-GB log of long completions does not have to fit in memory).
 */
export async function readSampleLog<T = SampleRecord>(file: string, map: (r: SampleRecord) => T = (r) => r as unknown as T): Promise<SampleLogContents<T>> {
  const records: T[] = [];
  const seen = new Set<string>();
  let badLines = 0;
  const onLine = (line: string): void => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      badLines++;
      return;
    }
    if (!isRecord(v)) {
      badLines++;
      return;
    }
    const k = sampleKey(v.engine, v.item, v.sample);
    if (seen.has(k)) return;
    seen.add(k);
    records.push(map(v));
  };
  let rest: Buffer = Buffer.alloc(0);
  let complete = 0; // bytes up to and including the last newline
  try {
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      let buf = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
      let nl: number;
      while ((nl = buf.indexOf(0x0a)) >= 0) {
        onLine(buf.subarray(0, nl).toString('utf8'));
        complete += nl + 1;
        buf = buf.subarray(nl + 1);
      }
      rest = Buffer.from(buf);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], badLines: 0, repairedBytes: 0 };
    throw err;
  }
  const repairedBytes = rest.length;
  if (repairedBytes > 0) await truncate(file, complete);
  return { records, badLines, repairedBytes };
}

/** Serialised appends to one JSONL file. */
export class SampleLogWriter {
  private tail: Promise<void> = Promise.resolve();
  private failed: unknown;
  lines = 0;

  constructor(readonly file: string) {}

  /** Appends the records as one write; resolves when they are on disk (in the OS's hands). */
  append(records: readonly SampleRecord[]): Promise<void> {
    if (records.length === 0) return this.tail;
    const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
    const next = this.tail.then(async () => {
      if (this.failed !== undefined) throw this.failed;
      await mkdir(dirname(this.file), { recursive: true });
      try {
        await appendFile(this.file, text, 'utf8');
        this.lines += records.length;
      } catch (err) {
        this.failed = err;
        throw err;
      }
    });
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Resolves when every append so far has finished. */
  flush(): Promise<void> {
    return this.tail;
  }
}
