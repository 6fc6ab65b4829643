/**
 * IoI and IoR of each path position of a policy's paths (greedy, or K sampled per record as in RL
 * rollouts) on test or train records: does an item after the first move the target up or down? Prints,
 * per position k, how many paths reach it, how many of those items are real (valid, not repeated) or
 * repeats of an earlier item, and the mean raw IoI / IoR of the real ones, for π_0 and a trained policy.
 *   RUN=DIR PI0=ckpt [POLICY=ckpt from rl-probe.mts OUT=...] [N=1000] [SPLIT=test|train] [K=1 greedy | K>1 sampled] \
 *     node --conditions=@prorl/source --import tsx scripts/position-ioi.mts
 */
import { computeStepRewards, loadPathPolicy, type PathToScore } from '../src/index.js';
import { env, loadRun } from './common.mjs';

const { ds, ctx } = await loadRun();
if (!env.PI0) {
  console.error('set PI0 to a pretrained policy checkpoint (and POLICY to a trained one, optional)');
  process.exit(2);
}
const ids = ctx.itemIndex;
const known = (raw: string) => ids.get(raw) !== undefined;
const split = (env.SPLIT ?? 'test') as 'train' | 'test';
const K = Number(env.K ?? 1);
const base = ds[split].slice(0, Number(env.N ?? 1000)).filter((r) => known(r.target) && r.history.every(known));
// K > 1: K sampled paths per record (the rollouts RL sees), each scored as its own row
const recs = base.flatMap((r) => Array.from({ length: K }, () => r));
for (const [name, ckpt] of [['pi0', env.PI0], ['policy', env.POLICY]] as const) {
  if (!ckpt) continue;
  const { policy } = await loadPathPolicy(ckpt);
  const paths = (await policy.named(name).generate(base, K, 1)).flat();
  const toScore: PathToScore[] = recs.map((r, i) => ({
    history: r.history.map((h) => ids.get(h)!),
    target: ids.get(r.target)!,
    items: paths[i]!.map((it) => (it !== null ? (ids.get(it) ?? null) : null)),
  }));
  const rewards = await computeStepRewards(ctx.simulator, toScore);
  const rows: string[] = [];
  for (let k = 0; k < 10; k++) {
    const at = rewards.filter((r) => r.kind.length > k);
    if (at.length === 0) break;
    const real = at.filter((r) => r.kind[k] === 'real');
    const m = (f: (r: (typeof real)[number]) => number) => (real.length ? real.reduce((a, r) => a + f(r), 0) / real.length : NaN);
    const dup = at.filter((r) => r.kind[k] === 'duplicate').length;
    rows.push(`  item ${k + 1}: ${at.length} paths, ${real.length} real, ${dup} repeats, IoI ${m((r) => r.ioi[k]!).toFixed(3)}, IoR ${m((r) => r.ior[k]!).toFixed(1)}`);
  }
  console.log(`${name} (${base.length} ${split} records, ${K === 1 ? 'greedy' : `${K} sampled paths each`}):\n${rows.join('\n')}`);
  await policy.release();
}
