import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { InvalidParamError, NonFiniteError, NotImplementedInReferenceError, UnknownNameError } from '../errors.js';
import { Rng } from '../rng.js';
import { actorLoss, DEFAULT_ACTOR_LOSS_CONFIG, resolveActorLossConfig, type ActorLossConfig, type ActorLossInputs } from './actor-loss.js';
import { actorLossRef } from './actor-loss.tf.js';
import { AGG_MODES, aggLoss } from './agg-loss.js';
import { entropyFromLogits, entropyGradLogits } from './entropy.js';
import { klPenalty } from './kl.js';
import { clippedPolicyLoss } from './policy-loss.js';
import { expectCloseArrays } from '../test-utils/close.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function randomInputs(seed: number, B: number, T: number, V: number): ActorLossInputs {
  const rng = new Rng(seed);
  const n = B * T;
  const f = (g: () => number) => Float32Array.from({ length: n }, g);
  const oldLogProb = f(() => -rng.uniform(0.05, 5));
  const logProb = Float32Array.from(oldLogProb, (v) => Math.fround(v + (rng.next() < 0.3 ? rng.uniform(-1.5, 1.5) : 0.1 * rng.normal())));
  const refLogProb = Float32Array.from(logProb, (v) => Math.fround(v + rng.uniform(-3.5, 3.5)));
  const advantages = f(() => rng.normal());
  const mask = new Float32Array(n);
  for (let b = 0; b < B; b++) {
    const len = 1 + rng.int(T);
    for (let t = 0; t < len; t++) mask[b * T + t] = 1;
  }
  const logits = Float32Array.from({ length: n * V }, () => 1.5 * rng.normal());
  return { dims: { B, T }, oldLogProb, logProb, refLogProb, advantages, mask, logits, vocabSize: V };
}

describe('actorLoss vs tfjs autodiff', () => {
  const x = randomInputs(7, 4, 24, 6);
  const klTypes: ActorLossConfig['klType'][] = ['k1', 'abs', 'k2', 'k3'];
  for (const aggMode of AGG_MODES) {
    for (const klType of klTypes) {
      test(`${aggMode}, ${klType}, entropy from logits`, () => {
        const cfg = resolveActorLossConfig({ aggMode, klType, klCoef: 0.3, entropyCoef: 0.05 });
        const before = tf.memory().numTensors;
        const ref = actorLossRef(x, cfg);
        expect(tf.memory().numTensors).toBe(before);
        const got = actorLoss(x, cfg);
        expect(Math.abs(got.loss - ref.loss)).toBeLessThanOrEqual(1e-5 * Math.abs(ref.loss) + 1e-6);
        expectCloseArrays(got.gradLogProbs, ref.gradLogProbs);
        expectCloseArrays(got.gradLogits!, ref.gradLogits!);
      });
    }
  }
  test('documented straight-through k3+ with given entropies (no logits gradient)', () => {
    const cfg = resolveActorLossConfig({ klType: 'k3+', klStraightThrough: 'documented', klCoef: 0.5, entropyCoef: 0.1 });
    const ent = entropyFromLogits(x.logits!, { B: 4, T: 24, V: 6 });
    const y: ActorLossInputs = { ...x, entropy: Float32Array.from(ent) };
    delete y.logits;
    const ref = actorLossRef(y, cfg);
    const got = actorLoss(y, cfg);
    expect(got.gradLogits).toBeUndefined();
    expect(Math.abs(got.loss - ref.loss)).toBeLessThanOrEqual(1e-5 * Math.abs(ref.loss) + 1e-6);
    expectCloseArrays(got.gradLogProbs, ref.gradLogProbs);
  });
});

describe('actorLoss composition and metrics', () => {
  const x = randomInputs(8, 3, 10, 5);
  test('loss = pg + β·agg(KL) − c·agg(H), gradient = pg grad + β·w·KL grad', () => {
    const cfg = resolveActorLossConfig({ klCoef: 0.2, entropyCoef: 0.01 });
    const r = actorLoss(x, cfg);
    const pg = clippedPolicyLoss(x, { ...cfg });
    const kl = klPenalty(x.logProb, x.refLogProb!, 'k3');
    const klAgg = aggLoss(kl.value, x.mask, x.dims, 'token-mean');
    const hAgg = aggLoss(entropyFromLogits(x.logits!, { B: 3, T: 10, V: 5 }), x.mask, x.dims, 'token-mean');
    expect(r.loss).toBeCloseTo(pg.loss + 0.2 * klAgg.loss - 0.01 * hAgg.loss, 12);
    for (let i = 0; i < 30; i++) {
      expect(r.gradLogProbs[i]).toBeCloseTo((pg.gradLogProbs[i] as number) + 0.2 * (klAgg.weights[i] as number) * (kl.gradLogProb[i] as number), 12);
    }
    expect(r.metrics['actor/kl_loss']).toBeCloseTo(klAgg.loss, 12);
    expect(r.metrics['actor/kl_coef']).toBe(0.2);
    expect(r.metrics['actor/entropy']).toBeCloseTo(hAgg.loss, 12);
    expect(r.metrics['actor/pg_loss']).toBeCloseTo(pg.loss, 12);
    expect(r.metrics['actor/loss']).toBe(r.loss);
    // d loss / d H = −c·w, and chaining it with dH/dz gives gradLogits.
    for (let i = 0; i < 30; i++) expect(r.gradEntropy![i]).toBeCloseTo(-0.01 * (hAgg.weights[i] as number), 14);
    const chained = entropyGradLogits(x.logits!, { B: 3, T: 10, V: 5 }, r.gradEntropy!);
    for (let i = 0; i < chained.length; i++) expect(r.gradLogits![i]).toBeCloseTo(chained[i] as number, 14);
    const klPart = Math.abs(0.2 * klAgg.loss);
    expect(r.metrics['actor/kl_share']).toBeCloseTo(klPart / (Math.abs(pg.loss) + klPart), 12);
  });

  test('klCoef 0 needs no reference log-probs, kl_share 0, no entropy metric without entropies', () => {
    const y: ActorLossInputs = { ...x };
    delete y.refLogProb;
    delete y.logits;
    const r = actorLoss(y, resolveActorLossConfig({ klCoef: 0 }));
    expect(r.metrics['actor/kl_share']).toBe(0);
    expect(r.metrics['actor/entropy']).toBeUndefined();
    expect(r.gradEntropy).toBeUndefined();
    expect(r.loss).toBeCloseTo(clippedPolicyLoss(y, DEFAULT_ACTOR_LOSS_CONFIG).loss, 12);
  });

  test('missing inputs are explained', () => {
    const y: ActorLossInputs = { ...x };
    delete y.refLogProb;
    expect(() => actorLoss(y, DEFAULT_ACTOR_LOSS_CONFIG)).toThrow(/refLogProb/);
    delete y.logits;
    expect(() => actorLoss(y, resolveActorLossConfig({ klCoef: 0, entropyCoef: 0.1 }))).toThrow(InvalidParamError);
    expect(() => actorLoss({ ...x, vocabSize: undefined }, DEFAULT_ACTOR_LOSS_CONFIG)).toThrow(/vocabSize/);
    const badRef = Float32Array.from(x.refLogProb!);
    badRef[0] = NaN; // row 0, t 0 is always active
    expect(() => actorLoss({ ...x, refLogProb: badRef }, DEFAULT_ACTOR_LOSS_CONFIG)).toThrow(NonFiniteError);
    expect(() => actorLoss(x, { ...DEFAULT_ACTOR_LOSS_CONFIG, klCoef: -1 })).toThrow(/klCoef/);
  });
});

describe('resolveActorLossConfig', () => {
  test('ProRL defaults', () => {
    expect(resolveActorLossConfig()).toEqual({
      clipLow: 0.2, clipHigh: 0.4, clipC: 3, klCoef: 1e-4, klType: 'k3', klStraightThrough: 'reference', aggMode: 'token-mean', entropyCoef: 0,
    });
  });
  test('rejects bad values and unknown keys with typed, actionable errors', () => {
    expect(() => resolveActorLossConfig({ clipC: 1 })).toThrow(/clipC/);
    expect(() => resolveActorLossConfig({ clipLow: 1.2 })).toThrow(InvalidParamError);
    expect(() => resolveActorLossConfig({ klCoef: -1 })).toThrow(/klCoef/);
    expect(() => resolveActorLossConfig({ entropyCoef: NaN })).toThrow(/entropyCoef/);
    expect(() => resolveActorLossConfig({ aggMode: 'mean' as 'token-mean' })).toThrow(UnknownNameError);
    expect(() => resolveActorLossConfig({ klType: 'k9' as 'k3' })).toThrow(UnknownNameError);
    expect(() => resolveActorLossConfig({ klType: 'k3+' })).toThrow(NotImplementedInReferenceError);
    expect(() => resolveActorLossConfig({ klcoef: 1 } as unknown as Partial<ActorLossConfig>)).toThrow(/klCoef/);
    expect(resolveActorLossConfig({ klType: 'k3+', klStraightThrough: 'documented' }).klType).toBe('k3+');
  });
});
