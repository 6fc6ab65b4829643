import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { SuiteRecord } from './report/types.js';

const calls: string[] = [];
vi.mock('./suites/registry.js', async () => {
  const { SuiteSkipped } = await import('./suites/suite.js');
  const SUITES = {
    golden: { description: 'ok suite', run: async () => (calls.push('golden'), { status: 'ok', summary: 'fine', figures: [{ name: 'x', value: 1, unit: 'count' }] }) },
    'perf-rl-core': { description: 'skips', run: async () => (calls.push('perf-rl-core'), Promise.reject(new SuiteSkipped('dataset missing at /data; set PRORL_DATA'))) },
    'perf-policy': { description: 'crashes', run: async () => (calls.push('perf-policy'), Promise.reject(new RangeError('bad size'))) },
  };
  return { SUITES, SUITE_NAMES: Object.keys(SUITES) };
});

const { runSuites } = await import('./run-suites.js');
const dir = mkdtempSync(join(tmpdir(), 'prorl-bench-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const base = { dir, repoRoot: '/', env: {}, log: () => {} };
const read = (s: string) => JSON.parse(readFileSync(join(dir, `${s}.json`), 'utf8')) as SuiteRecord;

describe('runSuites', () => {
  it('records ok, skipped (with reason) and crashed (failed, with the error) suites, then the report', async () => {
    const s = await runSuites({ ...base, preset: 'smoke', force: false });
    expect(s.outcomes.map((o) => [o.suite, o.status, o.reused])).toEqual([
      ['golden', 'ok', false],
      ['perf-rl-core', 'skipped', false],
      ['perf-policy', 'failed', false],
    ]);
    expect(read('perf-rl-core').reason).toBe('dataset missing at /data; set PRORL_DATA');
    expect(read('perf-policy').reason).toBe('RangeError: bad size');
    expect(read('golden').backends.map((b) => b.name)).toContain('onnxruntime-node');
    const md = readFileSync(join(dir, 'REPORT.md'), 'utf8');
    expect(md).toContain('skipped: dataset missing at /data');
    expect(md).toContain('**FAILED**');
  });
  it('resumes: completed suites are reused at the same preset, skipped and failed ones are retried', async () => {
    calls.length = 0;
    const s = await runSuites({ ...base, preset: 'smoke', force: false });
    expect(s.outcomes.find((o) => o.suite === 'golden')!.reused).toBe(true);
    expect(calls).toEqual(['perf-rl-core', 'perf-policy']);
  });
  it('re-runs everything with force, or at another preset', async () => {
    calls.length = 0;
    await runSuites({ ...base, preset: 'smoke', force: true, suites: ['golden'] });
    await runSuites({ ...base, preset: 'default', force: false, suites: ['golden'] });
    expect(calls).toEqual(['golden', 'golden']);
    expect(read('golden').preset).toBe('default');
  });
});
