/**
 * The real entry point as a child process: `prorl-bench run --preset smoke --suite golden --dir <tmp>`
 * writes a valid suite record and REPORT.md; re-runs resume; bad names and missing inputs are explained.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { SuiteRecord } from './report/types.js';
import { checkWellFormed } from './test-utils/xml.js';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'prorl-bench-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ['--conditions=@prorl/source', '--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: appDir,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('prorl-bench run / report (child process)', () => {
  it('runs the golden suite at smoke and writes its JSON record and REPORT.md', () => {
    const r = cli(['run', '--preset', 'smoke', '--suite', 'golden', '--dir', dir]);
    expect(r.stderr).toContain('[1/1] golden (smoke): running');
    expect(r.status).toBe(0);
    const rec = JSON.parse(readFileSync(join(dir, 'golden.json'), 'utf8')) as SuiteRecord;
    expect(rec.schema).toBe('prorl-bench/suite@1');
    expect(rec.suite).toBe('golden');
    expect(rec.preset).toBe('smoke');
    expect(rec.status).toBe('ok');
    expect(rec.machine.cores).toBeGreaterThan(0);
    expect(rec.machine.cpuModel.length).toBeGreaterThan(0);
    expect(rec.backends.find((b) => b.name === 'onnxruntime-node')?.version).toMatch(/^\d+\./);
    expect(Number.isNaN(Date.parse(rec.timestamp))).toBe(false);
    const passed = rec.figures.find((f) => f.name === 'cases_passed')!;
    expect(passed.unit).toBe('count');
    expect(passed.value).toBeGreaterThan(0);
    for (const f of rec.figures) expect(typeof f.unit).toBe('string');
    const md = readFileSync(join(dir, 'REPORT.md'), 'utf8');
    expect(md).toContain('# ProRL.ts benchmark report');
    expect(md).toContain('| [golden](#golden) | smoke | ok |');
    expect(md).toContain(`| golden cases passed (\`cases_passed\`) | ${passed.value} | count | measured |`);
  });

  it('runs a suite with plots (perf-rl-core) at smoke: every figure has a unit, every plot in REPORT.md is a well-formed SVG on disk', () => {
    const d3 = join(dir, 'plots');
    const r = cli(['run', '--preset', 'smoke', '--suite', 'perf-rl-core', '--dir', d3]);
    expect(r.status).toBe(0);
    const rec = JSON.parse(readFileSync(join(d3, 'perf-rl-core.json'), 'utf8')) as SuiteRecord;
    expect([rec.schema, rec.suite, rec.preset, rec.status]).toEqual(['prorl-bench/suite@1', 'perf-rl-core', 'smoke', 'ok']);
    expect(rec.figures.length).toBeGreaterThan(0);
    for (const f of rec.figures) {
      expect(f.unit.length).toBeGreaterThan(0);
      expect(f.value === null || Number.isFinite(f.value)).toBe(true);
    }
    for (const t of rec.tables ?? []) for (const row of t.rows) expect(row).toHaveLength(t.columns.length);
    const md = readFileSync(join(d3, 'REPORT.md'), 'utf8');
    const svgs = [...md.matchAll(/!\[[^\]]*\]\(([^)]+\.svg)\)/g)].map((m) => m[1]!);
    expect(svgs.length).toBe(rec.plots!.length);
    for (const name of svgs) expect(checkWellFormed(readFileSync(join(d3, name), 'utf8'))[0]).toBe('svg');
  });

  it('resumes: a completed suite is reused at the same preset (--force and presets: run-suites.test.ts)', () => {
    const again = cli(['run', '--preset', 'smoke', '--suite', 'golden', '--dir', dir]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('golden: ok (reused)');
  });

  it('records a suite with missing inputs as skipped with the reason, exit 0', () => {
    const d2 = join(dir, 'missing');
    const r = cli(['run', '--preset', 'smoke', '--suite', 'golden', '--dir', d2], { PRORL_GOLDEN_FIXTURES: '/nonexistent/rl-golden' });
    expect(r.status).toBe(0);
    const rec = JSON.parse(readFileSync(join(d2, 'golden.json'), 'utf8')) as SuiteRecord;
    expect(rec.status).toBe('skipped');
    expect(rec.reason).toContain('/nonexistent/rl-golden');
    expect(readFileSync(join(d2, 'REPORT.md'), 'utf8')).toContain('skipped: golden fixtures not found');
  });

  it('lists the valid suites for an unknown name', () => {
    const r = cli(['run', '--preset', 'smoke', '--suite', 'nope', '--dir', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--suite nope: is not a registered suite');
    expect(r.stderr).toContain('golden, perf-rl-core, perf-policy');
  });

  it('report regenerates REPORT.md from the JSON files', () => {
    rmSync(join(dir, 'REPORT.md'));
    const r = cli(['report', '--dir', dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('1 suites: golden');
    expect(existsSync(join(dir, 'REPORT.md'))).toBe(true);
  });
});
