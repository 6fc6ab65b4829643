import { describe, expect, test } from 'vitest';
import { InvalidParamError } from '@prorl/rl-core';
import { TOY_POLICY_CONFIG, toyItem, toySemanticIds } from '../train/test-fixtures.js';
import { PathPolicyError } from './errors.js';
import { PathPolicy, pathModelConfig, resolvePathPolicyConfig } from './path-policy.js';
import { PATH_EOS_TOKEN } from './path-tokenizer.js';

describe('PathPolicy', () => {
  const recs = [0, 1].map((t) => ({ history: [toyItem(t + 1), toyItem(t + 2)], path: [], target: toyItem(t) }));

  test('model config: vocab from the tokenizer, room for prompt + P·K + 1 tokens', () => {
    const p = PathPolicy.fromSemanticIds(toySemanticIds(), { config: TOY_POLICY_CONFIG });
    expect(p.modelConfig.vocabSize).toBe(19);
    expect(p.maxNewTokens).toBe(17);
    expect(p.modelConfig.maxSeqLen).toBeGreaterThanOrEqual(p.tokenizer.promptLength(3) + 17);
    expect(pathModelConfig(resolvePathPolicyConfig(), p.tokenizer).maxSeqLen).toBe(96); // 45 + 41 → 96
    expect(() => resolvePathPolicyConfig({ maxPathItems: 0 })).toThrow(InvalidParamError);
    expect(() => PathPolicy.fromSemanticIds(undefined)).toThrow(PathPolicyError);
    expect(() => PathPolicy.fromSemanticIds(toySemanticIds(), { config: TOY_POLICY_CONFIG, params: new Float32Array(3) })).toThrow(PathPolicyError);
  });

  test('sampling: rows g·S + s belong to prompt g, seeded, chunked calls give the same rows', async () => {
    const p = PathPolicy.fromSemanticIds(toySemanticIds(), { config: TOY_POLICY_CONFIG, seed: 1, sampling: { topK: 0 } });
    const prompts = recs.map((r) => p.promptOf(r));
    const a = await p.sample(prompts, 3, { seed: 9 });
    expect(a.tokens.length).toBe(6);
    a.prompts.forEach((pr, b) => expect(pr).toEqual(prompts[Math.floor(b / 3)]));
    for (const row of a.tokens) {
      expect(row.length).toBeLessThanOrEqual(p.maxNewTokens);
      const e = row.indexOf(PATH_EOS_TOKEN);
      if (e >= 0) expect(e).toBe(row.length - 1); // nothing after the EOS
    }
    expect(await p.sample(prompts, 3, { seed: 9 })).toEqual(a);
    expect((await p.sample(prompts, 3, { seed: 10 })).tokens).not.toEqual(a.tokens);
    const chunked = p.withParams(p.params);
    (chunked as { maxRowsPerCall: number }).maxRowsPerCall = 4;
    const c = await chunked.sample(prompts, 3, { seed: 9 });
    expect(c.tokens).toEqual(a.tokens);
    for (let b = 0; b < 6; b++) for (let t = 0; t < a.logProbs[b]!.length; t++) expect(c.logProbs[b]![t]).toBeCloseTo(a.logProbs[b]![t]!, 4);
    const g = await p.generate(recs, 1, 0);
    expect(g.length).toBe(2);
    expect(g[0]!.length).toBe(1);
    expect(await p.generate([{ history: [], path: [], target: 'unknown' }], 2, 0)).toEqual([[[], []]]);
    await Promise.all([p.release(), chunked.release()]);
  }, 30_000);
});
