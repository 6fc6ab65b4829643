import { Rng } from '@prorl/rl-core';
import { describe, expect, it } from 'vitest';
import { resolveSamplingConfig, sampleToken, SamplingConfigError, tokenLogProb } from './sampler.js';

const logits = Float32Array.from([1.0, 2.5, 0.3, 2.5, -1.0, 0.9]);

function freq(cfg: Parameters<typeof resolveSamplingConfig>[0], n = 8000, seed = 1) {
  const c = resolveSamplingConfig(cfg);
  const rng = new Rng(seed);
  const counts = new Array<number>(logits.length).fill(0);
  for (let i = 0; i < n; i++) counts[sampleToken(logits, c, rng).token]!++;
  return counts.map((x) => x / n);
}

function softmax(xs: ArrayLike<number>, temp = 1) {
  const m = Math.max(...Array.from(xs));
  const e = Array.from(xs, (x) => Math.exp((x - m) / temp));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / z);
}

describe('sampleToken', () => {
  it('greedy picks the lowest-index argmax and reports the temperature-1 log-prob', () => {
    const r = sampleToken(logits, resolveSamplingConfig({ temperature: 0 }), new Rng(0));
    expect(r.token).toBe(1);
    expect(r.logp).toBeCloseTo(Math.log(softmax(logits)[1]!), 6);
    // topK = 1 is greedy too.
    expect(sampleToken(logits, resolveSamplingConfig({ topK: 1 }), new Rng(3)).token).toBe(1);
  });
  it('matches softmax(logits / temperature) frequencies', () => {
    for (const temperature of [1, 0.5]) {
      const f = freq({ temperature });
      const p = softmax(logits, temperature);
      f.forEach((x, i) => expect(Math.abs(x - p[i]!)).toBeLessThan(0.025));
    }
  });
  it('top-k and top-p truncate then renormalise; log-prob stays the base policy', () => {
    const p = softmax(logits);
    const f = freq({ topK: 3 });
    // top-3: tokens 1, 3 (tied 2.5) and 0 (1.0).
    const z = p[0]! + p[1]! + p[3]!;
    [0, 1, 3].forEach((i) => expect(Math.abs(f[i]! - p[i]! / z)).toBeLessThan(0.025));
    [2, 4, 5].forEach((i) => expect(f[i]).toBe(0));
    const fp = freq({ topP: 0.7 });
    // p1 = p3 ≈ 0.36 each: the two of them reach 0.7.
    expect(p[1]! + p[3]!).toBeGreaterThan(0.7);
    [0, 2, 4, 5].forEach((i) => expect(fp[i]).toBe(0));
    const r = sampleToken(logits, resolveSamplingConfig({ topK: 2, temperature: 0.3 }), new Rng(9));
    expect(r.logp).toBeCloseTo(tokenLogProb(logits, r.token), 12);
    expect(r.logp).toBeCloseTo(Math.log(p[r.token]!), 6);
  });
  it('same seed, same draws', () => {
    expect(freq({}, 200, 42)).toEqual(freq({}, 200, 42));
    expect(freq({}, 200, 42)).not.toEqual(freq({}, 200, 43));
  });
  it('rejects bad configs with a typed error', () => {
    expect(() => resolveSamplingConfig({ temperature: -1 })).toThrow(SamplingConfigError);
    expect(() => resolveSamplingConfig({ topP: 0 })).toThrow(/topP/);
    expect(() => resolveSamplingConfig({ maxNewTokens: 0 })).toThrow(/maxNewTokens/);
  });
});
