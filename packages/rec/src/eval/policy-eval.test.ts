import { describe, expect, test } from 'vitest';
import { PathPolicy } from '../policy/path-policy.js';
import { pretrainPathPolicy } from '../train/pretrain.js';
import { RandomPathGenerator } from '../baselines/random-paths.js';
import { SimulatorGreedyGenerator } from '../baselines/simulator-greedy.js';
import { TOY_POLICY_CONFIG, toyCatalog, toyIndex, toyRecords, toySemanticIds, toySimulator } from '../train/test-fixtures.js';
import { compareGenerators, compareMethods, evaluateGenerator, type EvalContext } from './evaluate.js';

describe('evaluating the policy and the baselines on the toy catalogue', () => {
  test('@1 greedy and best-of-K sampling; K sampled candidates are diverse and seeded', async () => {
    const policy = PathPolicy.fromSemanticIds(toySemanticIds(), { config: TOY_POLICY_CONFIG, seed: 3 });
    await pretrainPathPolicy(policy, toyRecords(1, 2), { epochs: 8, batchSize: 48, lr: 5e-3, warmupSteps: 2 });
    const ctx: EvalContext = { simulator: toySimulator(), itemIndex: toyIndex(), catalog: toyCatalog() };
    const recs = toyRecords(9, 1);
    const at1 = await evaluateGenerator(policy, recs, ctx, { k: 1, batchSize: 16 });
    const at4 = await evaluateGenerator(policy, recs, ctx, { k: 4, batchSize: 16, seed: 5 });
    expect(at1.records).toBe(24);
    expect(at1.diversity).toBe(0);
    expect(at4.diversity).toBeGreaterThan(0);
    expect(at4.invalid_rate).toBeGreaterThanOrEqual(0);
    expect(at4.invalid_rate).toBeLessThanOrEqual(1);
    expect(at1.path_len).toBeLessThanOrEqual(4);
    expect(at1.invalid_rate).toBeLessThan(0.5);
    // same seed → same numbers
    expect(await evaluateGenerator(policy, recs, ctx, { k: 4, batchSize: 16, seed: 5 })).toEqual(at4);
    const items = [...toySemanticIds().keys()];
    const table = await compareMethods(
      'toy',
      [
        { method: 'pretrained', run: (seed) => evaluateGenerator(policy, recs, ctx, { k: 1, seed }) },
        { method: 'random', run: (seed) => evaluateGenerator(new RandomPathGenerator({ items, maxLen: 4 }), recs, ctx, { k: 1, seed }) },
        { method: 'sim-greedy', run: (seed) => evaluateGenerator(new SimulatorGreedyGenerator({ simulator: ctx.simulator, itemIndex: toyIndex(), maxLen: 4, topK: 5 }), recs, ctx, { k: 1, seed }) },
      ],
      [1, 2],
    );
    expect(table.rows.map((r) => r.method)).toEqual(['pretrained', 'random', 'sim-greedy']);
    expect(table.rows[0]!.std.ioi).toBe(0); // greedy decoding does not depend on the seed
    expect(table.rows[1]!.std.path_len).toBeGreaterThan(0);
    expect(table.rows[2]!.invalid_rate).toBe(0);
    const viaGenerators = await compareGenerators('toy', [policy.named('pretrained'), new RandomPathGenerator({ items, maxLen: 4 })], recs, ctx, { seeds: [1, 2] });
    expect(viaGenerators.rows.map((r) => r.method)).toEqual(['pretrained', 'random']);
    expect(viaGenerators.rows[0]).toEqual(table.rows[0]);
    await policy.release();
  }, 60_000);
});
