import { parseSplit, sampleSuite, writeJsonlFile } from '@prorl/reasoning';
import type { Argv } from 'yargs';
import { CliInputError } from '../errors.js';

export function tasksExportCommand(y: Argv): Argv {
  return y.command(
    'export',
    'Sample items of a suite split and write them as JSONL (one item per line, with its split).',
    (c) =>
      c
        .option('suite', { type: 'string', default: 'default', describe: 'named suite: default (every family, first two levels), full (all levels), or a domain (math, algorithmic, logic, stem, code, instruction)' })
        .option('split', { type: 'string', default: 'test', describe: 'train | validation | test (splits never overlap)' })
        .option('n', { type: 'number', default: 100, describe: 'number of items' })
        .option('seed', { type: 'number', default: 0, describe: 'sampling seed (same suite, split, n, seed -> same items)' })
        .option('family', { type: 'string', describe: 'export only this family (default: every family of the suite)' })
        .option('out', { type: 'string', demandOption: true, describe: 'output .jsonl file (written atomically)' }),
    async (args) => {
      if (!Number.isInteger(args.n) || args.n < 1) throw new CliInputError('--n', `must be a positive integer, got ${args.n}`, 'pass e.g. --n 100');
      const items = sampleSuite(args.suite, { split: parseSplit(args.split), n: args.n, seed: args.seed, ...(args.family ? { family: args.family } : {}) });
      await writeJsonlFile(args.out, items);
      process.stdout.write(`wrote ${items.length} items (suite ${args.suite}, split ${args.split}${args.family ? `, family ${args.family}` : ''}) to ${args.out}\n`);
    },
  );
}
