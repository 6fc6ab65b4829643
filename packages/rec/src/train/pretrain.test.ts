import { describe, expect, test } from 'vitest';
import { InvalidParamError } from '@prorl/rl-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PathPolicy } from '../policy/path-policy.js';
import { loadPathPolicy, savePathPolicy } from '../policy/checkpoint.js';
import { buildSftBatch, pretrainPathPolicy, resolvePretrainConfig } from './pretrain.js';
import { TOY_N, TOY_POLICY_CONFIG, plantedPath, toyItem, toyRecords, toySemanticIds } from './test-fixtures.js';

describe('pretraining', () => {
  test('SFT batch: loss only on path tokens and EOS', () => {
    const policy = PathPolicy.fromSemanticIds(toySemanticIds(), { config: TOY_POLICY_CONFIG });
    const recs = toyRecords(1).slice(0, 3);
    const b = buildSftBatch(policy, recs);
    expect(b.count).toBe(3 * (2 * 4 + 1));
    const promptLen = policy.tokenizer.promptLength(3);
    for (let t = 0; t < b.T; t++) expect(b.lossMask[t]).toBe(t >= promptLen && t < promptLen + 9 ? 1 : 0);
    expect(b.coef[promptLen]).toBeCloseTo(-1 / b.count, 9);
  });

  test('reduces the loss and the greedy policy reproduces the planted path rule', async () => {
    const policy = PathPolicy.fromSemanticIds(toySemanticIds(), { config: TOY_POLICY_CONFIG, seed: 7 });
    const recs = toyRecords(1, 4);
    const r = await pretrainPathPolicy(policy, recs, { epochs: 30, batchSize: 48, lr: 5e-3, warmupSteps: 10, seed: 1 });
    expect(r.steps).toBe(30 * 2);
    const first = r.losses.slice(0, 2).reduce((a, b) => a + b) / 2;
    expect(r.finalLoss).toBeLessThan(first * 0.2);
    const test = Array.from({ length: TOY_N }, (_, t) => ({ history: [toyItem(t + 1), toyItem(t + 2), toyItem(t + 3)], path: [], target: toyItem(t) }));
    const paths = await policy.generate(test, 1, 0);
    let correct = 0;
    paths.forEach((cands, t) => {
      if (JSON.stringify(cands[0]) === JSON.stringify(plantedPath(t))) correct++;
    });
    expect(correct).toBeGreaterThanOrEqual(TOY_N - 2);
    // checkpoint round trip: same weights, same greedy paths
    const dir = mkdtempSync(join(tmpdir(), 'prorl-pre-'));
    try {
      await savePathPolicy(dir, policy, { step: r.steps });
      const back = await loadPathPolicy(dir);
      expect(back.step).toBe(r.steps);
      expect(back.policy.config).toEqual(policy.config);
      expect(Array.from(back.policy.params)).toEqual(Array.from(policy.params));
      expect(await back.policy.generate(test.slice(0, 4), 1, 0)).toEqual(paths.slice(0, 4));
      await back.policy.release();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await policy.release();
  }, 60_000);

  test('invalid configs are rejected', () => {
    expect(() => resolvePretrainConfig({ batchSize: 0 })).toThrow(InvalidParamError);
    expect(() => resolvePretrainConfig({ lr: -1 })).toThrow(InvalidParamError);
    expect(() => resolvePretrainConfig({ schedule: 'step' as never })).toThrow(InvalidParamError);
  });
});
