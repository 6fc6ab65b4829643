import { generateItem, getFamily } from '@prorl/reasoning';
import type { Argv } from 'yargs';
import { CliInputError } from '../errors.js';

export function tasksSampleCommand(y: Argv): Argv {
  return y.command(
    'sample',
    'Generate one item and print its prompt, oracle answer and worked solution.',
    (c) =>
      c
        .option('family', { type: 'string', demandOption: true, describe: 'family name (see `tasks list`)' })
        .option('level', { type: 'number', describe: "difficulty level (default: the family's first level)" })
        .option('seed', { type: 'number', default: 0, describe: 'item seed; (family, level, seed) always gives the same item' })
        .option('json', { type: 'boolean', default: false, describe: 'print the item (with a `solution` field) as one JSON object' }),
    (args) => {
      const family = getFamily(args.family);
      const level = args.level ?? family.levels[0]!;
      if (!Number.isInteger(args.seed) || args.seed < 0) throw new CliInputError('--seed', `must be a non-negative integer, got ${args.seed}`, 'pass e.g. --seed 0');
      const item = generateItem(family.name, level, args.seed);
      const solution = family.solve(item);
      if (args.json) {
        process.stdout.write(`${JSON.stringify({ ...item, solution })}\n`);
        return;
      }
      process.stdout.write(
        [`id: ${item.id}  (domain ${item.domain})`, '--- prompt ---', item.prompt, '--- oracle ---', item.oracle, '--- worked solution ---', solution, ''].join('\n'),
      );
    },
  );
}
