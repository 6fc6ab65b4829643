import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '@prorl/rl-core';
import { resolveModelConfig, type ModelConfig, type MlpKind } from '../model/config.js';
import { ParamLayout } from '../model/params.js';
import { initTfBackend } from './backend.js';
import { TfModelError } from './errors.js';
import { TfTransformer } from './model.js';
import { hostLogits, hostTokenLogProbs } from './host-reference.js';

const B = 2;
const T = 5;

function tinyConfig(mlp: MlpKind, tieEmbeddings: boolean): ModelConfig {
  return resolveModelConfig({ vocabSize: 11, dModel: 8, nHeads: 2, nLayers: 2, dFF: 16, maxSeqLen: 8, mlp, tieEmbeddings });
}

/** Random weights with larger scale than init so that every path carries signal. */
function randomParams(cfg: ModelConfig, seed: number): Float32Array {
  const layout = new ParamLayout(cfg);
  const rng = new Rng(seed);
  const flat = new Float32Array(layout.totalSize);
  for (const e of layout.entries) {
    for (let i = 0; i < e.size; i++) flat[e.offset + i] = e.init === 'ones' ? 1 + 0.3 * rng.normal() : 0.4 * rng.normal();
  }
  return flat;
}

const IDS = [
  [1, 7, 3, 10, 0],
  [4, 4, 9, 2, 6],
];
const MASK = [
  [1, 1, 1, 1, 1],
  [0, 1, 1, 1, 1],
];
const POS = [
  [0, 1, 2, 3, 4],
  [0, 0, 1, 2, 3],
];
const COEF = [0, 0.7, -1.3, 0.4, 2.1, 0, 0, 1.1, -0.6, 0.9];

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

function hostLoss(cfg: ModelConfig, flat: ArrayLike<number>): number {
  const lg = hostLogits(cfg, flat, IDS.flat(), B, T, POS.flat(), MASK.flat());
  const lp = hostTokenLogProbs(lg, IDS.flat(), B, T, cfg.vocabSize);
  return lp.reduce((s, v, i) => s + v * COEF[i]!, 0);
}

beforeAll(async () => {
  await initTfBackend({ backend: 'wasm', log: false });
});

describe.each([
  ['swiglu', false],
  ['swiglu', true],
  ['gelu', false],
  ['gelu', true],
] as const)('TfTransformer mlp=%s tied=%s', (mlp, tied) => {
  const cfg = tinyConfig(mlp, tied);
  const params = randomParams(cfg, mlp === 'gelu' ? 7 : 3);

  it('forward and log-probs match the float64 host reference (with positions and padding mask)', () => {
    const m = new TfTransformer(cfg, params);
    const logits = m.forward(IDS, { positions: POS, attnMask: MASK });
    expect(logits.shape).toEqual([B, T, cfg.vocabSize]);
    const ref = hostLogits(cfg, params, IDS.flat(), B, T, POS.flat(), MASK.flat());
    const V = cfg.vocabSize;
    const got = logits.dataSync();
    const lp = m.tokenLogProbs(IDS, { positions: POS, attnMask: MASK });
    const refLp = hostTokenLogProbs(ref, IDS.flat(), B, T, cfg.vocabSize);
    // Outputs at padded query rows (attnMask 0) are unspecified (every key masked); compare real rows only.
    const flatMask = MASK.flat();
    let checked = 0;
    for (let n = 0; n < B * T; n++) {
      if (flatMask[n] === 0) continue;
      expect(maxAbsDiff(got.subarray(n * V, (n + 1) * V), ref.subarray(n * V, (n + 1) * V)), `row ${n}`).toBeLessThan(2e-5);
      if (n % T === 0 || flatMask[n - 1] === 1) expect(Math.abs(lp.dataSync()[n]! - refLp[n]!), `logp ${n}`).toBeLessThan(2e-5);
      checked++;
    }
    expect(checked).toBe(9);
    expect(lp.dataSync()[0]).toBe(0);
    expect(lp.dataSync()[T]).toBe(0);
    tf.dispose([logits, lp]);
    m.dispose();
  });

  it('gradients of Σ coef·logp match float64 central differences on random coordinates', () => {
    const m = new TfTransformer(cfg, params);
    const { grads, loss, logProbs } = m.coefGradients(IDS, COEF, { positions: POS, attnMask: MASK });
    expect(loss).toBeCloseTo(hostLoss(cfg, params), 4);
    expect(logProbs.length).toBe(B * T);
    const rng = new Rng(11);
    const p64 = Float64Array.from(params);
    const coords = new Set<number>();
    // one coordinate in every parameter tensor, plus random ones
    for (const e of m.layout.entries) coords.add(e.offset + rng.int(e.size));
    for (let i = 0; i < 12; i++) coords.add(rng.int(params.length));
    const h = 1e-5;
    for (const c of coords) {
      const orig = p64[c]!;
      p64[c] = orig + h;
      const up = hostLoss(cfg, p64);
      p64[c] = orig - h;
      const dn = hostLoss(cfg, p64);
      p64[c] = orig;
      const fd = (up - dn) / (2 * h);
      expect(Math.abs(grads[c]! - fd), `coordinate ${c}`).toBeLessThan(1e-3 + 1e-3 * Math.abs(fd));
    }
    // the gradient is not trivially zero
    expect(Math.hypot(...grads)).toBeGreaterThan(0.1);
    m.dispose();
  });

  it('directional derivative in float32 tfjs matches the gradient (h = 1e-2)', () => {
    const m = new TfTransformer(cfg, params);
    const { grads } = m.coefGradients(IDS, COEF, { positions: POS, attnMask: MASK });
    const rng = new Rng(5);
    const dir = Float32Array.from({ length: params.length }, () => rng.normal());
    const norm = Math.hypot(...dir);
    dir.forEach((v, i) => (dir[i] = v / norm));
    const lossAt = (eps: number) => {
      const p = params.map((v, i) => v + eps * dir[i]!);
      m.setFlatParams(p);
      const lp = m.tokenLogProbs(IDS, { positions: POS, attnMask: MASK });
      const v = Array.from(lp.dataSync()).reduce((s, x, i) => s + x * COEF[i]!, 0);
      lp.dispose();
      return v;
    };
    const h = 1e-2;
    const fd = (lossAt(h) - lossAt(-h)) / (2 * h);
    const analytic = grads.reduce((s, g, i) => s + g * dir[i]!, 0);
    expect(Math.abs(fd - analytic)).toBeLessThan(2e-3 + 2e-3 * Math.abs(analytic));
    m.dispose();
  });
});

describe('TfTransformer semantics', () => {
  const cfg = tinyConfig('swiglu', false);
  const params = randomParams(cfg, 21);

  it('is causal: changing a later token leaves earlier logits unchanged', () => {
    const m = new TfTransformer(cfg, params);
    const a = m.forward([[1, 2, 3, 4, 5]]);
    const b = m.forward([[1, 2, 3, 9, 0]]);
    const av = a.dataSync();
    const bv = b.dataSync();
    const V = cfg.vocabSize;
    expect(maxAbsDiff(av.subarray(0, 3 * V), bv.subarray(0, 3 * V))).toBe(0);
    expect(maxAbsDiff(av.subarray(3 * V), bv.subarray(3 * V))).toBeGreaterThan(1e-3);
    tf.dispose([a, b]);
    m.dispose();
  });

  it('padding keys are ignored: left-padded row equals the unpadded row with shifted positions', () => {
    const m = new TfTransformer(cfg, params);
    const padded = m.forward([[0, 0, 5, 6, 7]], { attnMask: [[0, 0, 1, 1, 1]], positions: [[0, 0, 0, 1, 2]] });
    const padded2 = m.forward([[9, 3, 5, 6, 7]], { attnMask: [[0, 0, 1, 1, 1]], positions: [[0, 0, 0, 1, 2]] });
    const plain = m.forward([[5, 6, 7]]);
    const V = cfg.vocabSize;
    expect(maxAbsDiff(padded.dataSync().subarray(2 * V), plain.dataSync())).toBeLessThan(1e-5);
    expect(maxAbsDiff(padded.dataSync().subarray(2 * V), padded2.dataSync().subarray(2 * V))).toBeLessThan(1e-6);
    tf.dispose([padded, padded2, plain]);
    m.dispose();
  });

  it('entropies are aligned with log-probs and bounded by log V', () => {
    const m = new TfTransformer(cfg, params);
    const e = m.tokenEntropies(IDS);
    const v = e.dataSync();
    expect(e.shape).toEqual([B, T]);
    expect(v[0]).toBe(0);
    expect(v[T]).toBe(0);
    for (let i = 0; i < v.length; i++) {
      if (i % T === 0) continue;
      expect(v[i]!).toBeGreaterThan(0);
      expect(v[i]!).toBeLessThanOrEqual(Math.log(cfg.vocabSize) + 1e-5);
    }
    // entropy gradient path: Σ entropyCoef·ent only
    const zeros = new Array(B * T).fill(0);
    const r = m.coefGradients(IDS, zeros, { entropyCoef: new Array(B * T).fill(1) });
    expect(r.loss).toBeCloseTo(Array.from(v).reduce((s, x) => s + x, 0), 4);
    expect(Math.hypot(...r.grads)).toBeGreaterThan(0);
    e.dispose();
    m.dispose();
  });

  it('entropy-coefficient gradients match a float32 directional derivative', () => {
    const m = new TfTransformer(cfg, params);
    const entCoef = COEF.map((c, i) => (i % 3) - c);
    const zeros = new Array(B * T).fill(0);
    const { grads } = m.coefGradients(IDS, zeros, { attnMask: MASK, entropyCoef: entCoef });
    const rng = new Rng(8);
    const dir = Float32Array.from({ length: params.length }, () => rng.normal());
    const norm = Math.hypot(...dir);
    const at = (eps: number) => {
      m.setFlatParams(params.map((v, i) => v + (eps * dir[i]!) / norm));
      const e = m.tokenEntropies(IDS, { attnMask: MASK });
      const v = Array.from(e.dataSync()).reduce((s, x, i) => s + x * entCoef[i]!, 0);
      e.dispose();
      return v;
    };
    const fd = (at(1e-2) - at(-1e-2)) / 2e-2;
    const analytic = grads.reduce((s, g, i) => s + (g * dir[i]!) / norm, 0);
    expect(Math.abs(analytic)).toBeGreaterThan(1e-2);
    expect(Math.abs(fd - analytic)).toBeLessThan(2e-3 + 2e-3 * Math.abs(analytic));
    m.dispose();
  });

  it('a single-token batch has zero log-probs and a zero gradient', () => {
    const m = new TfTransformer(cfg, params);
    const r = m.coefGradients([[3], [4]], [1, 1]);
    expect(r.loss).toBe(0);
    expect(r.grads.every((g) => g === 0)).toBe(true);
    expect(Array.from(r.logProbs)).toEqual([0, 0]);
    m.dispose();
  });

  it('rejects bad inputs with typed errors', () => {
    const m = new TfTransformer(cfg, params);
    const kind = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(TfModelError);
        return (e as TfModelError).kind;
      }
      return 'no error';
    };
    expect(kind(() => m.forward([[1, 11]]))).toBe('token-out-of-range');
    expect(kind(() => m.forward([[1, -1]]))).toBe('token-out-of-range');
    expect(kind(() => m.forward([[1, 2.5]]))).toBe('token-out-of-range');
    expect(kind(() => m.forward([new Array(9).fill(1)]))).toBe('sequence-too-long');
    expect(kind(() => m.forward([[1, 2], [3]]))).toBe('shape-mismatch');
    expect(kind(() => m.forward([[1, 2]], { attnMask: [[1]] }))).toBe('shape-mismatch');
    expect(kind(() => m.forward([[1, 2]], { positions: [[0, 8]] }))).toBe('sequence-too-long');
    expect(kind(() => new TfTransformer(cfg, new Float32Array(params.length - 1)))).toBe('params-length');
    expect(kind(() => m.setFlatParams(new Float32Array(3)))).toBe('params-length');
    expect(kind(() => m.coefGradients([[1, 2]], [1]))).toBe('shape-mismatch');
    m.dispose();
  });

  it('leaks no tensors across forward, log-probs, entropies and gradients', () => {
    const m = new TfTransformer(cfg, params);
    const n0 = tf.memory().numTensors;
    for (let i = 0; i < 2; i++) {
      tf.dispose([m.forward(IDS), m.tokenLogProbs(IDS, { attnMask: MASK }), m.tokenEntropies(IDS)]);
      m.coefGradients(IDS, COEF, { positions: POS, attnMask: MASK, entropyCoef: COEF });
      m.setFlatParams(params);
    }
    expect(tf.memory().numTensors).toBe(n0);
    m.dispose();
    expect(tf.memory().numTensors).toBe(n0 - new ParamLayout(cfg).entries.length);
  });

  it('accepts int32 tensors as ids without disposing them', () => {
    const m = new TfTransformer(cfg, params);
    const idsT = tf.tensor2d(IDS, [B, T], 'int32');
    const a = m.forward(idsT);
    const b = m.forward(IDS);
    expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBe(0);
    expect(idsT.isDisposed).toBe(false);
    tf.dispose([a, b, idsT]);
    m.dispose();
  });
});
