/**
 * Pretrains π_0 of a given size and reports the sampled path length and the share of invalid sampled
 * codes (16 samples for 32 val prompts, temperature 1, top-k 50), before and after.
 *   RUN=DIR D=64 H=2 L=2 EPOCHS=8 [OUT=ckpt] node --conditions=@prorl/source --import tsx scripts/pretrain-probe.mts
 */
import { PathPolicy, pretrainPathPolicy, savePathPolicy } from '../src/index.js';
import { env, loadRun } from './common.mjs';

const { ds } = await loadRun();
const policy = PathPolicy.fromSemanticIds(ds.semanticIds, { config: { model: { dModel: Number(env.D ?? 64), nHeads: Number(env.H ?? 2), nLayers: Number(env.L ?? 2) } }, seed: 2024 });
async function probe(tag: string): Promise<void> {
  const recs = ds.val.filter((r) => policy.tokenizer.knows(r.target)).slice(0, 32);
  const rows = policy.decodeRows(await policy.sample(recs.map((r) => policy.promptOf(r)), 16, { seed: 7 }));
  const items = rows.flat();
  const invalid = items.filter((it) => it === null || !ds.catalog.has(it)).length;
  console.log(`${tag}: ${policy.layout.totalSize} parameters, sampled path length ${(items.length / rows.length).toFixed(2)}, invalid codes ${(invalid / Math.max(items.length, 1)).toFixed(3)}`);
}
await probe('init');
const r = await pretrainPathPolicy(policy, ds.train, { epochs: Number(env.EPOCHS ?? 8), batchSize: 64, lr: 3e-3, warmupSteps: 50 });
console.log(`pretrained ${r.steps} steps in ${r.seconds.toFixed(0)} s, final loss ${r.finalLoss.toFixed(3)}`);
await probe('pretrained');
if (env.OUT) await savePathPolicy(env.OUT, policy, { step: r.steps });
await policy.release();
