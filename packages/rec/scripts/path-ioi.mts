/**
 * IoI / IoR of the mined paths themselves and of random paths, on train, val and test records: shows
 * that random paths raise IoI on the test targets (random, unpopular items) but not on the natural
 * targets of train and val.
 * With PI0 set, the pretrained policy's greedy paths too.
 *   RUN=DIR [N=400] [PI0=ckpt] node --conditions=@prorl/source --import tsx scripts/path-ioi.mts
 */
import { RandomPathGenerator, evaluateGenerator, loadPathPolicy, type PathGenerator } from '../src/index.js';
import { env, loadRun } from './common.mjs';

const { ds, ctx } = await loadRun();
const mined: PathGenerator = { name: 'mined', generate: async (rs, k) => rs.map((r) => Array.from({ length: k }, () => r.path)) };
const random = new RandomPathGenerator({ items: [...(ds.semanticIds?.keys() ?? ds.catalog.keys())], maxLen: 10 });
const n = Number(env.N ?? 400);
const gens: PathGenerator[] = [mined, random];
if (env.PI0) gens.push((await loadPathPolicy(env.PI0)).policy.named('pi0'));
for (const [split, recs] of [['train', ds.train], ['val', ds.val], ['test', ds.test]] as const) {
  for (const g of gens) {
    const m = await evaluateGenerator(g, recs.slice(0, n), ctx, { k: 1, seed: 1 });
    console.log(`${split} ${g.name}: IoI ${m.ioi.toFixed(3)}, IoR ${m.ior.toFixed(1)}, path length ${m.path_len.toFixed(2)}`);
  }
}
