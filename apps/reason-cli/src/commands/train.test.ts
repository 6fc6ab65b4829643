/** The `train` flag handling in process (no spawn): config file + flags → config input, and errors. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PRORL_CONFIG } from '@prorl/reasoning';
import { afterAll, describe, expect, it } from 'vitest';
import { CliInputError } from '../errors.js';
import { formatTrainStep, resolveTrainConfig, trainInput } from './train.js';

const dir = mkdtempSync(join(tmpdir(), 'prorl-train-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('trainInput', () => {
  it('lays flags over the config file field by field (nested sections merged, not replaced)', () => {
    const cfg = file('c.json', JSON.stringify({ seed: 3, rollout: { n: 6, temperature: 1.1 }, algorithm: { clipHigh: 0.3, dynamicSampling: { enabled: true, maxRounds: 7 } }, run: { steps: 9 } }));
    const c = trainInput({ config: cfg, n: 4, 'max-rounds': 2, 'dynamic-sampling': false, init: 'base', out: 'o', 'reset-at': '2,5', 'overlong-buffer': 8 });
    expect(c.seed).toBe(3);
    expect(c.rollout).toEqual({ n: 4, temperature: 1.1 });
    expect(c.algorithm).toEqual({ clipHigh: 0.3, dynamicSampling: { enabled: false, maxRounds: 2 }, overlong: { bufferLength: 8, penaltyFactor: 1 } });
    expect(c.model).toEqual({ init: { kind: 'checkpoint', dir: 'base' } });
    expect(c.reset).toEqual({ manualAtSteps: [2, 5] });
    expect(c.run).toEqual({ steps: 9, outDir: 'o' });
  });

  it('rebuilds the suite from --families / --levels / --held-out', () => {
    expect(trainInput({ families: 'number_sorting,gcd', levels: '1,2', 'held-out': 'chain_sum' }).data!.suite).toEqual({
      name: 'cli',
      entries: [{ family: 'number_sorting', levels: [1, 2] }, { family: 'gcd', levels: [1, 2] }, { family: 'chain_sum', levels: [1, 2] }],
      heldOut: ['chain_sum'],
    });
    // --levels alone keeps the default suite's families and held-out families.
    const s = trainInput({ levels: '2' }).data!.suite!;
    expect(s.entries.map((e) => e.family)).toEqual(DEFAULT_PRORL_CONFIG.data.suite.entries.map((e) => e.family));
    expect(s.entries.every((e) => JSON.stringify(e.levels) === '[2]')).toBe(true);
    expect(s.heldOut).toEqual(DEFAULT_PRORL_CONFIG.data.suite.heldOut);
  });

  it('maps reset flags onto the controller (0 disables a trigger)', () => {
    const c = trainInput({ 'reset-patience': 0, 'reset-decline': 0.1, 'reset-min-gap': 4 });
    expect(c.reset!.controller).toMatchObject({ stagnation: null, decline: { declineDelta: 0.1 }, minGapSteps: 4 });
  });

  it('rejects a missing or malformed config file, repeated flags and a penalty without a buffer', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(CliInputError);
        return (e as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(err(() => trainInput({ config: join(dir, 'missing.json') }))).toMatch(/--config .*missing\.json: no such file\. Fix: pass a JSON file/);
    expect(err(() => trainInput({ config: file('bad.json', '{ "rollout": ') }))).toMatch(/bad\.json: is not valid JSON/);
    expect(err(() => trainInput({ config: file('odd.json', '{ "rollouts": {} }') }))).toMatch(/unknown section\(s\) rollouts\. Fix: use only seed, model/);
    expect(err(() => trainInput({ n: [4, 2] as unknown as number }))).toBe('--n: is given more than once (4, 2). Fix: pass --n once');
    expect(err(() => trainInput({ 'overlong-penalty': 0.5 }))).toMatch(/--overlong-penalty: needs a soft buffer length\. Fix: pass --overlong-buffer/);
    expect(err(() => trainInput({ 'reset-at': '3,x' }))).toMatch(/--reset-at: 'x' is not an integer/);
  });
});

describe('resolveTrainConfig', () => {
  const random = { init: { kind: 'random' as const, model: { dModel: 16, nHeads: 2, nLayers: 1, maxSeqLen: 64 }, seed: 0 } };
  const msg = (a: Parameters<typeof trainInput>[0]) => {
    try {
      resolveTrainConfig({ ...trainInput(a), model: random });
    } catch (e) {
      expect(e).toBeInstanceOf(CliInputError);
      return (e as Error).message;
    }
    throw new Error('expected an error');
  };
  it('rejects invalid combinations, naming the flag of the field and the fix', () => {
    expect(msg({ n: 1 })).toMatch(/^config 'rollout\.n' \(--n\): is 1, but GRPO .* needs at least 2\. Fix: set rollout\.n >= 2/);
    expect(msg({ 'prompts-per-step': 6, 'mini-batch-prompts': 4 })).toBe(
      "config 'algorithm.miniBatchPrompts' (--mini-batch-prompts): rollout.promptsPerStep (6) is not divisible by miniBatchPrompts (4). Fix: choose a mini-batch that divides the batch, e.g. 1, 2, 3, 6 (paper: 256 / 64 = 4 updates per step)",
    );
    expect(msg({ 'clip-low': 1 })).toMatch(/^config 'algorithm\.clipLow' \(--clip-low\): must be in \(0, 1\).*got 1\. Fix: use 0\.2/);
    expect(msg({ 'clip-low': 0.3, 'clip-high': 0.2 })).toMatch(/^config 'algorithm\.clipHigh' \(--clip-high\): \(0\.2\) is below clipLow/);
    expect(msg({ resume: true, out: join(dir, 'none') })).toMatch(/^config 'run\.resume' \(--resume\): no checkpoint at/);
    expect(() => resolveTrainConfig(trainInput({ init: join(dir, 'nope') }))).toThrow(/^config 'model\.init\.dir' \(--init\): no checkpoint at '.*nope'/);
  });
});

describe('formatTrainStep', () => {
  it('prints reward, accuracy, KL, clip fraction, entropy, groups, validation, rate, ETA and a reset', () => {
    const line = formatTrainStep(
      { step: 4, 'reward/mean': 0.5, 'acc/mean': 0.25, 'actor/kl_loss': 0.00012, 'actor/pg_clipfrac': 0.05, 'actor/entropy': 1.2, 'dynamic/kept_groups': 3, 'dynamic/generated_groups': 4, 'dynamic/dropped_groups': 1, 'dynamic/exhausted': false, 'val/pass1': 0.4, 'time/elapsed_sec': 8, 'time/eta_sec': 12, 'reset/reason': 'stagnation', 'reset/detail': 'no gain in 3 validations' },
      10,
      4,
    );
    expect(line).toBe('step 4/10 | reward 0.500 | acc 0.250 | kl 1.2e-4 | clip 0.050 | ent 1.200 | groups kept 3/4 dropped 1 | val pass@1 0.400 | 0.500 step/s, ETA 12.0s\n  RESET at step 4 (stagnation): no gain in 3 validations');
  });
});
