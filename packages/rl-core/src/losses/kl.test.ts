import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { NotImplementedInReferenceError, ShapeError, UnknownNameError } from '../errors.js';
import { Rng } from '../rng.js';
import { compareOutputs, f64, type GoldenFile } from '../conformance/golden.js';
import { FIXTURE_DIR } from '../test-utils/golden.js';
import { KL_BASE_NAMES, klPenalty, parseKlName } from './kl.js';
import { klPenaltyRef } from './kl.tf.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Log-probs with d = lp − ref spread over every k3 regime (and exact ties), kept 1e-3 away from the k3 kinks. */
function randomPair(seed: number, n: number): { lp: Float32Array; ref: Float32Array } {
  const rng = new Rng(seed);
  const lp = new Float32Array(n);
  const ref = new Float32Array(n);
  const kinks = [-20, -2.61087, 10.99998, 20];
  for (let i = 0; i < n; i++) {
    ref[i] = -rng.uniform(0, 8);
    for (;;) {
      const u = rng.next();
      const d = u < 0.05 ? 0 : u < 0.5 ? 0.5 * rng.normal() : u < 0.8 ? rng.uniform(-4, 14) : rng.uniform(-30, 30); // 5% exact ties (d = 0)
      lp[i] = Math.fround((ref[i] as number) + d);
      const df = (lp[i] as number) - (ref[i] as number);
      if (kinks.every((k) => Math.abs(df - k) > 1e-3)) break;
    }
  }
  return { lp, ref };
}

describe('klPenalty vs tfjs autodiff', () => {
  const { lp, ref } = randomPair(5, 400);
  const names = [...KL_BASE_NAMES, ...KL_BASE_NAMES.map((n) => `${n}+`)];
  for (const name of names) {
    test(name, () => {
      const opts = { straightThrough: 'documented' as const };
      const before = tf.memory().numTensors;
      const r = klPenaltyRef(lp, ref, name, opts);
      expect(tf.memory().numTensors).toBe(before);
      const got = klPenalty(lp, ref, name, opts);
      for (let i = 0; i < lp.length; i++) {
        const rv = r.value[i] as number;
        const rg = r.gradLogProb[i] as number;
        // float32 reference: values like eˣ at x = 20 carry ~1e-7 relative error.
        expect(Math.abs((got.value[i] as number) - rv), `value[${i}]`).toBeLessThanOrEqual(1e-5 * Math.abs(rv) + 2e-6);
        expect(Math.abs((got.gradLogProb[i] as number) - rg), `grad[${i}]`).toBeLessThanOrEqual(1e-5 * Math.abs(rg) + 2e-6);
      }
    });
  }
});

describe('klPenalty rules', () => {
  test('k3 saturates at 10 with zero gradient, and clamps −d at ±20', () => {
    const r = klPenalty([-3, 12, 25, -25, 0], [0, 0, 0, 0, 0], 'k3');
    expect(Array.from(r.value.slice(0, 4))).toEqual([10, 10, 10, 10]);
    expect(Array.from(r.gradLogProb.slice(0, 4))).toEqual([0, 0, 0, 0]);
    expect(r.value[4]).toBe(0);
    expect(r.gradLogProb[4]).toBe(0);
  });
  test('k3 inside the band: eˣ − x − 1 and 1 − eˣ with x = −d', () => {
    const r = klPenalty([0.5], [0], 'low_var_kl');
    expect(r.value[0]).toBeCloseTo(Math.exp(-0.5) + 0.5 - 1, 14);
    expect(r.gradLogProb[0]).toBeCloseTo(1 - Math.exp(-0.5), 14);
  });
  test('k3 at tiny d has no cancellation (value ≈ d²/2)', () => {
    const r = klPenalty([1e-6], [0], 'k3');
    expect(r.value[0]! / 0.5e-12).toBeCloseTo(1, 5);
  });
  test('abs has gradient 0 at d = 0, ±1 elsewhere', () => {
    expect(Array.from(klPenalty([1, 0, -1], [0, 0, 0], 'abs').gradLogProb)).toEqual([1, 0, -1]);
  });
  test('k1 and k2 by hand', () => {
    expect(Array.from(klPenalty([1], [3], 'k1').value)).toEqual([-2]);
    const k2 = klPenalty([1], [3], 'mse');
    expect(k2.value[0]).toBe(2);
    expect(k2.gradLogProb[0]).toBe(-2);
  });
  test('straight-through names throw by default, full always', () => {
    expect(() => klPenalty([0], [0], 'k3+')).toThrow(NotImplementedInReferenceError);
    expect(() => klPenalty([0], [0], 'full', { straightThrough: 'documented' })).toThrow(NotImplementedInReferenceError);
    expect(() => parseKlName('k3+')).toThrow(/straightThrough: 'documented'/);
  });
  test('unknown name lists the valid ones; shape mismatch', () => {
    expect(() => klPenalty([0], [0], 'k4')).toThrow(UnknownNameError);
    expect(() => klPenalty([0], [0], 'k4')).toThrow(/low_var_kl/);
    expect(() => klPenalty([0, 1], [0], 'k1')).toThrow(ShapeError);
  });
  test("documented straight-through matches the fixture's documented_intent blocks", () => {
    const file = JSON.parse(readFileSync(`${FIXTURE_DIR}kl.json`, 'utf8')) as GoldenFile;
    const cases = file.cases.filter((c) => c.documented_intent !== undefined);
    expect(cases.length).toBeGreaterThanOrEqual(28);
    for (const c of cases) {
      const r = klPenalty(f64(c.inputs?.logprob), f64(c.inputs?.ref_logprob), String(c.params?.kl_penalty), { straightThrough: 'documented' });
      const intent = c.documented_intent as Record<string, unknown>;
      const exp = { value: intent.value, grad_logprob: intent.grad_logprob };
      expect(compareOutputs({ value: r.value, grad_logprob: r.gradLogProb }, exp, c.tolerance ?? { rtol: 1e-5, atol: 1e-6 }), c.id).toEqual([]);
    }
  });
});
