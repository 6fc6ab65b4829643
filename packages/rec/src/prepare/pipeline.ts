/**
 * From raw interactions to a ProRL recommendation dataset, the paper's recipe (§4.1, App. B):
 * config → k-core → time-ordered sequences → 80/10/10 user split → coherent path mining per split →
 * test targets (a random item the user never interacted with, after the whole mined path) → semantic
 * IDs (residual k-means over interaction + attribute embeddings) when the dataset ships none.
 */
import { Rng } from '@prorl/rl-core';
import type { LoadedInteractions } from '../data/movielens.js';
import { RecDataError } from '../data/errors.js';
import type { PathRecord, RecDataset, SemanticIds } from '../data/types.js';
import { itemEmbeddings, residualKMeansIds, type ResidualKMeansConfig } from '../semantic-ids/residual-kmeans.js';
import { kCore } from './kcore.js';
import { minePaths, type PathMiningConfig } from './path-mining.js';
import { userSequences } from './sequences.js';
import { drawTestTarget, splitUsers } from './split.js';

export interface PrepareConfig {
  /** Minimum interactions per user after filtering. Paper: 20 (ML-1M, Steam). */
  userK: number;
  /** Minimum interactions per item. Paper: 40 (ML-1M, Steam); ML-100K is smaller, 10 keeps most. */
  itemK: number;
  /** Path mining (history length 10, segments up to 10 items, excluded attributes). */
  mining: PathMiningConfig;
  /** Train / val / test user shares. Paper: 0.8 / 0.1 / 0.1. */
  split: [number, number, number];
  /** Seeds the user split and the test targets. */
  seed: number;
  /** Semantic IDs for catalogues without them. */
  semanticIds: Partial<ResidualKMeansConfig> & { embeddingDim?: number };
}

export const DEFAULT_PREPARE: PrepareConfig = {
  userK: 20,
  itemK: 10,
  mining: { historyLen: 10, maxSegment: 10, exclude: ['Drama'] },
  split: [0.8, 0.1, 0.1],
  seed: 2024,
  semanticIds: { levels: 3, codebookSize: 32, embeddingDim: 32 },
};

export function resolvePrepareConfig(partial: Partial<PrepareConfig> = {}): PrepareConfig {
  const cfg: PrepareConfig = {
    ...DEFAULT_PREPARE,
    ...partial,
    mining: { ...DEFAULT_PREPARE.mining, ...partial.mining },
    semanticIds: { ...DEFAULT_PREPARE.semanticIds, ...partial.semanticIds },
  };
  for (const k of ['userK', 'itemK'] as const) {
    if (!Number.isInteger(cfg[k]) || cfg[k] < 1) throw new RecDataError(`config.${k}`, null, `must be a positive integer, got ${cfg[k]}`, 'use e.g. 20 / 10');
  }
  const s = cfg.split;
  if (s.length !== 3 || s.some((x) => !(x >= 0)) || Math.abs(s[0] + s[1] + s[2] - 1) > 1e-9) {
    throw new RecDataError('config.split', null, `must be three non-negative shares summing to 1, got ${JSON.stringify(s)}`, 'use [0.8, 0.1, 0.1]');
  }
  if (!Number.isInteger(cfg.mining.historyLen) || cfg.mining.historyLen < 1) {
    throw new RecDataError('config.mining.historyLen', null, `must be a positive integer, got ${cfg.mining.historyLen}`, 'use 10 (the paper)');
  }
  if (!Number.isInteger(cfg.mining.maxSegment) || cfg.mining.maxSegment < 2) {
    throw new RecDataError('config.mining.maxSegment', null, `must be an integer >= 2, got ${cfg.mining.maxSegment}`, 'use 10 (the paper)');
  }
  return cfg;
}

export function prepareDataset(name: string, loaded: LoadedInteractions, partial: Partial<PrepareConfig> = {}, semanticIds?: SemanticIds): RecDataset {
  const cfg = resolvePrepareConfig(partial);
  const filtered = kCore(loaded.interactions, cfg.userK, cfg.itemK);
  if (filtered.length === 0) {
    throw new RecDataError(name, null, `no interactions survive the ${cfg.userK}/${cfg.itemK} k-core`, 'lower userK / itemK');
  }
  const sequences = userSequences(filtered);
  const rng = new Rng(cfg.seed);
  const split = splitUsers(sequences.keys(), rng, cfg.split);
  const items = [...new Set(filtered.map((x) => x.item))].sort();
  const mineFor = (users: Set<string>): PathRecord[] =>
    minePaths(new Map([...sequences].filter(([u]) => users.has(u))), loaded.catalog, cfg.mining);
  const train = mineFor(split.train);
  const val = mineFor(split.val);
  const userItems = new Map([...sequences].map(([u, s]) => [u, new Set(s)]));
  const test = mineFor(split.test).map((r) => drawTestTarget(r, userItems.get(r.user!)!, items, rng));
  let ids = semanticIds;
  if (!ids) {
    const { emb, D } = itemEmbeddings(items, sequences, (it) => loaded.catalog.get(it)?.attributes ?? [], cfg.semanticIds.embeddingDim ?? 32, cfg.seed);
    ids = residualKMeansIds(items, emb, D, { ...cfg.semanticIds, seed: cfg.seed });
  }
  const catalog = new Map([...loaded.catalog].filter(([id]) => items.includes(id)));
  return {
    name,
    catalog,
    sequences,
    train,
    val,
    test,
    semanticIds: ids,
    notes: [
      ...loaded.notes,
      `${cfg.userK}/${cfg.itemK} k-core: ${filtered.length} interactions, ${sequences.size} users, ${items.length} items.`,
      `Users split ${cfg.split.join('/')} (seed ${cfg.seed}); paths mined with history ${cfg.mining.historyLen}, segments <= ${cfg.mining.maxSegment}, ` +
        `oracle ignoring [${cfg.mining.exclude.join(', ')}]: ${train.length} train, ${val.length} val, ${test.length} test records.`,
      semanticIds ? 'Semantic IDs: supplied.' : `Semantic IDs: residual k-means, ${cfg.semanticIds.levels} levels x ${cfg.semanticIds.codebookSize} codes + collision digit.`,
    ],
  };
}
