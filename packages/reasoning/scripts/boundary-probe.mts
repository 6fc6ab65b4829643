/**
 * Looks for reasoning-boundary candidates: SFTs a base as `repro-reasoning` does (or loads BASE), then for
 * each group prints the base's exact solves on the test items at the evaluation settings (T 0.6, top-p
 * 0.95; EVAL_ITEMS × EVAL_N) and its per-sample success on training items at the rollout temperatures
 * (TRAIN_ITEMS × TRAIN_N, top-p 1). A group RL can cross has 0 solves at T 0.6 but some at T 1.0–1.2.
 *   SEED=2 GROUPS=letter_counting@L4 [BASE=ckpt | OUT=dir] [MAXLEN=256 MNT=96 STEPS=200 TEMPS=1.0,1.2] \
 *     node --conditions=@prorl/source --import tsx scripts/boundary-probe.mts
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CharTokenizer, OrtRolloutEngine, loadCheckpoint, tokenizerFromJSON } from '@prorl/policy';
import { resolveSuite, runSft, sampleGroupSolves, sampleSplit, type TaskItem } from '../src/index.js';

const env = process.env;
const seed = Number(env.SEED ?? 0);
const num = (k: string, d: number) => Number(env[k] ?? d);
const maxNewTokens = num('MNT', 96);
const groups = (env.GROUPS ?? 'letter_counting@L4').split(',').map((label) => {
  const [family, level] = label.split('@L');
  return { label, family: family!, level: Number(level) };
});

let pol: { model: import('@prorl/policy').ModelConfig; params: Float32Array; tokenizer: import('@prorl/policy').Tokenizer };
if (env.BASE) {
  const ck = await loadCheckpoint(env.BASE);
  pol = { model: ck.config, params: ck.params, tokenizer: ck.tokenizer !== undefined ? tokenizerFromJSON(ck.tokenizer) : new CharTokenizer() };
} else {
  const outDir = env.OUT ?? mkdtempSync(join(tmpdir(), 'boundary-probe-'));
  const model = { dModel: num('DMODEL', 128), nHeads: num('HEADS', 4), nLayers: num('LAYERS', 2), maxSeqLen: num('MAXLEN', 256) };
  const families = (env.FAMILIES ?? 'number_sorting,power_function,letter_counting').split(',');
  const s = await runSft({ steps: num('STEPS', 200), batchSize: 32, lr: 3e-3, warmupSteps: 20, model, families, levels: [1], seed, outDir });
  pol = { model: s.model, params: s.params, tokenizer: s.tokenizer };
  console.log(`seed ${seed}: SFT base in ${outDir} (BASE=${outDir} reuses it)`);
}

const split = (name: 'test' | 'train', count: number) => {
  const m = new Map<string, TaskItem[]>();
  for (const g of groups) {
    const suite = resolveSuite({ name: `${name === "test" ? "eval" : "probe"}-${g.label}`, entries: [{ family: g.family, levels: [g.level] }], heldOut: [] });
    m.set(g.label, sampleSplit(suite, name, count, name === 'test' ? seed : seed + 100, g.family));
  }
  return m;
};
const engine = new OrtRolloutEngine(pol.model, pol.params);
try {
  const evalN = num('EVAL_N', 64);
  const test = await sampleGroupSolves(engine, pol.tokenizer, split('test', num('EVAL_ITEMS', 8)), { n: evalN, temperature: 0.6, topP: 0.95, maxNewTokens, seed });
  const trainItems = split('train', num('TRAIN_ITEMS', 32));
  const trainN = num('TRAIN_N', 16);
  const temps = (env.TEMPS ?? '1.0,1.2').split(',').map(Number);
  const train = await Promise.all(temps.map(async (temperature) => sampleGroupSolves(engine, pol.tokenizer, trainItems, { n: trainN, temperature, topP: 1, maxNewTokens, seed: seed + 1 })));
  test.forEach((g, i) => {
    const solves = g.correct.reduce((a, c) => a + c, 0);
    const atT = temps.map((T, j) => {
      const c = train[j]![i]!.correct;
      const ok = c.reduce((a, x) => a + x, 0);
      return `T ${T}: ${ok}/${c.length * trainN} (${((100 * ok) / (c.length * trainN)).toFixed(1)}%)`;
    });
    console.log(`seed ${seed} ${g.label}: test at T 0.6: ${solves}/${g.correct.length * evalN} correct, ${g.correct.filter((c) => c > 0).length}/${g.correct.length} items solved, format ${g.formatRate.toFixed(2)} | training items ${atT.join(', ')}`);
  });
} finally {
  await engine.release();
}
