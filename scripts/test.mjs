#!/usr/bin/env node
// The README's test command: every package's tests through turbo, then one closing line
// `N passed, M failed, K skipped` summed from the per-package vitest reports.
import { spawnSync } from 'node:child_process';

const turbo = spawnSync('pnpm', ['exec', 'turbo', 'run', 'test', '--output-logs=new-only', ...process.argv.slice(2)], { stdio: 'inherit' });
const summary = spawnSync(process.execPath, [new URL('./test-summary.mjs', import.meta.url).pathname], { stdio: 'inherit' });
process.exit(turbo.status !== 0 ? (turbo.status ?? 1) : (summary.status ?? 1));
