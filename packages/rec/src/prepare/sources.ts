/**
 * One entry point for `prorl-rec prepare`: read a supported source and return a prepared dataset.
 *  - `ml-100k`: MovieLens-100K raw files (timestamps) → the whole pipeline.
 *  - `ml-1m-raw`: MovieLens-1M raw files (ratings without timestamps: file order stands in for time).
 *  - `release`: the paper's released records (`--name ml-1m | Steam | Books`), used as released;
 *    with `histories` (ML-1M only), plus every user's ML-1M ratings for the simulator
 *    (`attachReleaseHistories`).
 *  - `recbole`: RecBole atomic files (`--inter FILE --item FILE`) → the whole pipeline.
 */
import { join } from 'node:path';
import { RecDataError } from '../data/errors.js';
import { loadMovieLens100K, loadMovieLens1M } from '../data/movielens.js';
import { loadProrlRelease, releaseDatamapsFile } from '../data/prorl-release.js';
import { attachReleaseHistories } from './release-histories.js';
import { loadRecBoleInteractions, loadRecBoleItems } from '../data/recbole.js';
import type { RecDataset } from '../data/types.js';
import { prepareDataset, type PrepareConfig } from './pipeline.js';

export type DataSource = 'ml-100k' | 'ml-1m-raw' | 'release' | 'recbole';
export const DATA_SOURCES: readonly DataSource[] = ['ml-100k', 'ml-1m-raw', 'release', 'recbole'];

export interface SourceOptions {
  source: DataSource;
  /** The data root (holds movielens-100k/, ml-1m-raw/, prorl-rec/datasets/). */
  dataDir?: string;
  /** Release dataset name (source 'release'). */
  name?: string;
  /** RecBole files (source 'recbole'). */
  inter?: string;
  item?: string;
  /**
   * Source 'release', ML-1M only: give the simulator whole user histories from `<dataDir>/ml-1m-raw`
   * (the paper trains it on the training users' full histories) instead of pseudo-sequences of the
   * records. Default false.
   */
  histories?: boolean;
  config?: Partial<PrepareConfig>;
}

export function prepareFromSource(o: SourceOptions): RecDataset {
  if (o.histories && o.source !== 'release') throw new RecDataError('--sim-histories', null, `applies to source 'release' only, not '${o.source}'`, `drop it: '${o.source}' keeps each user's sequence already`);
  const need = (v: string | undefined, flag: string): string => {
    if (!v) throw new RecDataError(`--${flag}`, null, `is required for source '${o.source}'`, `pass --${flag}`);
    return v;
  };
  switch (o.source) {
    case 'ml-100k':
      return prepareDataset('ml-100k', loadMovieLens100K(join(need(o.dataDir, 'data'), 'movielens-100k')), o.config);
    case 'ml-1m-raw':
      return prepareDataset('ml-1m-raw', loadMovieLens1M(join(need(o.dataDir, 'data'), 'ml-1m-raw')), { userK: 20, itemK: 40, ...o.config });
    case 'release': {
      const root = need(o.dataDir, 'data');
      const name = need(o.name, 'name');
      if (o.histories && name !== 'ml-1m') throw new RecDataError('--sim-histories', null, `needs the ML-1M ratings; there are none for '${name}'`, 'drop --sim-histories, or use --name ml-1m');
      const dir = join(root, 'prorl-rec', 'datasets');
      const d = loadProrlRelease({ dir, name });
      if (!o.histories) return d;
      return attachReleaseHistories(d, { ratingsDir: join(root, 'ml-1m-raw'), datamapsFile: releaseDatamapsFile(dir, name), seed: o.config?.seed ?? 2024 });
    }
    case 'recbole': {
      const catalog = loadRecBoleItems(need(o.item, 'item'));
      const { interactions, timestamps } = loadRecBoleInteractions(need(o.inter, 'inter'));
      const unknown = interactions.find((x) => !catalog.has(x.item));
      if (unknown) throw new RecDataError(o.inter!, null, `item '${unknown.item}' is not in ${o.item}`, 'use the .item file of the same dataset');
      return prepareDataset('recbole', { interactions, catalog, timestamps, notes: [timestamps ? 'RecBole data with timestamps.' : 'RecBole data without timestamps: file order stands in for time.'] }, o.config);
    }
    default: {
      const never: never = o.source;
      throw new RecDataError('--source', null, `unknown source '${String(never)}'`, `use one of: ${DATA_SOURCES.join(', ')}`);
    }
  }
}
