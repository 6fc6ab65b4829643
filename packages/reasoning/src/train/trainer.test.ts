import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '@prorl/policy';
import type { ProRLConfigInput } from './config.js';
import type { SampledRow } from './sample.js';
import { resolveProRLConfig } from './config.js';
import { shapeRewards, trainProRL, type ProRLStepMetrics } from './trainer.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'prorl-train-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A tiny config: random 1-layer model, 2 prompts x 4 samples, 12 new tokens. */
function tiny(over: ProRLConfigInput = {}): ProRLConfigInput {
  return {
    seed: 3,
    model: { init: { kind: 'random', model: { dModel: 32, nHeads: 2, nLayers: 1, maxSeqLen: 96 }, seed: 5 } },
    data: { suite: { name: 't', entries: [{ family: 'basic_arithmetic', levels: [1] }, { family: 'chain_sum', levels: [1] }] } },
    rollout: { promptsPerStep: 2, n: 4, maxNewTokens: 12, temperature: 1.2, topP: 1, maxRowsPerCall: 64 },
    algorithm: { miniBatchPrompts: 1 },
    optimizer: { lr: 1e-2 },
    validation: { every: 0 },
    reset: { controller: { stagnation: null, decline: null }, manualAtSteps: [] },
    run: { steps: 2, outDir: null, checkpointEvery: 0, resume: false },
    ...over,
  };
}

/** A synthetic dense reward (share of '1' characters), so groups always vary and updates happen. */
const onesReward = (rows: readonly SampledRow[]) => rows.map((r) => [...r.text].filter((c) => c === '1').length / Math.max(1, r.tokens.length) + r.tokens.length * 1e-3);

const numeric = (m: ProRLStepMetrics) => Object.fromEntries(Object.entries(m).filter(([k]) => !k.startsWith('time/')));

describe('shapeRewards', () => {
  const row = (tokens: number, finish: 'stop' | 'length') => ({ tokens: new Array<number>(tokens).fill(5), finishReason: finish }) as unknown as SampledRow;
  it('applies the stop-properly penalty and overlong shaping when configured', () => {
    const rows = [row(4, 'stop'), row(12, 'length'), row(10, 'stop')];
    const base = resolveProRLConfig(tiny());
    expect(Array.from(shapeRewards(rows, [1, 1, 1], base))).toEqual([1, 1, 1]);
    const stop = { ...base, algorithm: { ...base.algorithm, stopProperlyCoef: 0 } };
    expect(Array.from(shapeRewards(rows, [1, 1, 0.5], stop))).toEqual([1, 0, 0.5]);
    // maxNewTokens 12, buffer 4: lengths up to 8 are free, then −(len − 8)/4.
    const over = { ...base, algorithm: { ...base.algorithm, overlong: { bufferLength: 4, penaltyFactor: 1 } } };
    expect(Array.from(shapeRewards(rows, [1, 1, 1], over))).toEqual([1, 0, 0.5]);
  });
});

describe('trainProRL', () => {
  it('smoke: runs the real entry point with verifiers and dynamic sampling, logging every step', async () => {
    const out = tmp();
    const res = await trainProRL(tiny({ run: { steps: 2, outDir: out, checkpointEvery: 0, resume: false } }));
    expect(res.step).toBe(2);
    expect(res.metrics).toHaveLength(2);
    const m = res.metrics[0]!;
    // A random policy fails every prompt: every group is all-wrong, so dynamic sampling drops them,
    // refills for maxRounds rounds and reports the step as exhausted (no update).
    expect(m['dynamic/rounds']).toBe(4);
    expect(m['dynamic/generated_groups']).toBe(8);
    expect((m['dynamic/kept_groups'] as number) + (m['dynamic/dropped_groups'] as number)).toBe(8);
    expect(m['rollout/rows']).toBe(32);
    expect(m['data/prompts_consumed']).toBe(8);
    for (const k of ['reward/mean', 'acc/mean', 'response/length_mean', 'actor/entropy', 'actor/kl_loss', 'actor/pg_clipfrac', 'reset/count']) expect(k in m).toBe(true);
    const lines = readFileSync(path.join(out, 'metrics.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as ProRLStepMetrics).step)).toEqual([1, 2]);
    const ck = await loadCheckpoint(path.join(out, 'checkpoints', 'last'));
    expect(ck.step).toBe(2);
  }, 60_000);

  it('updates the policy with mini-batches (4 per step) and logs KL, clip fractions and entropy', async () => {
    const res = await trainProRL(tiny({ rollout: { promptsPerStep: 4, n: 4, maxNewTokens: 12, temperature: 1.2, topP: 1, maxRowsPerCall: 64 } }), { reward: onesReward });
    const m = res.metrics[1]!;
    expect(m['actor/updates']).toBe(4);
    expect(m['dynamic/kept_groups']).toBe(4);
    expect(m['actor/entropy']).toBeGreaterThan(0);
    expect(m['actor/kl_loss']).toBeGreaterThan(0); // the policy moved away from the reference in step 1
    expect(typeof m['actor/pg_clipfrac']).toBe('number');
  }, 60_000);

  it('resume continues exactly: steps k+1..K equal the uninterrupted run', async () => {
    const K = 4;
    const k = 2;
    const a = tmp();
    const full = await trainProRL(tiny({ run: { steps: K, outDir: a, checkpointEvery: 0, resume: false } }), { reward: onesReward });
    const b = tmp();
    const first = await trainProRL(tiny({ run: { steps: k, outDir: b, checkpointEvery: 0, resume: false } }), { reward: onesReward });
    expect(first.step).toBe(k);
    const rest = await trainProRL(tiny({ run: { steps: K, outDir: b, checkpointEvery: 0, resume: true } }), { reward: onesReward });
    expect(rest.metrics.map((m) => m.step)).toEqual([3, 4]);
    for (let i = 0; i < K - k; i++) expect(numeric(rest.metrics[i]!)).toEqual(numeric(full.metrics[k + i]!));
    expect(Array.from(rest.params)).toEqual(Array.from(full.params));
    // A resume with another seed is refused (it could not continue the same data order).
    await expect(trainProRL({ ...tiny({ run: { steps: K + 1, outDir: b, checkpointEvery: 0, resume: true } }), seed: 9 }, { reward: onesReward })).rejects.toThrow(/different seed/);
    // The metrics file holds every step once.
    const steps = readFileSync(path.join(b, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as ProRLStepMetrics).step);
    expect(steps).toEqual([1, 2, 3, 4]);
  }, 120_000);

  it('a reset sets the reference to the policy and resets the optimizer state', async () => {
    const out = tmp();
    const events: string[] = [];
    const res = await trainProRL(tiny({ reset: { controller: { stagnation: null, decline: null }, manualAtSteps: [2] }, run: { steps: 2, outDir: out, checkpointEvery: 0, resume: false } }), {
      reward: onesReward,
      onReset: (e) => events.push(`${e.step}:${e.reason}`),
    });
    expect(events).toEqual(['2:manual']);
    expect(res.metrics[1]!['reset/reason']).toBe('manual');
    expect(res.metrics[1]!['reset/count']).toBe(1);
    expect(res.optimizerStep).toBe(0); // 2 updates in step 1 and 2 in step 2, then reset → AdamW t = 0
    const ck = await loadCheckpoint(path.join(out, 'checkpoints', 'last'));
    expect(ck.optimizer!.step).toBe(0);
    expect(ck.optimizer!.m.every((x) => x === 0)).toBe(true);
    const ref = await loadCheckpoint(path.join(out, 'checkpoints', 'ref-2'));
    expect(Array.from(ref.params)).toEqual(Array.from(res.params));

    // An automatic trigger (the controller's schedule) takes the same path.
    const sched = await trainProRL(tiny({ reset: { controller: { stagnation: null, decline: null, schedule: { everySteps: 1 }, minGapSteps: 1 }, manualAtSteps: [] } }), { reward: onesReward });
    expect(sched.resets.map((e) => `${e.step}:${e.reason}`)).toEqual(['1:schedule', '2:schedule']);
    expect(sched.optimizerStep).toBe(0);

    // Without the reset the optimizer keeps its state.
    const plain = await trainProRL(tiny(), { reward: onesReward });
    expect(plain.optimizerStep).toBe(4);
  }, 60_000);

  it('stops after the current step when aborted and checkpoints at exit', async () => {
    const out = tmp();
    const ac = new AbortController();
    const res = await trainProRL(tiny({ run: { steps: 5, outDir: out, checkpointEvery: 0, resume: false } }), { reward: onesReward, signal: ac.signal, onStep: () => ac.abort() });
    expect(res.step).toBe(1);
    expect((await loadCheckpoint(path.join(out, 'checkpoints', 'last'))).step).toBe(1);
  }, 60_000);

  it('rejects an invalid config before any work', async () => {
    await expect(trainProRL(tiny({ rollout: { n: 1 } }))).rejects.toThrow(/rollout\.n/);
  });
});
