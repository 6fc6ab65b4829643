/**
 * The `golden` suite for the report: the lead's `runGolden` on rl-core's golden fixtures
 * (packages/rl-core/test/fixtures/rl-golden, or env PRORL_GOLDEN_FIXTURES). Same work at every preset.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BenchInputError } from '../errors.js';
import type { SuiteResult } from '../report/types.js';
import { runGolden } from './golden.js';
import { SuiteSkipped, type SuiteFn } from './suite.js';

export function goldenFixturesDir(repoRoot: string, env: NodeJS.ProcessEnv): string {
  return env.PRORL_GOLDEN_FIXTURES ?? join(repoRoot, 'packages', 'rl-core', 'test', 'fixtures', 'rl-golden');
}

export const goldenSuite: SuiteFn = async (_preset, opts) => {
  const dir = goldenFixturesDir(opts.repoRoot, opts.env);
  if (!existsSync(dir)) throw new SuiteSkipped(`golden fixtures not found at ${dir}; set PRORL_GOLDEN_FIXTURES to the rl-golden folder`);
  let report;
  try {
    report = runGolden(dir);
  } catch (err) {
    if (err instanceof BenchInputError) throw new SuiteSkipped(err.message);
    throw err;
  }
  const rows = report.files.map((f) => [f.file, f.family, f.results.filter((r) => r.passed).length, f.results.filter((r) => !r.passed).length]);
  const failures = report.files.flatMap((f) => f.results.filter((r) => !r.passed).map((r) => ({ file: f.file, id: r.id, problems: r.problems })));
  const result: SuiteResult = {
    status: report.failed > 0 ? 'failed' : 'ok',
    summary: `${report.passed} golden cases passed, ${report.failed} failed (${report.files.length} files)`,
    figures: [
      { name: 'cases_passed', value: report.passed, unit: 'count', label: 'golden cases passed' },
      { name: 'cases_failed', value: report.failed, unit: 'count', label: 'golden cases failed' },
      { name: 'files', value: report.files.length, unit: 'count', label: 'fixture files' },
    ],
    tables: [{ title: 'Golden fixtures by file', columns: [{ name: 'file', unit: '' }, { name: 'family', unit: '' }, { name: 'passed', unit: 'count' }, { name: 'failed', unit: 'count' }], rows }],
    details: { dir: report.dir, failures },
  };
  if (report.failed > 0) result.reason = `${report.failed} golden case(s) failed, first: ${failures[0]!.id} (${failures[0]!.file})`;
  return result;
};
