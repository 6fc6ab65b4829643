/**
 * Trains a SASRec simulator on a prepared dataset with the fit options under study and saves it where
 * the other scripts look for one (OUT/simulator, with OUT/dataset.json linked), printing the per-epoch
 * losses and the held-out HR@10 / NDCG@10.
 *   DATA=dataset.json OUT=DIR [EPOCHS=10] [NOISE=0.2] [PATIENCE=3] [SEED=2024] \
 *     node --conditions=@prorl/source --import tsx scripts/sim-probe.mts
 */
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadDataset, trainSimulator } from '../src/index.js';
import { env } from './common.mjs';

if (!env.DATA || !env.OUT) {
  console.error('set DATA to a prepared dataset.json (`prorl-rec prepare`) and OUT to the folder to write');
  process.exit(2);
}
mkdirSync(env.OUT, { recursive: true });
if (!existsSync(join(env.OUT, 'dataset.json'))) symlinkSync(resolve(env.DATA), join(env.OUT, 'dataset.json'));
const r = await trainSimulator({
  dataset: loadDataset(env.DATA),
  kind: 'sasrec',
  seed: Number(env.SEED ?? 2024),
  fit: { epochs: Number(env.EPOCHS ?? 10), inputNoise: Number(env.NOISE ?? 0), patience: Number(env.PATIENCE ?? 3) },
  checkpoint: join(env.OUT, 'simulator'),
  metricsFile: join(env.OUT, 'simulator.jsonl'),
});
for (const e of r.fit.epochs) console.log(`epoch ${e.epoch}: train loss ${e.loss.toFixed(3)}, val loss ${e.valLoss?.toFixed(3)}, val HR@10 ${e.val?.hr.toFixed(3)}`);
console.log(`best epoch ${r.fit.bestEpoch}; test HR@10 ${r.test?.hr.toFixed(3)}, NDCG@10 ${r.test?.ndcg.toFixed(3)} (${r.seconds.toFixed(0)} s)`);
