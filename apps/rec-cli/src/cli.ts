#!/usr/bin/env node
/**
 * prorl-rec: proactive recommendation with ProRL. Handlers parse, resolve config and call
 * @prorl/rec; no pipeline logic lives here.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { DATA_SOURCES, RecDataError, loadDataset, prepareFromSource, resolveDataDir, saveDataset, type DataSource } from '@prorl/rec';

function run<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RecDataError) {
      process.stderr.write(`prorl-rec: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

await yargs(hideBin(process.argv))
  .scriptName('prorl-rec')
  .usage('$0 <command> [options]')
  .command(
    'prepare',
    'Build a dataset (k-core, sequences, coherent paths, splits, semantic IDs) and write it as one JSON file.',
    (y) =>
      y
        .option('source', { choices: DATA_SOURCES, demandOption: true, describe: 'ml-100k | ml-1m-raw (raw MovieLens), release (the paper\'s records), recbole (atomic files)' })
        .option('data', { type: 'string', describe: 'data root holding movielens-100k/, ml-1m-raw/, prorl-rec/datasets/ (default: $PRORL_DATA_DIR, else ../shared/data)' })
        .option('name', { type: 'string', describe: "release dataset: ml-1m, Steam or Books (source 'release')" })
        .option('inter', { type: 'string', describe: "RecBole .inter file (source 'recbole')" })
        .option('item', { type: 'string', describe: "RecBole .item file (source 'recbole')" })
        .option('user-k', { type: 'number', describe: 'k-core: minimum interactions per user (default 20)' })
        .option('item-k', { type: 'number', describe: 'k-core: minimum interactions per item (default 10; 40 for ml-1m-raw)' })
        .option('seed', { type: 'number', default: 2024, describe: 'seed of the user split and test targets' })
        .option('out', { type: 'string', demandOption: true, describe: 'output JSON file (written atomically)' })
        .option('json', { type: 'boolean', default: false, describe: 'print a JSON summary' }),
    (a) => {
      const config: Record<string, unknown> = { seed: a.seed };
      if (a['user-k'] !== undefined) config.userK = a['user-k'];
      if (a['item-k'] !== undefined) config.itemK = a['item-k'];
      const opts: Parameters<typeof prepareFromSource>[0] = { source: a.source as DataSource, config };
      const dataDir = resolveDataDir(a.data);
      if (dataDir) opts.dataDir = dataDir;
      if (a.name) opts.name = a.name;
      if (a.inter) opts.inter = a.inter;
      if (a.item) opts.item = a.item;
      const d = run(() => prepareFromSource(opts));
      run(() => saveDataset(a.out, d));
      const summary = { dataset: d.name, out: a.out, items: d.catalog.size, train: d.train.length, val: d.val.length, test: d.test.length, notes: d.notes };
      process.stdout.write(a.json ? `${JSON.stringify(summary)}\n` : `${d.name}: ${d.catalog.size} items; ${d.train.length} train / ${d.val.length} val / ${d.test.length} test records -> ${a.out}\n${d.notes.map((n) => `  ${n}`).join('\n')}\n`);
    },
  )
  .command(
    'stats',
    'Summarise a prepared dataset file.',
    (y) => y.option('in', { type: 'string', demandOption: true, describe: 'a file written by `prorl-rec prepare`' }).option('json', { type: 'boolean', default: false }),
    (a) => {
      const d = run(() => loadDataset(a.in));
      const len = (rs: { path: string[] }[]) => (rs.length ? rs.reduce((s, r) => s + r.path.length, 0) / rs.length : 0);
      const s = { dataset: d.name, items: d.catalog.size, train: d.train.length, val: d.val.length, test: d.test.length, mean_path_len_train: len(d.train), mean_path_len_test: len(d.test) };
      process.stdout.write(a.json ? `${JSON.stringify(s)}\n` : `${Object.entries(s).map(([k, v]) => `${k}: ${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(2) : v}`).join('\n')}\n`);
    },
  )
  .demandCommand(1, 'Name a command: prepare, stats.')
  .strict()
  .help()
  .parseAsync();
