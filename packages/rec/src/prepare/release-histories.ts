/**
 * Whole user histories for the paper's released ML-1M records, from the public ML-1M ratings, so the
 * simulator trains as in the paper (§C: the full histories of the training users) instead of on
 * pseudo-sequences of the RL prompts.
 *
 * The release has no train split and no interaction file; ML-1M's ratings give every user's items.
 *  - Order: with `ratings.dat` (timestamps) each history is time-ordered. With `ratings_uir.tsv`
 *    (no timestamps) each history is shuffled with the seed, and then each of the user's released
 *    val records (history ⊕ path, whose order is real) is moved, in order, to the end. A shuffled
 *    history carries no order signal: the simulator learns which items go together, not which follow.
 *  - Users: release user ids are internal; `id2user` in the datamaps maps them to ML-1M UserIDs.
 *    Items outside the release catalogue are dropped.
 *  - Test users: test records name no user. A test record's 10 history items are rated by one or more
 *    users; users matched by a single record are test users, then a greedy cover adds the user shared
 *    by most still-unexplained records until every record has a test user. Test users' histories are
 *    held out of simulator training (the paper's 80/10/10 user split keeps them out too).
 *  - Validation users (simulator early stopping): a seeded `valFraction` of the other users.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '@prorl/rl-core';
import { RecDataError } from '../data/errors.js';
import { loadMovieLens1M } from '../data/movielens.js';
import { readJson } from '../data/text.js';
import { userSequences } from './sequences.js';
import type { Interaction, RecDataset } from '../data/types.js';

export interface ReleaseHistoriesOptions {
  /** The ML-1M ratings folder (`ml-1m-raw/`: movies.dat + ratings.dat or ratings_uir.tsv). */
  ratingsDir: string;
  /** The release's `<name>.datamaps` (for id2user). */
  datamapsFile: string;
  /** Seeds the shuffled order (no timestamps) and the validation users. Default 2024. */
  seed?: number;
  /** Share of the non-test users held out for simulator early stopping. Default 0.05. */
  valFraction?: number;
}

/** Returns `dataset` with `sequences` (keyed by release user id) and `simulatorSplit` set. */
export function attachReleaseHistories(dataset: RecDataset, o: ReleaseHistoriesOptions): RecDataset {
  const seed = o.seed ?? 2024;
  const valFraction = o.valFraction ?? 0.05;
  if (!(valFraction > 0 && valFraction < 0.5)) throw new RecDataError('valFraction', null, `must be in (0, 0.5), got ${valFraction}`, 'use e.g. 0.05');
  const maps = readJson(o.datamapsFile) as { id2user?: Record<string, string> };
  if (!maps.id2user || typeof maps.id2user !== 'object') {
    throw new RecDataError(o.datamapsFile, null, "has no 'id2user' map", 'use the datamaps file shipped with the release');
  }
  const rawToRelease = new Map<string, string>();
  for (const [id, raw] of Object.entries(maps.id2user)) rawToRelease.set(String(raw), id);
  if (!existsSync(join(o.ratingsDir, 'ratings.dat')) && !existsSync(join(o.ratingsDir, 'ratings_uir.tsv'))) {
    throw new RecDataError(join(o.ratingsDir, 'ratings.dat'), null, 'ML-1M ratings not found (neither ratings.dat nor ratings_uir.tsv)', 'pass the ml-1m-raw folder, or drop --sim-histories');
  }
  const loaded = loadMovieLens1M(o.ratingsDir);

  // Each user's items on the release catalogue, in time order (or file order, shuffled below).
  const kept: Interaction[] = [];
  for (const x of loaded.interactions) {
    const user = rawToRelease.get(x.user);
    if (user !== undefined && dataset.catalog.has(x.item)) kept.push({ ...x, user });
  }
  const dropped = loaded.interactions.length - kept.length;
  const inOrder = userSequences(kept);
  const rng = new Rng(seed);
  const segments = new Map<string, string[]>();
  for (const r of [...dataset.train, ...dataset.val]) {
    if (r.user !== undefined) segments.set(r.user, [...(segments.get(r.user) ?? []), ...r.history, ...r.path, r.target]);
  }
  const ordered = new Map<string, string[]>();
  for (const user of [...inOrder.keys()].sort(numericOrder)) {
    const seq = inOrder.get(user)!;
    if (loaded.timestamps) {
      ordered.set(user, seq);
      continue;
    }
    // the released paths (first occurrence of each item the user rated) go last, in their real order
    const rated = new Set(seq);
    const tail = [...new Set((segments.get(user) ?? []).filter((it) => rated.has(it)))];
    const inTail = new Set(tail);
    ordered.set(user, [...rng.shuffle([...seq]).filter((it) => !inTail.has(it)), ...tail]);
  }

  // Test users: cover every test record by a user who rated its whole history.
  const raters = new Map<string, Set<string>>();
  for (const [user, items] of ordered) for (const it of items) {
    let s = raters.get(it);
    if (!s) raters.set(it, (s = new Set()));
    s.add(user);
  }
  const candidates = dataset.test.map((r) => {
    let c: Set<string> | undefined;
    for (const it of r.history) {
      const s = raters.get(it) ?? new Set<string>();
      c = c === undefined ? new Set(s) : new Set([...c].filter((u) => s.has(u)));
    }
    return c ?? new Set<string>();
  });
  const unmatched = candidates.filter((c) => c.size === 0).length;
  const testUsers = new Set<string>();
  for (const c of candidates) if (c.size === 1) testUsers.add([...c][0]!);
  let open = candidates.filter((c) => c.size > 0 && ![...c].some((u) => testUsers.has(u)));
  while (open.length > 0) {
    const count = new Map<string, number>();
    for (const c of open) for (const u of c) count.set(u, (count.get(u) ?? 0) + 1);
    // most records explained; ties to the smaller id, so the cover does not depend on Map order
    let best = '';
    let bestN = -1;
    for (const [u, n] of count) if (n > bestN || (n === bestN && numericOrder(u, best) < 0)) [best, bestN] = [u, n];
    testUsers.add(best);
    open = open.filter((c) => !c.has(best));
  }
  const rest = [...ordered.keys()].filter((u) => !testUsers.has(u)).sort(numericOrder);
  const val = rng.shuffle([...rest]).slice(0, Math.max(1, Math.round(rest.length * valFraction))).sort(numericOrder);
  const interactions = [...ordered.values()].reduce((a, s) => a + s.length, 0);
  return {
    ...dataset,
    sequences: ordered,
    simulatorSplit: { val, test: [...testUsers].sort(numericOrder) },
    notes: [
      ...dataset.notes,
      `Simulator histories: ${ordered.size} users' ML-1M ratings on the release catalogue (${interactions} interactions, ${dropped} ratings outside it dropped), ` +
        (loaded.timestamps ? 'time-ordered (ratings.dat).' : `without timestamps: each history shuffled (seed ${seed}), the user's released val paths moved to its end in their real order.`),
      `Simulator users: ${testUsers.size} test users (cover ${dataset.test.length - unmatched} of ${dataset.test.length} test records${unmatched > 0 ? `; ${unmatched} match no user` : ''}) held out, ${val.length} validation users, ${rest.length - val.length} training users.`,
    ],
  };
}

function numericOrder(a: string, b: string): number {
  const d = Number(a) - Number(b);
  return Number.isFinite(d) && d !== 0 ? d : a < b ? -1 : a > b ? 1 : 0;
}
