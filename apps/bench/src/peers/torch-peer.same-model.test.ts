/**
 * The PyTorch peer computes the same function as @prorl/policy: same flat weights and ids in, same
 * token log-probs and weight gradients out (SwiGLU untied and GELU tied). Needs a Python with torch;
 * skipped (with the reason printed) when there is none — tests never require torch.
 */
import { OrtTrainer, ParamLayout, resolveModelConfig, type ModelConfig } from '@prorl/policy';
import { Rng } from '@prorl/rl-core';
import { afterAll, describe, expect, it } from 'vitest';
import { probeTorch, TorchPeer } from './torch.js';

const probe = probeTorch();
if (!probe.available) console.warn(`skipping the torch peer equivalence test: ${probe.reason}`);
const peer = probe.available ? TorchPeer.start(probe) : null;
afterAll(async () => peer?.close());

function relL2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - b[i]!) ** 2;
    den += b[i]! ** 2;
  }
  return Math.sqrt(num / Math.max(den, 1e-30));
}

describe.skipIf(!probe.available)('torch peer = policy model', () => {
  const cases: [string, Partial<ModelConfig>][] = [
    ['swiglu, untied head', { vocabSize: 11, dModel: 8, nHeads: 2, nLayers: 2, maxSeqLen: 16, mlp: 'swiglu', tieEmbeddings: false }],
    ['gelu, tied head', { vocabSize: 11, dModel: 8, nHeads: 2, nLayers: 2, maxSeqLen: 16, mlp: 'gelu', tieEmbeddings: true }],
  ];
  for (const [name, partial] of cases) {
    it(`${name}: same log-probs and gradients`, async () => {
      const cfg = resolveModelConfig(partial);
      const layout = new ParamLayout(cfg);
      const rng = new Rng(7);
      // Larger-than-init weights so differences in the math would show.
      const weights = layout.init(rng).map((w) => w * 10);
      const B = 2;
      const T = 6;
      const ids = Array.from({ length: B * T }, () => rng.int(cfg.vocabSize));
      const coef = Array.from({ length: B * T }, (_, i) => (i % T === 0 ? 0 : rng.normal()));
      const trainer = new OrtTrainer(cfg, weights, undefined, { batchBucket: 1, lengthBucket: 1 });
      const ours = await trainer.gradients({ B, T, ids, coef });
      await trainer.release();
      const theirs = await peer!.request<{ logp: number[]; objective: number; grads: number[] }>({ task: 'check', model: cfg, batch: B, seqLen: T, weights: Array.from(weights), ids, coef });
      expect(theirs.grads).toHaveLength(layout.totalSize);
      for (let i = 0; i < B * T; i++) expect(ours.logp[i]).toBeCloseTo(theirs.logp[i]!, 4);
      expect(ours.objective).toBeCloseTo(theirs.objective, 4);
      for (const e of layout.entries) {
        const g = ours.grads.subarray(e.offset, e.offset + e.size);
        expect(relL2(g, theirs.grads.slice(e.offset, e.offset + e.size)), e.name).toBeLessThan(1e-4);
      }
    });
  }
});
