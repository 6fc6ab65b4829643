/**
 * MovieLens loaders.
 *  - ML-100K: `u.data` (`user<TAB>item<TAB>rating<TAB>unix_ts`), `u.item` (`|`-separated, 19 genre
 *    flags at the end, names from `u.genre`).
 *  - ML-1M: `movies.dat` (`MovieID::Title::Genres`, ISO-8859-1) and ratings either as GroupLens's
 *    `ratings.dat` (`UserID::MovieID::Rating::Timestamp`) or the timestamp-less `ratings_uir.tsv`
 *    (`user_id item_index movie_id rating`; rows without a resolved movie_id are skipped). Without
 *    timestamps the within-user order is the file order, which is NOT chronological: say so in reports.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RecDataError } from './errors.js';
import { lines, numField, readText } from './text.js';
import type { Catalog, Interaction } from './types.js';

export interface LoadedInteractions {
  interactions: Interaction[];
  catalog: Catalog;
  /** True when `time` holds real timestamps. */
  timestamps: boolean;
  notes: string[];
}

/** Loads ML-100K from its folder (u.data, u.item, u.genre). */
export function loadMovieLens100K(dir: string): LoadedInteractions {
  const genreFile = join(dir, 'u.genre');
  const genres: string[] = [];
  for (const [line, no] of lines(readText(genreFile, 'latin1'))) {
    const [name, idx] = line.split('|');
    const i = numField(idx, genreFile, no, 'index');
    if (name === undefined) throw new RecDataError(genreFile, no, 'missing genre name', 'fix the line');
    genres[i] = name;
  }
  const itemFile = join(dir, 'u.item');
  const catalog: Catalog = new Map();
  for (const [line, no] of lines(readText(itemFile, 'latin1'))) {
    const f = line.split('|');
    if (f.length < 5 + genres.length) {
      throw new RecDataError(itemFile, no, `has ${f.length} fields, expected ${5 + genres.length}`, 'restore the original u.item');
    }
    const id = f[0]!.trim();
    const flags = f.slice(f.length - genres.length);
    const attributes = genres.filter((_, g) => flags[g] === '1');
    catalog.set(id, { id, title: f[1], attributes });
  }
  const dataFile = join(dir, 'u.data');
  const interactions: Interaction[] = [];
  for (const [line, no] of lines(readText(dataFile))) {
    const f = line.split('\t');
    if (f.length < 4) throw new RecDataError(dataFile, no, `has ${f.length} tab-separated fields, expected 4 (user item rating timestamp)`, 'fix or remove the line');
    const item = f[1]!.trim();
    if (!catalog.has(item)) throw new RecDataError(dataFile, no, `item '${item}' is not in u.item`, 'use the u.item of the same release');
    interactions.push({ user: f[0]!.trim(), item, rating: numField(f[2], dataFile, no, 'rating'), time: numField(f[3], dataFile, no, 'timestamp') });
  }
  return { interactions, catalog, timestamps: true, notes: [`ML-100K: ${interactions.length} ratings with timestamps from ${dataFile}.`] };
}

/** Loads ML-1M: movies.dat plus ratings.dat (preferred) or ratings_uir.tsv. */
export function loadMovieLens1M(dir: string): LoadedInteractions {
  const moviesFile = join(dir, 'movies.dat');
  const catalog: Catalog = new Map();
  for (const [line, no] of lines(readText(moviesFile, 'latin1'))) {
    const f = line.split('::');
    if (f.length !== 3) throw new RecDataError(moviesFile, no, `has ${f.length} '::'-separated fields, expected 3`, 'restore the original movies.dat');
    const id = f[0]!.trim();
    catalog.set(id, { id, title: f[1], attributes: f[2]!.split('|').filter(Boolean) });
  }
  const interactions: Interaction[] = [];
  const datFile = join(dir, 'ratings.dat');
  if (existsSync(datFile)) {
    for (const [line, no] of lines(readText(datFile))) {
      const f = line.split('::');
      if (f.length !== 4) throw new RecDataError(datFile, no, `has ${f.length} fields, expected UserID::MovieID::Rating::Timestamp`, 'fix or remove the line');
      const item = f[1]!.trim();
      if (!catalog.has(item)) throw new RecDataError(datFile, no, `movie '${item}' is not in movies.dat`, 'use the movies.dat of the same release');
      interactions.push({ user: f[0]!.trim(), item, rating: numField(f[2], datFile, no, 'rating'), time: numField(f[3], datFile, no, 'timestamp') });
    }
    return { interactions, catalog, timestamps: true, notes: [`ML-1M: ${interactions.length} ratings with timestamps.`] };
  }
  const tsvFile = join(dir, 'ratings_uir.tsv');
  let skipped = 0;
  let order = 0;
  for (const [line, no] of lines(readText(tsvFile))) {
    if (no === 1 && line.startsWith('user_id')) continue;
    const f = line.split('\t');
    if (f.length < 4) throw new RecDataError(tsvFile, no, `has ${f.length} fields, expected user_id item_index movie_id rating`, 'fix or remove the line');
    const item = f[2]!.trim();
    if (item === '') {
      skipped++;
      continue;
    }
    if (!catalog.has(item)) throw new RecDataError(tsvFile, no, `movie '${item}' is not in movies.dat`, 'use the movies.dat of the same release');
    interactions.push({ user: f[0]!.trim(), item, rating: numField(f[3], tsvFile, no, 'rating'), time: order++ });
  }
  return {
    interactions,
    catalog,
    timestamps: false,
    notes: [`ML-1M: ${interactions.length} ratings WITHOUT timestamps (file order stands in for time; ${skipped} rows with unresolved movie ids skipped).`],
  };
}
