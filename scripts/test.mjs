#!/usr/bin/env node
// The README's test command: every package's tests through turbo, then one closing line
// `N passed, M failed, K skipped` summed from the per-package vitest reports.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const turboBin = `${root}node_modules/.bin/turbo`;
// Two cores: run two packages' suites at a time. Loose env mode: tests read PRORL_* (data paths) and CI.
const args = ['run', 'test', '--concurrency=2', '--env-mode=loose', '--output-logs=new-only', ...process.argv.slice(2)];
const turbo = spawnSync(turboBin, args, { stdio: 'inherit', cwd: root });
const summary = spawnSync(process.execPath, [`${root}scripts/test-summary.mjs`], { stdio: 'inherit', cwd: root });
process.exit(turbo.status !== 0 ? (turbo.status ?? 1) : (summary.status ?? 1));
