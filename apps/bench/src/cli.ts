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
    'Measure throughput. Targets: rl-core (GRPO advantages + k3 KL + clipped loss, forward and backward, on 1M tokens).',
    (y) =>
      y
        .positional('target', { type: 'string', choices: ['rl-core'] as const, demandOption: true, describe: 'what to measure' })
        .option('tokens', { type: 'number', default: 1_000_000, describe: 'tokens per batch (B x T)' })
        .option('reps', { type: 'number', default: 7, describe: 'timed repetitions (median reported)' })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }),
    (args) => {
      switch (args.target) {
        case 'rl-core': {
          const r = runPerfRlCore({ tokens: args.tokens, reps: args.reps });
          process.stdout.write(args.json ? `${JSON.stringify(r)}\n` : `${formatPerfRlCore(r)}\n`);
          break;
        }
        default:
          fail(new BenchInputError(`perf ${String(args.target)}`, 'unknown target', 'use one of: rl-core'));
      }
    },
  )
  .demandCommand(1, 'Name a command: golden, perf.')
  .strict()
  .help()
  .parseAsync();
