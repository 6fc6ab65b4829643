/**
 * One RL run from a pretrained π_0 with the objective options under study, printing the rollout path
 * length, item validity and rewards every EVERY steps, then greedy metrics on NTEST test records.
 * With OUT set, the trained policy is saved there (for `position-ioi.mts`).
 *   RUN=DIR PI0=ckpt EST=prorl STATS=all|real EMPTY=stop|skip PENALTIES=fixed|centred|zscore [DUPLICATES=keep|invalid] [CENTRE=all|position] [TARGETS=natural|random] [FREEZE=n] [ABLATION=wo_ior|wo_ctr|...] [EVAL=test|val|test,val] G=16 STEPS=20 EPOCHS=3 LR=3e-4 [OUT=dir] \
 *     node --conditions=@prorl/source --import tsx scripts/rl-probe.mts
 */
import { Rng } from '@prorl/rl-core';
import { drawTestTarget, evaluateGenerator, loadPathPolicy, savePathPolicy, trainPathRL, type PathAblation, type PathEstimatorName, type PathRecord, type RewardFusion } from '../src/index.js';
import { env, loadRun } from './common.mjs';

const { ds, ctx } = await loadRun();
if (!env.PI0) {
  console.error('set PI0 to a pretrained policy checkpoint (scripts/pretrain-probe.mts OUT=..., or DIR/pretrain of a pipeline run)');
  process.exit(2);
}
const { policy } = await loadPathPolicy(env.PI0);
const reference = Float32Array.from(policy.params);
const est = (env.EST ?? 'prorl') as PathEstimatorName;
const objective = {
  estimator: est,
  statsOver: (env.STATS ?? 'all') as 'all' | 'real',
  emptyPaths: (env.EMPTY ?? 'stop') as 'stop' | 'skip',
  ...(env.PENALTIES ? { penalties: env.PENALTIES as 'fixed' | 'zscore' | 'centred' } : {}),
  ...(env.CENTRE ? { centreBy: env.CENTRE as 'all' | 'position' } : {}),
  ...(env.DUPLICATES ? { duplicates: env.DUPLICATES as 'keep' | 'invalid' } : {}),
  ...(env.FUSION ? { fusion: env.FUSION as RewardFusion } : {}),
  ...(env.FREEZE ? { freezeAfterEpochs: Number(env.FREEZE) } : {}),
};
const every = Number(env.EVERY ?? 5);
// TARGETS=random: each RL prompt gets a random target the user never rated in its records (as the test
// records' targets are drawn) instead of its natural one, the end of its mined path
let prompts: PathRecord[] = ds.train;
if (env.TARGETS === 'random') {
  const seen = new Map<string, Set<string>>();
  for (const r of ds.train) {
    const u = seen.get(r.user ?? '') ?? new Set<string>();
    for (const i of [...r.history, ...r.path, r.target]) u.add(i);
    seen.set(r.user ?? '', u);
  }
  const items = [...(ds.semanticIds?.keys() ?? [])].filter((i) => ctx.itemIndex.get(i) !== undefined);
  const rng = new Rng(7);
  prompts = ds.train.map((r) => drawTestTarget(r, seen.get(r.user ?? '')!, items, rng));
}
const res = await trainPathRL(
  { objective, ...(env.ABLATION ? { ablation: env.ABLATION as PathAblation } : {}), seed: Number(env.SEED ?? 1), epochs: Number(env.EPOCHS ?? 3), stepsPerEpoch: Number(env.STEPS ?? 20), promptsPerStep: Number(env.G ?? 16), samplesPerPrompt: 16, lr: Number(env.LR ?? 3e-4) },
  {
    init: policy,
    reference,
    simulator: ctx.simulator,
    itemIndex: ctx.itemIndex,
    records: prompts,
    onStep: (l) => {
      if (l.step % every !== 0) return;
      const m = l.metrics;
      const f = (k: string, d = 2) => (m[k] ?? 0).toFixed(d);
      console.log(`step ${l.step} epoch ${l.epoch}: path length ${f('rec/path_len')}, valid items ${f('rec/item_valid_rate', 3)}, fused step reward ${f('rec/reward_step_mean')}, raw IoI ${f('reward/ioi', 3)}, raw IoR ${f('reward/ior', 1)}`);
    },
  },
);
// the first 10 and the last 20 steps: mean rollout length, mean raw IoI per valid item, and the path's
// raw IoI total estimated as length × valid share × IoI per item (does a longer path add up to more?)
const window = (ls: typeof res.logs) => {
  const m = (f: (x: Record<string, number>) => number) => ls.reduce((a, l) => a + f(l.metrics), 0) / Math.max(ls.length, 1);
  const g = (x: Record<string, number>, k: string) => x[k] ?? 0;
  return `path length ${m((x) => g(x, 'rec/path_len')).toFixed(2)}, raw IoI per item ${m((x) => g(x, 'reward/ioi')).toFixed(3)}, path total ${m((x) => g(x, 'rec/path_len') * g(x, 'rec/item_valid_rate') * g(x, 'reward/ioi')).toFixed(3)}`;
};
if (res.logs.length >= 30) console.log(`steps 1-10: ${window(res.logs.slice(0, 10))}; steps ${res.logs.length - 19}-${res.logs.length}: ${window(res.logs.slice(-20))}`);
// EVAL=test (default), val, or both (comma-separated): val = the held-out records with natural targets
// (the distribution RL trains on), test = the released test records with random targets (the paper's Table 1)
for (const split of (env.EVAL ?? 'test').split(',')) {
  if (split !== 'test' && split !== 'val') throw new Error(`EVAL: unknown split '${split}'; use test, val or test,val`);
  const recs = ds[split].slice(0, Number(env.NTEST ?? 300));
  console.log(`${est} greedy @1 on ${recs.length} ${split} records: ${JSON.stringify(await evaluateGenerator(res.policy, recs, ctx, { k: 1, seed: 1 }))}`);
}
if (env.OUT) await savePathPolicy(env.OUT, res.policy, { step: res.steps });
await res.policy.release();
