import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readSampleLog, SampleLogWriter, type SampleRecord } from './samples-log.js';

const rec = (sample: number, text = `t${sample}`): SampleRecord => ({
  engine: 'base',
  item: 'gcd/L1/1',
  family: 'gcd',
  domain: 'math',
  level: 1,
  sample,
  seed: 1,
  text,
  finishReason: 'stop',
  score: 1,
  reason: 'exact',
  extracted: '3',
  format: true,
});

let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('sample log', () => {
  test('concurrent appends never interleave; reading back dedupes, skips bad lines and repairs a torn tail', async () => {
    dir = await mkdtemp(join(tmpdir(), 'prorl-log-'));
    const file = join(dir, 'sub', 'base.jsonl');
    expect(await readSampleLog(file)).toEqual({ records: [], badLines: 0, repairedBytes: 0 });
    const w = new SampleLogWriter(file);
    await Promise.all(Array.from({ length: 20 }, (_, i) => w.append([rec(2 * i, 'x'.repeat(5000)), rec(2 * i + 1)])));
    await w.append([rec(0, 'duplicate')]);
    await w.flush();
    expect(w.lines).toBe(41);
    let text = await readFile(file, 'utf8');
    expect(text.split('\n').filter(Boolean).every((l) => JSON.parse(l).engine === 'base')).toBe(true);
    await writeFile(file, text + 'not json\n{"engine":"base","item":"gcd/L1/1","sample":99,"te');
    const got = await readSampleLog(file);
    expect(got.records).toHaveLength(40);
    expect(got.records.find((r) => r.sample === 0)!.text).toBe('x'.repeat(5000)); // first line wins
    expect(got.badLines).toBe(1);
    expect(got.repairedBytes).toBeGreaterThan(0);
    text = await readFile(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect((await readSampleLog(file)).repairedBytes).toBe(0);
  });
});
