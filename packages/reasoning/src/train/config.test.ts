import { describe, expect, it } from 'vitest';
import { DEFAULT_PRORL_CONFIG, resolveProRLConfig, type ProRLConfigInput } from './config.js';
import { ProRLConfigError } from './errors.js';

const random: ProRLConfigInput['model'] = { init: { kind: 'random', model: { dModel: 32, nHeads: 2, nLayers: 1, maxSeqLen: 128 }, seed: 1 } };

function rejects(input: ProRLConfigInput, field: RegExp, fix: RegExp): void {
  let err: unknown;
  try {
    resolveProRLConfig({ model: random, ...input });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ProRLConfigError);
  expect((err as Error).message).toMatch(field);
  expect((err as Error).message).toMatch(fix);
}

describe('resolveProRLConfig', () => {
  it('fills the paper defaults (scaled sizes)', () => {
    const c = resolveProRLConfig({ model: random });
    expect(c.rollout.temperature).toBe(1.2);
    expect(c.algorithm).toMatchObject({ clipLow: 0.2, clipHigh: 0.4, klCoef: 1e-4, klType: 'k3', aggMode: 'token-mean', advantage: 'grpo' });
    expect(c.rollout.promptsPerStep / c.algorithm.miniBatchPrompts).toBe(4); // paper 256/64
    expect(c.algorithm.dynamicSampling.enabled).toBe(true);
    expect(c.reset.controller.resetOptimizer).toBe(true);
    expect(DEFAULT_PRORL_CONFIG.rollout.n).toBeGreaterThan(1);
  });

  it('rejects n = 1 with GRPO', () => {
    rejects({ rollout: { n: 1 } }, /rollout\.n/, /n >= 2/);
  });

  it('rejects a batch not divisible by the mini-batch', () => {
    rejects({ rollout: { promptsPerStep: 6 }, algorithm: { miniBatchPrompts: 4 } }, /not divisible/, /divides the batch/);
  });

  it('rejects clipLow >= 1 and clipHigh < clipLow', () => {
    rejects({ algorithm: { clipLow: 1 } }, /clipLow/, /0\.2/);
    rejects({ algorithm: { clipLow: 0.3, clipHigh: 0.2 } }, /clipHigh/, /clip-higher|0\.4/);
  });

  it('rejects a missing init checkpoint and a resume without a checkpoint', () => {
    rejects({ model: { init: { kind: 'checkpoint', dir: '/nonexistent/base' } } }, /model\.init\.dir/, /prorl-reason sft/);
    rejects({ run: { resume: true, outDir: null } }, /run\.resume/, /--out/);
    rejects({ run: { resume: true, outDir: '/nonexistent/run' } }, /no checkpoint/, /without --resume/);
  });

  it('rejects other invalid values with the field and a fix', () => {
    rejects({ rollout: { temperature: 0 } }, /rollout\.temperature/, /1\.2/);
    rejects({ optimizer: { lr: 0 } }, /optimizer\.lr/, /2e-6/);
    rejects({ algorithm: { stopProperlyCoef: 2 } }, /stopProperlyCoef/, /null/);
    rejects({ reset: { manualAtSteps: [99] }, run: { steps: 5 } }, /manualAtSteps/, /reset/);
    rejects({ validation: { every: 0 } }, /validation\.every/, /stagnation: null/);
    rejects({ data: { suite: { name: 's', entries: [{ family: 'chain_sum' }], heldOut: ['chain_sum'] } } }, /heldOut/, /at least one/);
    rejects({ algorithm: { overlong: { bufferLength: 100, penaltyFactor: 1 } }, rollout: { maxNewTokens: 32 } }, /bufferLength/, /shorter/);
  });

  it('accepts validation off when the validation triggers are disabled', () => {
    const c = resolveProRLConfig({ model: random, validation: { every: 0 }, reset: { controller: { stagnation: null, decline: null }, manualAtSteps: [] } });
    expect(c.validation.every).toBe(0);
  });
});
