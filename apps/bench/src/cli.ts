#!/usr/bin/env node
/**
 * prorl-bench: conformance, speed against peers and paper reproductions. Handlers parse arguments,
 * call a suite function and print; no benchmark logic lives here.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { formatGolden, runGolden } from './suites/golden.js';
import { formatPerfRlCore, runPerfRlCore } from './suites/perf-rl-core.js';
import { BenchInputError } from './errors.js';
import { writeReport } from './report/write-report.js';
import { PRESETS, type Preset } from './report/types.js';
import { defaultResultsDir, findRepoRoot } from './repo-root.js';
import { runSuites } from './run-suites.js';
import { SUITES, SUITE_NAMES } from './suites/registry.js';
import { resolve } from 'node:path';

function fail(err: unknown): never {
  if (err instanceof BenchInputError) {
    process.stderr.write(`prorl-bench: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}

await yargs(hideBin(process.argv))
  .scriptName('prorl-bench')
  .usage('$0 <command> [options]')
  .command(
    'golden',
    'Check every golden fixture file in a directory against rl-core; prints failing cases, then "N passed, M failed".',
    (y) =>
      y
        .option('fixtures', { type: 'string', demandOption: true, describe: 'directory of fixture *.json files (schema of ../shared/fixtures/rl-golden)' })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON object instead of text' }),
    (args) => {
      let report;
      try {
        report = runGolden(args.fixtures);
      } catch (err) {
        fail(err);
      }
      if (args.json) {
        const failures = report.files.flatMap((f) => f.results.filter((r) => !r.passed).map((r) => ({ file: f.file, ...r })));
        process.stdout.write(`${JSON.stringify({ dir: report.dir, passed: report.passed, failed: report.failed, failures })}\n`);
      } else {
        process.stdout.write(`${formatGolden(report)}\n`);
      }
      process.exitCode = report.failed > 0 ? 1 : 0;
    },
  )
  .command(
    'perf <target>',
    'Measure throughput. Targets: rl-core (GRPO advantages + k3 KL + clipped loss, forward and backward, on 1M tokens); policy (train step and rollout vs a PyTorch peer, side by side, with the sgemm peak); sim (user-simulator scoring and step rewards per second); scaling (time vs batch size and sequence length, fitted exponents).',
    (y) =>
      y
        .positional('target', { type: 'string', choices: ['rl-core', 'policy', 'sim', 'scaling'] as const, demandOption: true, describe: 'what to measure' })
        .option('preset', { type: 'string', choices: PRESETS, default: 'default', describe: 'policy, sim, scaling: how much to measure (smoke | default | full)' })
        .option('tokens', { type: 'number', default: 1_000_000, describe: 'tokens per batch (B x T)' })
        .option('reps', { type: 'number', default: 7, describe: 'timed repetitions (median reported)' })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }),
    async (args) => {
      switch (args.target) {
        case 'policy': {
          const { formatPerfPolicy, runPerfPolicy } = await import('./suites/perf-policy.js');
          const r = await runPerfPolicy(args.preset as Preset, { log: (l) => process.stderr.write(`${l}\n`), env: process.env });
          process.stdout.write(args.json ? `${JSON.stringify(r)}\n` : `${formatPerfPolicy(r)}\n`);
          break;
        }
        case 'rl-core': {
          const r = runPerfRlCore({ tokens: args.tokens, reps: args.reps });
          process.stdout.write(args.json ? `${JSON.stringify(r)}\n` : `${formatPerfRlCore(r)}\n`);
          break;
        }
        case 'sim': {
          const { formatPerfSim, perfSimPlan, runPerfSim } = await import('./suites/perf-sim.js');
          const r = await runPerfSim(perfSimPlan(args.preset as Preset), (l) => process.stderr.write(`${l}\n`));
          process.stdout.write(args.json ? `${JSON.stringify(r)}\n` : `${formatPerfSim(r)}\n`);
          break;
        }
        case 'scaling': {
          const { formatPerfScaling, perfScalingPlan, runPerfScaling } = await import('./suites/perf-scaling.js');
          const r = await runPerfScaling(perfScalingPlan(args.preset as Preset), (l) => process.stderr.write(`${l}\n`));
          process.stdout.write(args.json ? `${JSON.stringify(r)}\n` : `${formatPerfScaling(r)}\n`);
          break;
        }
        default:
          fail(new BenchInputError(`perf ${String(args.target)}`, 'unknown target', 'use one of: rl-core, policy, sim, scaling'));
      }
    },
  )
  .command(
    'run',
    `Run benchmark suites at a preset, write <dir>/<suite>.json and regenerate <dir>/REPORT.md. Suites: ${SUITE_NAMES.map((n) => `${n} (${SUITES[n].description})`).join('; ')}.`,
    (y) =>
      y
        .option('preset', { type: 'string', choices: PRESETS, default: 'default', describe: 'smoke (small sizes, seconds per suite: checks the pipeline), default, full' })
        .option('suite', { type: 'string', array: true, describe: `suite(s) to run (default all): ${SUITE_NAMES.join(', ')}` })
        .option('dir', { type: 'string', describe: 'results folder (default bench-results/ at the repo root)' })
        .option('force', { type: 'boolean', default: false, describe: 're-run suites that already completed at this preset' }),
    async (args) => {
      const dir = args.dir ? resolve(args.dir) : defaultResultsDir();
      let summary;
      try {
        summary = await runSuites({
          preset: args.preset as Preset,
          ...(args.suite ? { suites: args.suite } : {}),
          dir,
          force: args.force,
          repoRoot: findRepoRoot(),
          log: (l) => process.stderr.write(`${l}\n`),
          env: process.env,
        });
      } catch (err) {
        fail(err);
      }
      for (const o of summary.outcomes) process.stdout.write(`${o.suite}: ${o.status}${o.reused ? ' (reused)' : ''}${o.reason ? ` — ${o.reason}` : ''}\n`);
      process.stdout.write(`report: ${summary.report.reportPath}\n`);
      process.exitCode = summary.outcomes.some((o) => o.status === 'failed') ? 1 : 0;
    },
  )
  .command(
    'report',
    'Regenerate <dir>/REPORT.md and its SVG plots from the suite JSON files in <dir>.',
    (y) => y.option('dir', { type: 'string', describe: 'results folder (default bench-results/ at the repo root)' }),
    (args) => {
      const w = writeReport(args.dir ? resolve(args.dir) : defaultResultsDir());
      for (const i of w.ignored) process.stderr.write(`prorl-bench: ignored ${i.file}: ${i.why}\n`);
      process.stdout.write(`${w.reportPath} (${w.suites.length} suites: ${w.suites.join(', ') || 'none'}; ${w.plotPaths.length} plots)\n`);
    },
  )
  .demandCommand(1, 'Name a command: golden, perf, run, report.')
  .strict()
  .help()
  .parseAsync();
