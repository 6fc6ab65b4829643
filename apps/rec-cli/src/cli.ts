#!/usr/bin/env node
/**
 * prorl-rec: proactive recommendation with ProRL. Handlers parse, resolve config and call
 * @prorl/rec; no pipeline logic lives here.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { CENTRE_BY, DATA_SOURCES, DEFAULT_PATH_RL_CONFIG, DUPLICATE_MODES, EMPTY_PATH_RULES, EXPERIMENT_PRESETS, PATH_ABLATION_NAMES, PENALTY_MODES, RL_METHODS, SRC_STATS_SCOPES, SIMULATOR_KINDS, loadDataset, prepareFromSource, saveDataset, type DataSource, type ExperimentPreset, type PathAblation, type RlMethod, type SimulatorKind } from '@prorl/rec';
import { compare, evalPolicy, pipeline, pretrain, simulatorEval, simulatorTrain, sourceOptions, train, type Split } from './commands.js';
import { guard, isUserError } from './errors.js';

function run<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isUserError(err)) {
      process.stderr.write(`prorl-rec: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

const SPLITS: readonly Split[] = ['train', 'val', 'test'];
const PRESETS = Object.keys(EXPERIMENT_PRESETS) as ExperimentPreset[];
const SIM_HISTORIES = { type: 'boolean', default: false, describe: "source 'release' --name ml-1m: train the simulator on every user's ML-1M ratings (<data>/ml-1m-raw) instead of pseudo-sequences of the records" } as const;

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
        .option('sim-histories', SIM_HISTORIES)
        .option('user-k', { type: 'number', describe: 'k-core: minimum interactions per user (default 20)' })
        .option('item-k', { type: 'number', describe: 'k-core: minimum interactions per item (default 10; 40 for ml-1m-raw)' })
        .option('seed', { type: 'number', default: 2024, describe: 'seed of the user split and test targets' })
        .option('out', { type: 'string', demandOption: true, describe: 'output JSON file (written atomically)' })
        .option('json', { type: 'boolean', default: false, describe: 'print a JSON summary' }),
    (a) => {
      const opts = sourceOptions({ source: a.source as DataSource, seed: a.seed, histories: a['sim-histories'], ...(a.data ? { data: a.data } : {}), ...(a.name ? { name: a.name } : {}), ...(a.inter ? { inter: a.inter } : {}), ...(a.item ? { item: a.item } : {}), ...(a['user-k'] !== undefined ? { userK: a['user-k'] } : {}), ...(a['item-k'] !== undefined ? { itemK: a['item-k'] } : {}) });
      const d = run(() => prepareFromSource(opts));
      run(() => saveDataset(a.out, d));
      const summary = { dataset: d.name, out: a.out, items: d.catalog.size, train: d.train.length, val: d.val.length, test: d.test.length, notes: d.notes };
      process.stdout.write(a.json ? `${JSON.stringify(summary)}\n` : `${d.name}: ${d.catalog.size} items; ${d.train.length} train / ${d.val.length} val / ${d.test.length} test records -> ${a.out}\n${d.notes.map((n) => `  ${n}`).join('\n')}\n`);
    },
  )
  .command(
    'stats',
    'Summarise a prepared dataset file.',
    (y) => y.option('in', { type: 'string', demandOption: true, describe: 'a file written by `prorl-rec prepare`' }).option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }),
    (a) => {
      const d = run(() => loadDataset(a.in));
      const len = (rs: { path: string[] }[]) => (rs.length ? rs.reduce((s, r) => s + r.path.length, 0) / rs.length : 0);
      const s = { dataset: d.name, items: d.catalog.size, train: d.train.length, val: d.val.length, test: d.test.length, mean_path_len_train: len(d.train), mean_path_len_test: len(d.test) };
      process.stdout.write(a.json ? `${JSON.stringify(s)}\n` : `${Object.entries(s).map(([k, v]) => `${k}: ${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(2) : v}`).join('\n')}\n`);
    },
  )
  .command('simulator <action>', 'Train (`simulator train`) or evaluate (`simulator eval`) a user simulator (next-item HR@10 / NDCG@10).', (y) =>
    y
      .positional('action', { choices: ['train', 'eval'] as const, describe: 'train: fit and save a simulator; eval: HR@10 / NDCG@10 of a saved one' })
      .option('data', { type: 'string', demandOption: true, describe: 'prepared dataset (the --out of `prorl-rec prepare`)' })
      .option('kind', { choices: SIMULATOR_KINDS, default: 'sasrec' as SimulatorKind, describe: 'train: simulator family' })
      .option('out', { type: 'string', describe: 'train: run directory (model checkpoint + metrics.jsonl); required for train' })
      .option('simulator', { type: 'string', describe: 'eval: the --out directory of `simulator train` (or the checkpoint)' })
      .option('epochs', { type: 'number', default: 30, describe: 'train: maximum epochs (early stopping on val loss, patience 3)' })
      .option('batch-size', { type: 'number', describe: 'train: sequences per step (default 64)' })
      .option('d-model', { type: 'number', describe: 'train: hidden size (default 64)' })
      .option('layers', { type: 'number', describe: 'train: SASRec blocks (default 2)' })
      .option('heads', { type: 'number', describe: 'train: SASRec attention heads (default 2)' })
      .option('max-len', { type: 'number', describe: 'train: SASRec longest input sequence (default 50)' })
      .option('seed', { type: 'number', default: 2024, describe: 'weights, batch order and the fallback user split' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }),
    (a) =>
      guard(async () => {
        if (a.action === 'train') {
          if (!a.out) throw new (await import('./errors.js')).CliInputError('--out', 'is required for `simulator train`', 'pass --out DIR');
          await simulatorTrain({ data: a.data, kind: a.kind, out: a.out, epochs: a.epochs, seed: a.seed, json: a.json, ...(a['batch-size'] !== undefined ? { batchSize: a['batch-size'] } : {}), ...(a['d-model'] !== undefined ? { dModel: a['d-model'] } : {}), ...(a.layers !== undefined ? { layers: a.layers } : {}), ...(a.heads !== undefined ? { heads: a.heads } : {}), ...(a['max-len'] !== undefined ? { maxLen: a['max-len'] } : {}) });
        } else {
          if (!a.simulator) throw new (await import('./errors.js')).CliInputError('--simulator', 'is required for `simulator eval`', 'pass --simulator DIR');
          await simulatorEval({ data: a.data, simulator: a.simulator, seed: a.seed, json: a.json });
        }
      }),
  )
  .command('pretrain', 'Stage 1: supervised pretraining of the path policy (π_0) on the mined paths.', (y) =>
    y
      .option('data', { type: 'string', demandOption: true, describe: 'prepared dataset (needs semantic IDs)' })
      .option('out', { type: 'string', demandOption: true, describe: 'run directory: policy/ (checkpoint) and metrics.jsonl' })
      .option('split', { choices: SPLITS, default: 'train' as Split, describe: 'records to train on' })
      .option('epochs', { type: 'number', default: 3, describe: 'passes over the records (paper: 200)' })
      .option('max-steps', { type: 'number', default: 0, describe: 'stop after this many steps (0 = all epochs)' })
      .option('batch-size', { type: 'number', default: 64, describe: 'records per step (paper: 4096)' })
      .option('lr', { type: 'number', default: 3e-3, describe: 'peak AdamW learning rate, warmup then cosine (paper: 5e-3)' })
      .option('seed', { type: 'number', default: 2024, describe: 'initialisation and shuffling' })
      .option('d-model', { type: 'number', default: 128, describe: 'policy hidden size' })
      .option('heads', { type: 'number', default: 4, describe: 'policy attention heads' })
      .option('layers', { type: 'number', default: 4, describe: 'policy decoder layers' })
      .option('max-history', { type: 'number', default: 10, describe: 'history items in the prompt (paper: 10)' })
      .option('max-path', { type: 'number', default: 10, describe: 'P, longest path in items (paper: 10)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }),
    (a) => guard(() => pretrain({ data: a.data, out: a.out, split: a.split, epochs: a.epochs, maxSteps: a['max-steps'], batchSize: a['batch-size'], lr: a.lr, seed: a.seed, dModel: a['d-model'], heads: a.heads, layers: a.layers, maxHistory: a['max-history'], maxPath: a['max-path'], json: a.json })),
  )
  .command('train', 'Stage 2: RL fine-tuning of π_0 against a frozen simulator (ProRL = SRC + PSAE, or another estimator).', (y) =>
    y
      .option('data', { type: 'string', demandOption: true, describe: 'prepared dataset; prompts come from its train records' })
      .option('simulator', { type: 'string', demandOption: true, describe: 'the --out directory of `simulator train`' })
      .option('init', { type: 'string', demandOption: true, describe: 'the --out directory of `pretrain` (π_0, also the KL reference)' })
      .option('estimator', { choices: RL_METHODS, default: 'prorl' as RlMethod, describe: 'Table 5 estimator on SRC rewards, or reinforce_raw (raw rewards, §2.2)' })
      .option('ablation', { choices: PATH_ABLATION_NAMES, default: 'none' as PathAblation, describe: 'Table 4 ablation applied on top: wo_src, wo_psae, wo_ctr, wo_ioi, wo_ior' })
      .option('out', { type: 'string', demandOption: true, describe: 'run directory: latest/, reference/ and metrics.jsonl (one JSON line per step)' })
      .option('resume', { type: 'boolean', default: false, describe: 'continue from <out>/latest (weights, optimizer, SRC statistics, step)' })
      .option('epochs', { type: 'number', default: 2, describe: 'passes (paper: 50); SRC statistics freeze after epoch 1' })
      .option('steps-per-epoch', { type: 'number', default: 25, describe: 'steps per epoch (0 = a full pass over the records)' })
      .option('prompts', { type: 'number', default: 8, describe: 'G, prompts per step (paper: 512)' })
      .option('samples', { type: 'number', default: 16, describe: 'S, sampled paths per prompt (paper: 16)' })
      .option('lr', { type: 'number', default: 1e-4, describe: 'AdamW learning rate (paper ML-1M: 1e-4)' })
      .option('seed', { type: 'number', default: 1, describe: 'prompt order and rollouts (paper: 1)' })
      .option('checkpoint-every', { type: 'number', default: 0, describe: 'save <out>/latest every n steps (0 = at the end only)' })
      .option('stats-over', { choices: SRC_STATS_SCOPES, default: DEFAULT_PATH_RL_CONFIG.statsOver, describe: "items feeding SRC's μ and σ: all generated items (the paper's Eq. 5/6) or real ones only (the reference code)" })
      .option('penalties', { choices: PENALTY_MODES, default: DEFAULT_PATH_RL_CONFIG.penalties, describe: 'hallucinated items: centred (a fixed penalty outside μ, σ, then re-centred), fixed, or zscore (the reference code)' })
      .option('duplicates', { choices: DUPLICATE_MODES, default: DEFAULT_PATH_RL_CONFIG.duplicates, describe: 'repeated items: keep their IoI/IoR (the reference code) or reward them as hallucinated items' })
      .option('centre-by', { choices: CENTRE_BY, default: DEFAULT_PATH_RL_CONFIG.centreBy, describe: "penalties centred: one running mean of the fused rewards over all items, or one per path position" })
      .option('empty-paths', { choices: EMPTY_PATH_RULES, default: DEFAULT_PATH_RL_CONFIG.emptyPaths, describe: 'an EOS before the first item: a stop decision with a gradient, or skip (no gradient, the reference code)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
      .epilog('The reference code\'s reward handling: --stats-over real --penalties zscore --empty-paths skip (packages/rec/README.md explains each default).'),
    (a) => guard(() => train({ data: a.data, simulator: a.simulator, init: a.init, estimator: a.estimator, ablation: a.ablation, out: a.out, resume: a.resume, epochs: a.epochs, stepsPerEpoch: a['steps-per-epoch'], prompts: a.prompts, samples: a.samples, lr: a.lr, seed: a.seed, checkpointEvery: a['checkpoint-every'], rewards: { statsOver: a['stats-over'], penalties: a.penalties, duplicates: a.duplicates, centreBy: a['centre-by'], emptyPaths: a['empty-paths'] }, json: a.json })),
  )
  .command('eval', 'Evaluate a policy with the simulator: CTR, Coherence, IoI, IoR, path length, invalid rate, diversity.', (y) =>
    y
      .option('data', { type: 'string', demandOption: true, describe: 'prepared dataset' })
      .option('simulator', { type: 'string', demandOption: true, describe: 'the --out directory of `simulator train`' })
      .option('policy', { type: 'string', demandOption: true, describe: 'the --out directory of `pretrain` or `train` (or a checkpoint)' })
      .option('split', { choices: SPLITS, default: 'test' as Split, describe: 'records to evaluate on' })
      .option('records', { type: 'number', default: 0, describe: 'evaluate the first n records (0 = all)' })
      .option('k', { type: 'number', default: 1, describe: '1 = greedy @1 (paper); K > 1 = best of K sampled paths' })
      .option('seed', { type: 'number', default: 0, describe: 'sampling seed (K > 1)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }),
    (a) => guard(() => evalPolicy({ data: a.data, simulator: a.simulator, policy: a.policy, split: a.split, records: a.records, k: a.k, seed: a.seed, json: a.json })),
  )
  .command('compare', 'A table of methods on one dataset: mean and std over seeds (--json: { dataset, rows: [...] }).', (y) =>
    y
      .option('data', { type: 'string', demandOption: true, describe: 'prepared dataset' })
      .option('simulator', { type: 'string', demandOption: true, describe: 'the --out directory of `simulator train`' })
      .option('method', { type: 'string', array: true, default: [] as string[], describe: 'label=DIR, repeatable (a pretrain or train run directory)' })
      .option('baselines', { type: 'boolean', default: false, describe: 'add the random-path and simulator-greedy baselines' })
      .option('seeds', { type: 'number', default: 3, describe: 'evaluation seeds 1..n (drive sampling; greedy methods give std 0)' })
      .option('split', { choices: SPLITS, default: 'test' as Split, describe: 'records to evaluate on' })
      .option('records', { type: 'number', default: 0, describe: 'evaluate the first n records (0 = all)' })
      .option('k', { type: 'number', default: 1, describe: '1 = greedy @1; K > 1 = best of K' })
      .option('json', { type: 'boolean', default: false, describe: 'print exactly one JSON object { dataset, rows }' }),
    (a) => guard(() => compare({ data: a.data, simulator: a.simulator, method: a.method.map(String), baselines: a.baselines, seeds: a.seeds, split: a.split, records: a.records, k: a.k, json: a.json })),
  )
  .command('pipeline', 'Everything on one source: prepare → simulator → pretrain → RL (each method × seed) → compare; writes <out>/compare.json and run.json.', (y) =>
    y
      .option('source', { choices: DATA_SOURCES, default: 'ml-100k' as DataSource, describe: 'data source (see `prepare`)' })
      .option('data', { type: 'string', describe: 'data root (default: $PRORL_DATA_DIR, else ../shared/data)' })
      .option('name', { type: 'string', describe: "release dataset name (source 'release')" })
      .option('inter', { type: 'string', describe: "RecBole .inter file (source 'recbole')" })
      .option('item', { type: 'string', describe: "RecBole .item file (source 'recbole')" })
      .option('sim-histories', SIM_HISTORIES)
      .option('user-k', { type: 'number', describe: 'k-core: minimum interactions per user (default 20)' })
      .option('item-k', { type: 'number', describe: 'k-core: minimum interactions per item (default 10)' })
      .option('out', { type: 'string', demandOption: true, describe: 'run directory (dataset.json, simulator/, pretrain/, rl-*/, compare.json, run.json)' })
      .option('preset', { choices: PRESETS, default: 'ml100k' as ExperimentPreset, describe: 'sizes: ml100k (< 60 min on 2 cores), smoke (minutes), tiny (seconds), default, full; ML-1M (--source release --name ml-1m) pretrains longer and trains RL at the paper\'s ML-1M lr 1e-4' })
      .option('methods', { choices: RL_METHODS, array: true, default: ['prorl', 'reinforce', 'grpo'] as RlMethod[], describe: 'RL estimators to train' })
      .option('seeds', { type: 'number', default: 1, describe: 'RL seeds 1..n per method' })
      .option('baselines', { type: 'boolean', default: true, describe: 'add π_0, random paths and simulator-greedy (--no-baselines to skip)' })
      .option('held-out', { type: 'boolean', default: true, describe: "also score every method on the val records (natural targets, kept out of training) into run.json's heldOut (--no-held-out to skip)" })
      .option('json', { type: 'boolean', default: false, describe: 'print the compare object' }),
    (a) => guard(() => pipeline({ source: a.source, out: a.out, preset: a.preset, methods: a.methods, seeds: a.seeds, baselines: a.baselines, heldOut: a['held-out'], json: a.json, ...(a.data ? { data: a.data } : {}), ...(a.name ? { name: a.name } : {}), ...(a.inter ? { inter: a.inter } : {}), ...(a.item ? { item: a.item } : {}), ...(a['sim-histories'] ? { histories: true } : {}), ...(a['user-k'] !== undefined ? { userK: a['user-k'] } : {}), ...(a['item-k'] !== undefined ? { itemK: a['item-k'] } : {}) })),
  )
  .demandCommand(1, 'Name a command: prepare, stats, simulator train|eval, pretrain, train, eval, compare, pipeline.')
  .strict()
  .help()
  .wrap(Math.min(120, process.stdout.columns || 100))
  .parseAsync();
