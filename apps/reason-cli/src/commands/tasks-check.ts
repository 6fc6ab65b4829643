import { checkSuite } from '@prorl/reasoning';
import type { Argv } from 'yargs';
import { CliInputError, EXIT_FAILED, EXIT_OK } from '../errors.js';

export function tasksCheckCommand(y: Argv): Argv {
  return y.command(
    'check',
    'Self-check: for every family, level and seed 0..n-1 the item generates deterministically and both the oracle answer and solve() score 1. Prints failures, then "N passed, M failed"; exit 1 on any failure.',
    (c) =>
      c
        .option('n', { type: 'number', default: 50, describe: 'seeds per family and level' })
        .option('family', { type: 'string', array: true, describe: 'check only these families (repeatable; default all)' }),
    async (args) => {
      if (!Number.isInteger(args.n) || args.n < 1) throw new CliInputError('--n', `must be a positive integer, got ${args.n}`, 'pass e.g. --n 200');
      const progress = process.stderr.isTTY
        ? (done: number, total: number) => {
            if (done % 100 === 0 || done === total) process.stderr.write(`\rchecked ${done}/${total}`);
          }
        : undefined;
      const report = await checkSuite({ n: args.n, ...(args.family ? { families: args.family.map(String) } : {}), ...(progress ? { onProgress: progress } : {}) });
      if (progress) process.stderr.write('\n');
      for (const f of report.failures) process.stdout.write(`FAIL ${f.family} L${f.level} seed ${f.seed} ${f.what}: ${f.detail}\n`);
      process.stdout.write(`${report.passed} passed, ${report.failed} failed\n`);
      process.exitCode = report.failed > 0 ? EXIT_FAILED : EXIT_OK;
    },
  );
}
