/**
 * The CLI end to end, by spawning it from its TypeScript sources (as `pnpm prorl-reason` does).
 * Spawns are slow on a busy machine, so each test runs a handful and they run concurrently.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './test-utils/run-cli.js';

const dir = await mkdtemp(join(tmpdir(), 'prorl-reason-cli-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const cli = (...args: string[]): Promise<CliRun> => runCli(args);

describe.concurrent('prorl-reason', () => {
  it('tasks list --json prints { family, domain, levels } for every family', async () => {
    const r = await cli('tasks', 'list', '--json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { family: string; domain: string; levels: number[] }[];
    expect(rows.find((x) => x.family === 'code_function')).toEqual({ family: 'code_function', domain: 'code', levels: [1, 2, 3, 4, 5] });
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(['domain', 'family', 'levels']);
  });

  it('tasks sample prints the prompt, the oracle and the worked solution', async () => {
    const r = await cli('tasks', 'sample', '--family', 'code_function', '--level', '2', '--seed', '7');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('id: code_function/L2/7');
    expect(r.stdout).toMatch(/--- prompt ---\nWrite a JavaScript function `solve/);
    expect(r.stdout).toMatch(/--- oracle ---\n```js\n/);
    expect(r.stdout).toMatch(/--- worked solution ---[\s\S]*<answer>/);
  });

  it('export -> add completions -> score --json round trip', async () => {
    const items = join(dir, 'items.jsonl');
    const ex = await cli('tasks', 'export', '--suite', 'code', '--split', 'test', '--n', '6', '--seed', '3', '--out', items);
    expect(ex.code).toBe(0);
    expect(ex.stdout).toMatch(/wrote 6 items/);
    const lines = (await readFile(items, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(6);
    expect(lines.every((l) => l.split === 'test' && l.family === 'code_function')).toBe(true);
    // Completions: oracle for even lines, garbage for odd lines.
    const withCompletions = lines.map((l, i) => JSON.stringify({ ...l, completion: i % 2 === 0 ? `<answer>${String(l.oracle)}</answer>` : 'no idea' }));
    const scored = join(dir, 'scored.jsonl');
    await writeFile(scored, `${withCompletions.join('\n')}\n`);
    const sc = await cli('score', '--in', scored, '--json');
    expect(sc.code).toBe(0);
    const out = sc.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; score: number });
    expect(out.map((o) => o.id)).toEqual(lines.map((l) => l.id));
    expect(out.map((o) => o.score)).toEqual([1, 0, 1, 0, 1, 0]);
    expect(sc.stderr).toMatch(/6 scored: mean 0\.5000/);
  });

  it('tasks check on a small n ends with "N passed, M failed"', async () => {
    const r = await cli('tasks', 'check', '--n', '2', '--family', 'code_function');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('30 passed, 0 failed');
  });

  it('bad input: missing file, malformed line, unknown family -> exit 2 with file, line and problem', async () => {
    const bad = join(dir, 'bad.jsonl');
    await writeFile(bad, '{"id":"x"}\n{oops\n');
    const [missing, malformed, unknown] = await Promise.all([
      cli('score', '--in', join(dir, 'nope.jsonl')),
      cli('score', '--in', bad),
      cli('tasks', 'sample', '--family', 'no_such_family'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.jsonl: file not found/);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/bad\.jsonl:1: field 'family' must be a string/);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown name 'no_such_family'.*code_function/);
  });

  it('--help explains the options with their defaults; unknown options exit 2', async () => {
    const [help, bogus] = await Promise.all([cli('tasks', 'export', '--help'), cli('tasks', 'list', '--bogus')]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--suite[\s\S]*default: "default"/);
    expect(help.stdout).toMatch(/--split[\s\S]*default: "test"/);
    expect(help.stdout).toMatch(/--out[\s\S]*required/);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toMatch(/bogus/);
  });
});
