#!/usr/bin/env node
// The README's test command: every package's tests through turbo, then one closing line
// `N passed, M failed, K skipped` summed from the per-package vitest reports of THIS run
// (stale reports are removed first; turbo restores a cached package's report with its cache hit).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
for (const group of ['packages', 'apps']) {
  if (!existsSync(`${root}${group}`)) continue;
  for (const name of readdirSync(`${root}${group}`)) rmSync(`${root}${group}/${name}/test-results.json`, { force: true });
}
const turboBin = `${root}node_modules/.bin/turbo`;
// Two cores: two packages' suites at a time. --continue: one failing package must not hide the
// others' results. Loose env mode: tests read PRORL_* (data paths) and CI. Every package is also
// type-checked (tsc --noEmit; vitest strips types without checking them), so a type error fails CI.
const args = ['run', 'typecheck', 'test', '--concurrency=2', '--continue', '--env-mode=loose', '--output-logs=new-only', ...process.argv.slice(2)];
const turbo = spawnSync(turboBin, args, { stdio: 'inherit', cwd: root });
const summary = spawnSync(process.execPath, [`${root}scripts/test-summary.mjs`], { stdio: 'inherit', cwd: root });
process.exit(turbo.status !== 0 ? (turbo.status ?? 1) : (summary.status ?? 1));
