import { describe, expect, it } from 'vitest';
import { measurePolicySpeed } from './bench.js';

describe('measurePolicySpeed', () => {
  it('returns plain numbers for a tiny configuration (no timing assertions)', async () => {
    const tiny = { vocabSize: 11, dModel: 16, nHeads: 2, nLayers: 1, maxSeqLen: 32 };
    const r = await measurePolicySpeed({
      train: [{ label: 'tiny', config: tiny }],
      tokensPerStep: 64,
      trainSeqLen: 16,
      rollout: { label: 'tiny', config: tiny, batch: 4, promptLen: 3, newTokens: 5 },
      warmup: 0,
      repeats: 1,
    });
    expect(r.train).toHaveLength(1);
    expect(r.train[0]!.tokensPerStep).toBe(64);
    expect(r.train[0]!.params).toBeGreaterThan(0);
    expect(Number.isFinite(r.train[0]!.stepMs)).toBe(true);
    expect(r.rollout!.tokensPerSec).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
