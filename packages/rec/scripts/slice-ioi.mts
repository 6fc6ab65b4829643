/**
 * π_0's greedy IoI / IoR on successive slices of the test records: is a prefix of the test set a fair
 * sample? (The released ML-1M test records come in runs of one user.)
 *   RUN=DIR PI0=ckpt [SLICE=1000] node --conditions=@prorl/source --import tsx scripts/slice-ioi.mts
 */
import { evaluateGenerator, loadPathPolicy } from '../src/index.js';
import { env, loadRun } from './common.mjs';

const { ds, ctx } = await loadRun();
if (!env.PI0) {
  console.error('set PI0 to a pretrained policy checkpoint (scripts/pretrain-probe.mts OUT=..., or DIR/pretrain of a pipeline run)');
  process.exit(2);
}
const { policy } = await loadPathPolicy(env.PI0);
const pi0 = policy.named('pi0');
const size = Number(env.SLICE ?? 1000);
const means: number[] = [];
for (let i = 0; i < ds.test.length; i += size) {
  const m = await evaluateGenerator(pi0, ds.test.slice(i, i + size), ctx, { k: 1, seed: 1 });
  means.push(m.ioi);
  console.log(`records ${i}..${Math.min(i + size, ds.test.length) - 1}: IoI ${m.ioi.toFixed(3)}, IoR ${m.ior.toFixed(1)}`);
}
const mu = means.reduce((a, b) => a + b, 0) / means.length;
console.log(`IoI over ${means.length} slices: mean ${mu.toFixed(3)}, std ${Math.sqrt(means.reduce((a, b) => a + (b - mu) ** 2, 0) / Math.max(means.length - 1, 1)).toFixed(3)}`);
await policy.release();
