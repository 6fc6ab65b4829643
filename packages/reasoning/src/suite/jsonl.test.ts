import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SuiteError } from './errors.js';
import { parseJsonl, readJsonlFile, toJsonl, writeJsonlFile } from './jsonl.js';
import { sampleSuite } from './sample.js';

const dir = await mkdtemp(join(tmpdir(), 'prorl-jsonl-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('JSONL', () => {
  it('round-trips items through a file, written atomically', async () => {
    const items = sampleSuite('code', { split: 'test', n: 4, seed: 3 });
    const file = join(dir, 'sub', 'items.jsonl');
    await writeJsonlFile(file, items);
    expect(await readdir(join(dir, 'sub'))).toEqual(['items.jsonl']); // no temp file left behind
    const rows = await readJsonlFile(file);
    expect(rows.map((r) => r.item)).toEqual(items.map(({ split: _s, ...rest }) => rest));
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 4]);
    expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(5);
  });

  it('keeps completions and can require them', () => {
    const [item] = sampleSuite('code', { split: 'test', n: 1 });
    const text = toJsonl([{ ...item, completion: 'hi' }]);
    expect(parseJsonl(text, 'x.jsonl', { requireCompletion: true })[0]?.completion).toBe('hi');
    expect(() => parseJsonl(toJsonl([item!]), 'x.jsonl', { requireCompletion: true })).toThrow(/x.jsonl:1: field 'completion' must be a string/);
  });

  it('names the file, line and problem for bad input', async () => {
    const [item] = sampleSuite('code', { split: 'test', n: 1 });
    const good = JSON.stringify(item);
    expect(() => parseJsonl(`${good}\n{not json\n`, 'in.jsonl')).toThrow(/in.jsonl:2: malformed JSON/);
    expect(() => parseJsonl(`\n${JSON.stringify({ ...item, family: 'nope' })}`, 'in.jsonl')).toThrow(/in.jsonl:2: unknown family 'nope'.*code_function/);
    expect(() => parseJsonl(JSON.stringify({ ...item, level: 'x' }), 'in.jsonl')).toThrow(/field 'level' must be an integer/);
    expect(() => parseJsonl('[1]', 'in.jsonl')).toThrow(/not a JSON object/);
    await expect(readJsonlFile(join(dir, 'missing.jsonl'))).rejects.toThrow(/missing.jsonl: file not found/);
    await expect(readJsonlFile(join(dir, 'missing.jsonl'))).rejects.toBeInstanceOf(SuiteError);
  });
});
