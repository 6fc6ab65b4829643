/**
 * Splits a prepared dataset's training records in two, so that the simulator and the RL prompts see
 * different records: OUT/sim.json keeps one half (and the val records of its users), OUT/dataset.json the
 * other. Then `DATA=OUT/sim.json OUT=OUT scripts/sim-probe.mts` trains the simulator into OUT/simulator,
 * and OUT is a RUN folder for rl-probe.mts / path-ioi.mts whose prompts the simulator never saw.
 *   DATA=dataset.json OUT=DIR BY=record|user [SEED=1] node --conditions=@prorl/source --import tsx scripts/split-run.mts
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '@prorl/rl-core';
import { loadDataset, saveDataset } from '../src/index.js';
import { env } from './common.mjs';

if (!env.DATA || !env.OUT || (env.BY !== 'record' && env.BY !== 'user')) {
  console.error('set DATA to a prepared dataset.json, OUT to the folder to write and BY to record or user');
  process.exit(2);
}
const ds = loadDataset(env.DATA);
const rng = new Rng(Number(env.SEED ?? 1));
const half = Math.floor(ds.train.length / 2);
const inSim = new Set<number>();
if (env.BY === 'record') {
  for (const i of rng.shuffle([...ds.train.keys()]).slice(0, half)) inSim.add(i);
} else {
  // whole users to the simulator's side until it holds half the records
  const byUser = new Map<string, number[]>();
  ds.train.forEach((r, i) => {
    const u = r.user ?? `record${i}`;
    if (!byUser.has(u)) byUser.set(u, []);
    byUser.get(u)!.push(i);
  });
  for (const u of rng.shuffle([...byUser.keys()].sort())) {
    if (inSim.size >= half) break;
    for (const i of byUser.get(u)!) inSim.add(i);
  }
}
const simTrain = ds.train.filter((_, i) => inSim.has(i));
const prompts = ds.train.filter((_, i) => !inSim.has(i));
const promptUsers = new Set(prompts.map((r) => r.user).filter((u) => u !== undefined));
const simUsers = new Set(simTrain.map((r) => r.user).filter((u) => u !== undefined));
// under BY=user the simulator must not see the prompt users through their val records either
const simVal = env.BY === 'user' ? ds.val.filter((r) => r.user === undefined || !promptUsers.has(r.user)) : ds.val;
mkdirSync(env.OUT, { recursive: true });
saveDataset(join(env.OUT, 'sim.json'), { ...ds, train: simTrain, val: simVal });
saveDataset(join(env.OUT, 'dataset.json'), { ...ds, train: prompts });
console.log(`split by ${env.BY}: simulator ${simTrain.length} records (${simUsers.size} users) + ${simVal.length} val; prompts ${prompts.length} records (${promptUsers.size} users)`);
