import { describe, expect, test } from 'vitest';
import { InvalidParamError, Rng, UnknownNameError } from '@prorl/rl-core';
import { SemanticIdCodec } from '../semantic-ids/codec.js';
import { applyPenalties, type StepRewards } from '../rewards/step-rewards.js';
import { DEFAULT_PATH_RL_CONFIG, PATH_ABLATION_NAMES, resolvePathRlConfig } from './config.js';
import { decodePathItems, packStepRewards, pathRowLength, splitPaths, REFERENCE_EOS_TOKEN, type PathLayout } from './path-batch.js';
import { PathRlObjective, type PathRlBatch } from './objective.js';

describe('resolvePathRlConfig and the ablation presets', () => {
  test('defaults are the reference: prorl + SRC, 1/1/1, CTR ÷ 10, mean item log-probs, k1 β = 0.01', () => {
    const c = resolvePathRlConfig();
    expect(c).toEqual(DEFAULT_PATH_RL_CONFIG);
    expect(c).toMatchObject({ estimator: 'prorl', fusion: 'src', ctrScale: 0.1, minStd: 0.1, itemLogProb: 'mean', klCoef: 0.01, kl: 'k1', gamma: 1, maxPathItems: 10, freezeAfterEpochs: 1 });
  });

  test('each ablation changes exactly its field', () => {
    expect(resolvePathRlConfig({}, 'wo_src').fusion).toBe('scale_only');
    expect(resolvePathRlConfig({}, 'wo_psae').estimator).toBe('grpo');
    expect(resolvePathRlConfig({}, 'wo_ctr').weights).toEqual({ ctr: 0, ioi: 1, ior: 1 });
    expect(resolvePathRlConfig({ weights: { ctr: 0.1 } }, 'wo_ioi').weights).toEqual({ ctr: 0.1, ioi: 0, ior: 1 });
    expect(resolvePathRlConfig({ estimator: 'rtg' }, 'wo_ior')).toMatchObject({ estimator: 'rtg', weights: { ctr: 1, ioi: 1, ior: 0 } });
    expect(PATH_ABLATION_NAMES).toEqual(['none', 'wo_src', 'wo_psae', 'wo_ctr', 'wo_ioi', 'wo_ior']);
  });

  test('invalid combinations are rejected with typed errors', () => {
    expect(() => resolvePathRlConfig({}, 'wo_everything')).toThrow(UnknownNameError);
    expect(() => resolvePathRlConfig({ estimator: 'ppo' as never })).toThrow(UnknownNameError);
    expect(() => resolvePathRlConfig({ weights: { ioi: 0, ior: 0 } }, 'wo_ctr')).toThrow(InvalidParamError);
    expect(() => resolvePathRlConfig({ gamma: -0.1 })).toThrow(InvalidParamError);
    expect(() => resolvePathRlConfig({ maxPathItems: 0 })).toThrow(InvalidParamError);
    expect(() => resolvePathRlConfig({ klCoef: Number.NaN })).toThrow(InvalidParamError);
  });
});

/** A seeded rollout batch: G = 4 prompts × S = 8 samples over a 6-item catalogue with hallucinations. */
function rollout(seed: number): { layout: PathLayout; batch: (logSeed: number) => PathRlBatch } {
  const rng = new Rng(seed);
  const codec = new SemanticIdCodec(new Map(['a', 'b', 'c', 'd', 'e', 'f'].map((k, i) => [k, [i, (3 * i) % 5, i % 2, 1]])));
  const P = 10;
  const Tt = pathRowLength(P);
  const G = 4;
  const S = 8;
  const tokens: number[] = [];
  for (let b = 0; b < G * S; b++) {
    const row: number[] = [];
    const n = rng.int(P + 1);
    for (let t = 0; t < n; t++) row.push(...(rng.next() < 0.15 ? [1, 1, 1, 1] : codec.encode('abcdef'[rng.int(6)]!)));
    if (n < P || rng.next() < 0.5) row.push(REFERENCE_EOS_TOKEN);
    while (row.length < Tt) row.push(0);
    tokens.push(...row);
  }
  const layout = splitPaths(tokens, { G, S, P }, { eosToken: REFERENCE_EOS_TOKEN });
  const dec = decodePathItems(tokens, layout, codec);
  const step: StepRewards[] = dec.kinds.map((kinds, b) => ({
    kind: kinds,
    ioi: Float64Array.from(kinds, (_, t) => 0.3 * Math.sin(b + t) + 0.1),
    ior: Float64Array.from(kinds, (_, t) => ((b * 7 + t * 3) % 11) - 3),
    ctr: Float64Array.from(kinds, (k, t) => (k === 'duplicate' ? 0 : 0.5 + 0.4 * Math.cos(b * t))),
  }));
  const rewards = packStepRewards(applyPenalties(step), layout);
  return {
    layout,
    batch: (logSeed) => {
      const r = new Rng(logSeed);
      const lp = Array.from({ length: G * S * Tt }, () => r.uniform(-5, -0.05));
      return { layout, rewards, tokenLogProbs: lp, refTokenLogProbs: lp.map((v) => v + 0.1 * r.normal()) };
    },
  };
}

describe('PathRlObjective: tokens → rewards → advantages → per-token coefficients', () => {
  const { layout, batch } = rollout(7);
  const B = layout.G * layout.S;
  const Tt = layout.Tt;
  /** 1 where a token may carry a coefficient: items of valid paths and their EOS decision. */
  const allowed = new Uint8Array(B * Tt);
  for (let b = 0; b < B; b++) {
    if (!layout.valid[b]) continue;
    for (let t = 0; t < 4 * layout.numItems[b]!; t++) allowed[b * Tt + t] = 1;
    if (layout.eosActive[b]) allowed[b * Tt + layout.eosPos[b]!] = 1;
  }

  test('the rollout covers every kind of path', () => {
    const n = Array.from(layout.numItems);
    expect(n).toContain(0);
    expect(n).toContain(10);
    expect(Array.from(layout.eosActive)).toContain(1);
  });

  for (const ablation of PATH_ABLATION_NAMES) {
    test(`ablation '${ablation}': finite loss, coefficients only on active tokens`, () => {
      const obj = new PathRlObjective(resolvePathRlConfig({}, ablation));
      const r = obj.step(batch(1));
      expect(Number.isFinite(r.loss)).toBe(true);
      let nonzero = 0;
      for (let i = 0; i < B * Tt; i++) {
        if (!allowed[i]) expect(r.gradTokenLogProbs[i]).toBe(0);
        else if (r.gradTokenLogProbs[i] !== 0) nonzero += 1;
      }
      expect(nonzero).toBeGreaterThan(B);
      for (const v of Object.values(r.metrics)) expect(Number.isFinite(v)).toBe(true);
      expect(r.metrics['rec/src_frozen']).toBe(obj.config.fusion === 'raw' ? 1 : 0);
    });
  }

  test('SRC centres the step rewards of the first batch (all items by default, real items with the reference scope); stats freeze at the end of the first epoch', () => {
    const b1 = batch(1);
    const P = b1.rewards.P;
    const isItem = (i: number) => i % P < (b1.rewards.numItems[Math.floor(i / P)] as number);
    const centredMean = (fused: Float64Array, keep: (i: number) => boolean) => {
      let sum = 0;
      let count = 0;
      for (let i = 0; i < fused.length; i++) if (keep(i)) (sum += fused[i]!), (count += 1);
      expect(count).toBeGreaterThan(20);
      return sum / count;
    };
    const ref = new PathRlObjective({ statsOver: 'real', penalties: 'zscore' }).step(b1);
    expect(Math.abs(centredMean(ref.fused, (i) => isItem(i) && b1.rewards.realMask[i] === 1))).toBeLessThan(1e-6);
    const paper = new PathRlObjective({ penalties: 'zscore' }).step(b1);
    expect(Math.abs(centredMean(paper.fused, isItem))).toBeLessThan(1e-6);
    // 'fixed' keeps invalid items out of the statistics and gives them the penalty −1
    const invalid = b1.rewards.invalidMask!;
    const fixed = new PathRlObjective({ penalties: 'fixed' }).step(b1);
    expect(Math.abs(centredMean(fixed.fused, (i) => isItem(i) && invalid[i] === 0))).toBeLessThan(1e-6);
    let nInvalid = 0;
    for (let i = 0; i < fixed.fused.length; i++) if (isItem(i) && invalid[i] === 1) (nInvalid += 1), expect(fixed.fused[i]).toBe(-1);
    expect(nInvalid).toBeGreaterThan(0);
    // the default ('centred') shifts those rewards so that the batch's items average 0
    const obj = new PathRlObjective();
    const r1 = obj.step(b1);
    expect(Math.abs(centredMean(r1.fused, isItem))).toBeLessThan(1e-6);
    const shift = r1.fused.findIndex((_, i) => isItem(i));
    expect(r1.fused[shift]! - fixed.fused[shift]!).toBeCloseTo(-centredMean(fixed.fused, isItem), 9);
    // the batch has invalid items (penalised below every real one), so the scopes differ
    expect(Math.abs(centredMean(ref.fused, isItem))).toBeGreaterThan(1e-3);
    obj.endEpoch();
    const r2 = obj.step(batch(2));
    expect(r2.metrics['rec/src_frozen']).toBe(1);
    expect(Array.from(r2.fused)).toEqual(Array.from(r1.fused)); // same rewards, frozen stats
    const restored = PathRlObjective.fromState(JSON.parse(JSON.stringify(obj.getState())));
    expect(Array.from(restored.step(batch(3)).gradTokenLogProbs)).toEqual(Array.from(obj.step(batch(3)).gradTokenLogProbs));
  });

  test('Table 5 ordering on this batch: PSAE has the smallest advantage variance, REINFORCE the largest', () => {
    const v = (estimator: 'reinforce' | 'grpo' | 'rtg' | 'prorl') => new PathRlObjective({ estimator }).step(batch(1)).metrics['rec/adv_var']!;
    expect(v('prorl')).toBeLessThan(v('rtg'));
    expect(v('prorl')).toBeLessThan(v('grpo'));
    expect(v('reinforce')).toBeGreaterThan(v('grpo'));
  });

  test('a2c needs critic values; mismatched layouts are rejected', () => {
    const obj = new PathRlObjective({ estimator: 'a2c' });
    expect(() => obj.step(batch(1))).toThrow(InvalidParamError);
    expect(Number.isFinite(obj.step({ ...batch(1), values: new Float64Array(B * 10) }).loss)).toBe(true);
    expect(() => new PathRlObjective({ maxPathItems: 5 }).step(batch(1))).toThrow(InvalidParamError);
    const b = batch(1);
    expect(() => new PathRlObjective().step({ ...b, rewards: { ...b.rewards, numItems: Array.from(b.rewards.numItems, (n) => (n > 0 ? n - 1 : n)) } })).toThrow(InvalidParamError);
  });
});
