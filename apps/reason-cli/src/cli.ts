#!/usr/bin/env node
/**
 * prorl-reason: the command line over @prorl/reasoning's task suite and verifiers.
 *
 *   prorl-reason tasks list [--json]
 *   prorl-reason tasks sample --family F [--level L] [--seed S] [--json]
 *   prorl-reason tasks export [--suite NAME] [--split test] [--n N] [--family F] --out FILE.jsonl
 *   prorl-reason tasks check [--n 50] [--family F]
 *   prorl-reason score --in FILE.jsonl [--json]
 *   prorl-reason eval (--checkpoint label=DIR ... | --endpoint URL --model NAME) --out DIR [--n 16] [--resume]
 *   prorl-reason serve --checkpoint DIR [--port 8000]
 *   prorl-reason sft --out DIR [--families a,b] [--levels 1] [--steps 200] ...
 *   prorl-reason train --init DIR --out DIR [--config FILE] [--resume] [--steps 30] ...
 *   prorl-reason demo [--json] [--out runs/demo] [--seed 0] [--base DIR]
 *   prorl-reason sample --checkpoint DIR --prompt TEXT [--n 4] [--json]
 *   prorl-reason export --checkpoint DIR --out DIR
 *
 * Handlers only parse, resolve and call library functions. Exit codes: 0 ok, 1 check failures or an
 * internal error, 2 bad input (with a message naming the file, line or option and the fix).
 */
import { closeDefaultSandboxPool } from '@prorl/reasoning';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { demoCommand } from './commands/demo.js';
import { evalCommand } from './commands/eval.js';
import { exportCommand } from './commands/export.js';
import { sampleCommand } from './commands/sample.js';
import { scoreCommand } from './commands/score.js';
import { serveCommand } from './commands/serve.js';
import { sftCommand } from './commands/sft.js';
import { tasksCheckCommand } from './commands/tasks-check.js';
import { tasksExportCommand } from './commands/tasks-export.js';
import { tasksListCommand } from './commands/tasks-list.js';
import { tasksSampleCommand } from './commands/tasks-sample.js';
import { trainCommand } from './commands/train.js';
import { CliInputError, reportError } from './errors.js';

export async function main(argv: string[]): Promise<number> {
  const cli = yargs(argv)
    .scriptName('prorl-reason')
    .usage('$0 <command> [options]')
    .command('tasks', 'Inspect, export and self-check the task suite (list, sample, export, check).', (y) =>
      tasksCheckCommand(tasksExportCommand(tasksSampleCommand(tasksListCommand(y))))
        .demandCommand(1, 'Name a tasks subcommand: list, sample, export, check.')
        .strict(),
    )
    .demandCommand(1, 'Name a command: tasks, score, eval, serve, sft, train, demo, sample, export.')
    .strict()
    .help()
    .version(false)
    .fail((msg, err) => {
      // Validation problems come as a message; errors thrown by handlers come as `err`.
      if (err) throw err;
      throw new CliInputError('arguments', msg, 'see `prorl-reason --help` (or `<command> --help`) for the options and their defaults');
    })
    .wrap(Math.min(120, process.stdout.columns || 100));
  scoreCommand(cli);
  evalCommand(cli);
  serveCommand(cli);
  sftCommand(cli);
  trainCommand(cli);
  demoCommand(cli);
  sampleCommand(cli);
  exportCommand(cli);
  try {
    await cli.parseAsync();
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    return reportError(err);
  } finally {
    await closeDefaultSandboxPool();
  }
}

process.exitCode = await main(hideBin(process.argv));
