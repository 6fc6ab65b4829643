/**
 * User split and test targets, as in the paper: users are split 80/10/10 at random (seeded); a test
 * record keeps its whole mined coherent path as intermediate items and gets a random target the user
 * never interacted with (so the last step is usually incoherent: the hard case).
 */
import { Rng } from '@prorl/rl-core';
import type { PathRecord } from '../data/types.js';

export interface UserSplit {
  train: Set<string>;
  val: Set<string>;
  test: Set<string>;
}

export function splitUsers(users: Iterable<string>, rng: Rng, fractions: [number, number, number] = [0.8, 0.1, 0.1]): UserSplit {
  const all = [...users].sort();
  rng.shuffle(all);
  const nTrain = Math.round(all.length * fractions[0]);
  const nVal = Math.round(all.length * fractions[1]);
  return {
    train: new Set(all.slice(0, nTrain)),
    val: new Set(all.slice(nTrain, nTrain + nVal)),
    test: new Set(all.slice(nTrain + nVal)),
  };
}

/**
 * Turns a mined record into a test record: path = the whole segment (path + natural target), target =
 * a random catalogue item the user never interacted with (and not on the path).
 */
export function drawTestTarget(rec: PathRecord, userItems: ReadonlySet<string>, items: readonly string[], rng: Rng): PathRecord {
  const path = [...rec.path, rec.target];
  const onPath = new Set(path);
  for (let tries = 0; tries < 10_000; tries++) {
    const cand = items[rng.int(items.length)]!;
    if (!userItems.has(cand) && !onPath.has(cand)) {
      const out: PathRecord = { history: rec.history, path, target: cand };
      if (rec.user !== undefined) out.user = rec.user;
      return out;
    }
  }
  throw new Error(`user ${rec.user ?? '?'} has interacted with (almost) every item; cannot draw a test target`);
}
