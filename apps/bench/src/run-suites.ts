/**
 * `prorl-bench run`: runs the chosen suites at a preset, writes `<dir>/<suite>.json` atomically after
 * each one, then regenerates REPORT.md. Resumable: a suite that already completed (status ok) at the
 * same preset is reused unless `force`; skipped and failed ones run again. A suite that throws `SuiteSkipped` is recorded as skipped with its reason;
 * any other error is recorded as failed (with the message) and the remaining suites still run.
 */
import { performance } from 'node:perf_hooks';
import { BenchInputError } from './errors.js';
import { jsBackends, machineInfo } from './report/environment.js';
import { completedRecord, writeSuiteRecord } from './report/store.js';
import type { BackendInfo, Preset, SuiteRecord, SuiteResult, SuiteStatus } from './report/types.js';
import { writeReport, type WrittenReport } from './report/write-report.js';
import { SUITES, SUITE_NAMES, type SuiteName } from './suites/registry.js';
import { SuiteSkipped, type SuiteOptions } from './suites/suite.js';

export interface RunOptions {
  preset: Preset;
  /** Suite names; default all registered suites. */
  suites?: readonly string[];
  dir: string;
  force: boolean;
  repoRoot: string;
  log: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

export interface SuiteOutcome {
  suite: SuiteName;
  status: SuiteStatus;
  /** true when an earlier completed record was kept (resume). */
  reused: boolean;
  reason?: string;
  path: string;
}

export interface RunSummary {
  outcomes: SuiteOutcome[];
  report: WrittenReport;
}

/** Validates suite names; an unknown one lists the valid ones. */
export function resolveSuiteNames(names: readonly string[] | undefined): SuiteName[] {
  if (!names || names.length === 0) return [...SUITE_NAMES];
  const out: SuiteName[] = [];
  for (const n of names) {
    if (!(SUITE_NAMES as readonly string[]).includes(n)) {
      throw new BenchInputError(`--suite ${n}`, 'is not a registered suite', `use one of: ${SUITE_NAMES.join(', ')}`);
    }
    if (!out.includes(n as SuiteName)) out.push(n as SuiteName);
  }
  return out;
}

/** Runs one suite and turns skips and errors into results. */
export async function runOneSuite(name: SuiteName, preset: Preset, opts: SuiteOptions): Promise<SuiteResult> {
  try {
    return await SUITES[name].run(preset, opts);
  } catch (err) {
    if (err instanceof SuiteSkipped) return { status: 'skipped', reason: err.reason, summary: `skipped: ${err.reason}`, figures: [] };
    const e = err as Error;
    return { status: 'failed', reason: `${e.name ?? 'Error'}: ${e.message ?? String(err)}`, summary: 'crashed (see reason)', figures: [], details: { stack: e.stack } };
  }
}

export function toRecord(suite: string, preset: Preset, result: SuiteResult, durationMs: number, extraBackends: readonly BackendInfo[] = []): SuiteRecord {
  const own = result.backends ?? [];
  const names = new Set(own.map((b) => b.name));
  return {
    schema: 'prorl-bench/suite@1',
    suite,
    preset,
    timestamp: new Date().toISOString(),
    durationMs: Math.round(durationMs),
    machine: machineInfo(),
    ...result,
    backends: [...jsBackends().filter((b) => !names.has(b.name)), ...extraBackends, ...own],
  };
}

export async function runSuites(o: RunOptions): Promise<RunSummary> {
  const names = resolveSuiteNames(o.suites);
  const outcomes: SuiteOutcome[] = [];
  const sOpts: SuiteOptions = { repoRoot: o.repoRoot, dir: o.dir, log: o.log, env: o.env };
  for (const [i, name] of names.entries()) {
    const tag = `[${i + 1}/${names.length}] ${name} (${o.preset})`;
    const prior = o.force ? undefined : completedRecord(o.dir, name, o.preset);
    if (prior) {
      o.log(`${tag}: already completed at ${prior.timestamp} (${prior.status}); reusing it (pass --force to re-run)`);
      outcomes.push({ suite: name, status: prior.status, reused: true, path: `${o.dir}/${name}.json`, ...(prior.reason ? { reason: prior.reason } : {}) });
      continue;
    }
    o.log(`${tag}: running`);
    const t0 = performance.now();
    const result = await runOneSuite(name, o.preset, sOpts);
    const ms = performance.now() - t0;
    const path = writeSuiteRecord(o.dir, toRecord(name, o.preset, result, ms));
    o.log(`${tag}: ${result.status}${result.reason ? ` — ${result.reason}` : ''} in ${(ms / 1000).toFixed(1)} s -> ${path}`);
    outcomes.push({ suite: name, status: result.status, reused: false, path, ...(result.reason ? { reason: result.reason } : {}) });
  }
  const report = writeReport(o.dir);
  o.log(`report: ${report.reportPath} (${report.suites.length} suite records, ${report.plotPaths.length} plots)`);
  return { outcomes, report };
}
