import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { InvalidParamError, UnknownNameError } from '@prorl/rl-core';
import { PathPolicy } from '../policy/path-policy.js';
import { savePathPolicy } from '../policy/checkpoint.js';
import { PathPolicyError } from '../policy/errors.js';
import type { UserSimulator } from '../simulator/types.js';
import { pretrainPathPolicy } from './pretrain.js';
import { DEFAULT_REC_RL_CONFIG, resolveRecRlConfig } from './rl-config.js';
import { epochOrder, gatherFromFullRows, placeOnFullRows, trainPathRL, type RlBatchInfo } from './rl.js';
import { TOY_POLICY_CONFIG, toyIndex, toyRecords, toySemanticIds, toySimulator } from './test-fixtures.js';

const toySimulatorWith = (N: number): UserSimulator => ({ kind: 'x', numItems: N, scoreAll: async (seqs) => new Float32Array(seqs.length * (N + 1)) });

describe('RL config', () => {
  test('defaults: the paper values where scale-free', () => {
    const c = resolveRecRlConfig();
    expect(c).toMatchObject({ samplesPerPrompt: 16, sampling: { temperature: 1, topK: 50, topP: 1 }, weightDecay: 0.05, gradClip: 1, warmupFrac: 0.05 });
    expect(c.path).toMatchObject({ estimator: 'prorl', fusion: 'src', klCoef: 0.01, itemLogProb: 'mean', freezeAfterEpochs: 1, maxPathItems: 10 });
    expect(resolveRecRlConfig({ ablation: 'wo_psae' }).path.estimator).toBe('grpo');
    expect(resolveRecRlConfig({ objective: { estimator: 'rtg' } }, 4).path).toMatchObject({ estimator: 'rtg', maxPathItems: 4 });
    expect(DEFAULT_REC_RL_CONFIG.ablation).toBe('none');
  });

  test('invalid combinations → typed, actionable errors', () => {
    expect(() => resolveRecRlConfig({ objective: { estimator: 'a2c' } })).toThrow(/critic/);
    expect(() => resolveRecRlConfig({ samplesPerPrompt: 1 })).toThrow(InvalidParamError);
    expect(() => resolveRecRlConfig({ samplesPerPrompt: 1, objective: { estimator: 'rtg' } })).not.toThrow();
    expect(() => resolveRecRlConfig({ sampling: { temperature: 0 } })).toThrow(InvalidParamError);
    expect(() => resolveRecRlConfig({ ablation: 'wo_kl' as never })).toThrow(UnknownNameError);
    expect(() => resolveRecRlConfig({ objective: { estimator: 'ppo' as never } })).toThrow(UnknownNameError);
    expect(() => resolveRecRlConfig({ objective: { maxPathItems: 5 } }, 4)).toThrow(InvalidParamError);
    expect(() => resolveRecRlConfig({ warmupFrac: 1 })).toThrow(InvalidParamError);
    expect(() => resolveRecRlConfig({ resume: true })).toThrow(/checkpointDir/);
    expect(() => resolveRecRlConfig({ promptsPerStep: 0 })).toThrow(InvalidParamError);
  });
});

describe('placing coefficients', () => {
  test('place and gather are inverse on the generated positions', () => {
    const Tt = 3;
    const src = [1, 2, 3, 4, 5, 6];
    const out = placeOnFullRows(src, Tt, [2, 1], [3, 2], 5);
    expect(Array.from(out)).toEqual([0, 0, 1, 2, 3, 0, 4, 5, 0, 0]);
    expect(Array.from(gatherFromFullRows(out, 5, [2, 1], [3, 2], Tt))).toEqual([1, 2, 3, 4, 5, 0]);
  });

  test('epoch order is a seeded permutation', () => {
    const o = epochOrder(10, 1, 0);
    expect([...o].sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    expect(epochOrder(10, 1, 0)).toEqual(o);
    expect(epochOrder(10, 1, 1)).not.toEqual(o);
  });
});

describe('trainPathRL end to end (toy catalogue, toy simulator)', () => {
  let pretrained: Float32Array;
  const dirs: string[] = [];
  const sim = toySimulator();
  const ids = toyIndex();
  const records = toyRecords(5, 1);
  const base = { promptsPerStep: 4, samplesPerPrompt: 4, epochs: 2, stepsPerEpoch: 2, lr: 1e-3, warmupFrac: 0, seed: 3 };

  beforeAll(async () => {
    const p = PathPolicy.fromSemanticIds(toySemanticIds(), { config: TOY_POLICY_CONFIG, seed: 7 });
    await pretrainPathPolicy(p, toyRecords(1, 2), { epochs: 10, batchSize: 48, lr: 5e-3, warmupSteps: 2 });
    pretrained = p.params;
  }, 60_000);
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const fresh = () => PathPolicy.fromSemanticIds(toySemanticIds(), { config: TOY_POLICY_CONFIG, params: Float32Array.from(pretrained), sampling: { topK: 0 } });

  test('steps run, change the weights, log the metrics; coefficients sit on the generated tokens', async () => {
    const policy = fresh();
    const infos: RlBatchInfo[] = [];
    const r = await trainPathRL(base, { init: policy, simulator: sim, itemIndex: ids, records, onBatch: (i) => infos.push(i) });
    expect(r.steps).toBe(4);
    expect(r.stopped).toBe('done');
    let diff = 0;
    for (let i = 0; i < pretrained.length; i++) diff = Math.max(diff, Math.abs(policy.params[i]! - pretrained[i]!));
    expect(diff).toBeGreaterThan(1e-5);
    for (const k of ['rec/loss', 'rec/kl', 'rec/path_len', 'rec/valid_frac', 'rec/adv_var', 'reward/ioi', 'reward/ior', 'reward/ctr', 'rec/item_valid_rate', 'policy/grad_norm', 'policy/entropy']) {
      expect(Number.isFinite(r.logs[0]!.metrics[k]!)).toBe(true);
    }
    // SRC frozen after epoch 1 (2 steps)
    expect(r.logs.map((l) => l.metrics['rec/src_frozen'])).toEqual([0, 0, 1, 1]);
    for (const info of infos) {
      const { batch, result, starts, grid } = info;
      const T = batch.T;
      let nonZero = 0;
      for (let b = 0; b < batch.B; b++) {
        for (let t = 0; t < T; t++) {
          const g = t - starts[b]!;
          const expected = g >= 0 && g < grid.lengths[b]! ? result.gradTokenLogProbs[b * grid.Tt + g]! : 0;
          expect(batch.coef[b * T + t]).toBeCloseTo(expected, 6);
          if (expected !== 0) nonZero++;
        }
      }
      expect(nonZero).toBeGreaterThan(0);
      // on-policy: the training graph's log-probs equal the rollout's at the generated positions
      expect(info.trainLogp).not.toBeNull();
      for (let b = 0; b < batch.B; b++) {
        for (let g = 0; g < grid.lengths[b]!; g++) expect(Math.abs(info.trainLogp![b * T + starts[b]! + g]! - grid.logProbs[b * grid.Tt + g]!)).toBeLessThan(1e-3);
      }
    }
    // KL is 0 on the first step (policy = reference)
    expect(Math.abs(r.logs[0]!.metrics['rec/kl']!)).toBeLessThan(1e-4);
    await policy.release();
  }, 60_000);

  test.each([
    ['reinforce', 'none'],
    ['grpo', 'none'],
    ['rtg', 'none'],
    ['prorl', 'wo_src'],
    ['prorl', 'wo_ioi'],
  ] as const)('estimator %s, ablation %s: a step runs with a finite loss', async (estimator, ablation) => {
    const policy = fresh();
    const r = await trainPathRL({ ...base, epochs: 1, stepsPerEpoch: 1, objective: { estimator }, ablation }, { init: policy, simulator: sim, itemIndex: ids, records });
    expect(r.config.path.estimator).toBe(estimator);
    expect(Number.isFinite(r.logs[0]!.metrics['rec/loss']!)).toBe(true);
    await policy.release();
  }, 30_000);

  test('a checkpoint directory as init; unusable inputs are rejected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prorl-rl-init-'));
    dirs.push(dir);
    const p = fresh();
    await savePathPolicy(join(dir, 'pi0'), p, { step: 0 });
    const r = await trainPathRL({ ...base, epochs: 1, stepsPerEpoch: 1 }, { init: join(dir, 'pi0'), simulator: sim, itemIndex: ids, records });
    expect(r.policy.params.length).toBe(pretrained.length);
    await r.policy.release();
    await expect(trainPathRL({ ...base, promptsPerStep: 100 }, { init: p, simulator: sim, itemIndex: ids, records })).rejects.toThrow(PathPolicyError);
    await expect(trainPathRL(base, { init: p, simulator: toySimulatorWith(10), itemIndex: ids, records })).rejects.toThrow(/ItemIndex/);
  }, 30_000);

  test('abort + resume from the checkpoint reproduces the uninterrupted run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prorl-rl-'));
    dirs.push(dir);
    const full = fresh();
    await trainPathRL({ ...base, objective: { estimator: 'rtg' } }, { init: full, simulator: sim, itemIndex: ids, records });
    const part = fresh();
    const ac = new AbortController();
    const first = await trainPathRL({ ...base, objective: { estimator: 'rtg' }, checkpointDir: dir }, { init: part, simulator: sim, itemIndex: ids, records, signal: ac.signal, onStep: (l) => l.step === 3 && ac.abort() });
    expect(first.stopped).toBe('aborted');
    expect(first.steps).toBe(3);
    const resumed = fresh(); // starts from π_0; the checkpoint supplies the trained weights
    const second = await trainPathRL({ ...base, objective: { estimator: 'rtg' }, checkpointDir: dir, resume: true }, { init: resumed, simulator: sim, itemIndex: ids, records });
    expect(second.steps).toBe(4);
    expect(second.logs.length).toBe(1);
    let diff = 0;
    for (let i = 0; i < pretrained.length; i++) diff = Math.max(diff, Math.abs(resumed.params[i]! - full.params[i]!));
    expect(diff).toBeLessThan(1e-6);
    // resuming with another objective is refused, naming the option that differs
    const other = fresh();
    await expect(trainPathRL({ ...base, epochs: 3, objective: { estimator: 'rtg', duplicates: 'invalid' }, checkpointDir: dir, resume: true }, { init: other, simulator: sim, itemIndex: ids, records })).rejects.toThrow(/duplicates = "keep", but this run asks for "invalid"/);
    await expect(trainPathRL({ ...base, epochs: 3, objective: { estimator: 'prorl' }, checkpointDir: dir, resume: true }, { init: other, simulator: sim, itemIndex: ids, records })).rejects.toThrow(/estimator = "rtg"/);
    await Promise.all([full.release(), part.release(), resumed.release(), other.release()]);
  }, 60_000);
});
