import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { InvalidParamError, NonFiniteError, ShapeError, UnknownNameError, positionAdvantagesLoop } from '@prorl/rl-core';
import {
  PATH_ESTIMATORS,
  PATH_ESTIMATOR_NAMES,
  advantageStats,
  criticTargets,
  getPathEstimator,
  type PathAdvantageInput,
  type PathAdvantages,
} from './estimators.js';

/**
 * 1 prompt × 4 samples, P = 3:
 *   s0: n = 2, EOS,    r = [1, 2]      R = 3
 *   s1: n = 1, EOS,    r = [4]         R = 4
 *   s2: n = 3 (= P),   r = [1, 1, −1]  R = 1 (no EOS decision: the path is full)
 *   s3: n = 0, EOS     (invalid: no gradient, not in any baseline; its rewards are ignored)
 */
const P = 3;
const fusedToy = [1, 2, 99, 4, 99, 99, 1, 1, -1, 99, 99, 99];
const toy: PathAdvantageInput = {
  G: 1,
  S: 4,
  P,
  fused: fusedToy,
  numItems: [2, 1, 3, 0],
  hasEos: [1, 1, 0, 1],
};

const items = (a: PathAdvantages, b: number): number[] => Array.from(a.item.subarray(b * P, b * P + P));

describe('path estimators: hand-worked 1 × 4 example', () => {
  test('shared pieces: returns, path rewards, active steps', () => {
    const a = PATH_ESTIMATORS.rtg(toy);
    expect(Array.from(a.returns)).toEqual([3, 2, 0, 4, 0, 0, 1, 0, -1, 0, 0, 0]);
    expect(Array.from(a.pathReward)).toEqual([3, 4, 1, 0]);
    expect(Array.from(a.itemActive)).toEqual([1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 0]);
    expect(Array.from(a.eosActive)).toEqual([1, 1, 0, 0]);
  });

  test('reinforce: the raw path reward on every action, no baseline', () => {
    const a = PATH_ESTIMATORS.reinforce(toy);
    expect(items(a, 0)).toEqual([3, 3, 0]);
    expect(items(a, 1)).toEqual([4, 0, 0]);
    expect(items(a, 2)).toEqual([1, 1, 1]);
    expect(items(a, 3)).toEqual([0, 0, 0]);
    expect(Array.from(a.eos)).toEqual([3, 4, 0, 0]);
  });

  test('grpo: R minus the mean R of the valid paths (8/3), shared by all steps', () => {
    const a = PATH_ESTIMATORS.grpo(toy);
    expect(items(a, 0)[0]).toBeCloseTo(1 / 3, 12);
    expect(items(a, 0)[1]).toBeCloseTo(1 / 3, 12);
    expect(items(a, 1)[0]).toBeCloseTo(4 / 3, 12);
    for (const t of [0, 1, 2]) expect(items(a, 2)[t]).toBeCloseTo(-5 / 3, 12);
    expect(a.eos[0]).toBeCloseTo(1 / 3, 12);
    expect(a.eos[1]).toBeCloseTo(4 / 3, 12);
    expect(a.eos[2]).toBe(0);
    expect(items(a, 3)).toEqual([0, 0, 0]);
  });

  test('rtg: reward-to-go, the EOS decision gets G_n = 0', () => {
    const a = PATH_ESTIMATORS.rtg(toy);
    expect(items(a, 0)).toEqual([3, 2, 0]);
    expect(items(a, 1)).toEqual([4, 0, 0]);
    expect(items(a, 2)).toEqual([1, 0, -1]);
    expect(Array.from(a.eos)).toEqual([0, 0, 0, 0]);
  });

  test('prorl (PSAE): per-position baselines b = [8/3, 2/3, −1/2] include the paths that stop at t', () => {
    // t=0: s0 3, s1 4, s2 1 → 8/3. t=1: s0 2, s1 EOS 0, s2 0 → 2/3. t=2: s0 EOS 0, s2 −1 → −1/2.
    const a = PATH_ESTIMATORS.prorl(toy);
    const near = (x: number[], y: number[]) => x.forEach((v, i) => expect(v).toBeCloseTo(y[i]!, 12));
    near(items(a, 0), [1 / 3, 4 / 3, 0]);
    near(items(a, 1), [4 / 3, 0, 0]);
    near(items(a, 2), [-5 / 3, -2 / 3, -1 / 2]);
    near(items(a, 3), [0, 0, 0]);
    near(Array.from(a.eos), [1 / 2, -2 / 3, 0, 0]);
    // agrees with rl-core's readable PSAE loop at every active slot
    const ref = positionAdvantagesLoop({ B: 1, S: 4, MI: P, fusedRewards: toy.fused, numItems: toy.numItems, hasEos: toy.hasEos, valid: [1, 1, 1, 0] }, { maxPositions: P });
    for (let i = 0; i < 12; i++) if (a.itemActive[i]) expect(a.item[i]).toBeCloseTo(ref.advantages[i]!, 12);
  });

  test('a2c: G_t − V_t on items, −V_n on the EOS decision', () => {
    const values = [1, 1, 0.5, 2, -1, 7, 0, 0, 0, 5, 5, 5];
    const a = PATH_ESTIMATORS.a2c({ ...toy, values });
    expect(items(a, 0)).toEqual([2, 1, 0]);
    expect(items(a, 1)).toEqual([2, 0, 0]);
    expect(items(a, 2)).toEqual([1, 0, -1]);
    expect(Array.from(a.eos)).toEqual([-0.5, 1, 0, 0]);
    const c = criticTargets(a, toy.numItems);
    expect(Array.from(c.mask)).toEqual([1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0]);
    expect(Array.from(c.target)).toEqual([3, 2, 0, 4, 0, 0, 1, 0, -1, 0, 0, 0]);
    expect(() => PATH_ESTIMATORS.a2c(toy)).toThrow(InvalidParamError);
  });

  test('discount γ = 0.5 reaches every estimator through the returns', () => {
    const a = PATH_ESTIMATORS.rtg(toy, { gamma: 0.5 });
    expect(items(a, 0)).toEqual([2, 2, 0]);
    expect(items(a, 2)).toEqual([1.25, 0.5, -1]);
    expect(PATH_ESTIMATORS.reinforce(toy, { gamma: 0.5 }).eos[0]).toBe(2);
  });

  test('advantage variance over active steps (items + EOS decisions)', () => {
    const a = PATH_ESTIMATORS.prorl(toy);
    const vals = [1 / 3, 4 / 3, 1 / 2, 4 / 3, -2 / 3, -5 / 3, -2 / 3, -1 / 2];
    const mean = vals.reduce((x, y) => x + y, 0) / vals.length;
    const variance = vals.reduce((x, y) => x + (y - mean) ** 2, 0) / vals.length;
    const s = advantageStats(a);
    expect(s.count).toBe(8);
    expect(s.mean).toBeCloseTo(mean, 12);
    expect(s.variance).toBeCloseTo(variance, 12);
    // the baseline-free estimators have a larger spread here
    expect(advantageStats(PATH_ESTIMATORS.reinforce(toy)).variance).toBeGreaterThan(s.variance);
    expect(advantageStats({ item: new Float64Array(3), eos: new Float64Array(1), itemActive: new Uint8Array(3), eosActive: new Uint8Array(1) })).toEqual({ mean: 0, variance: 0, count: 0 });
  });
});

describe("path estimators: emptyPaths 'stop' (the empty path s3 is a stop decision at slot 0)", () => {
  const stop: PathAdvantageInput = { ...toy, valid: [1, 1, 1, 1] };
  test('prorl: s3 joins the position-0 baseline (b_0 = (3 + 4 + 1 + 0)/4 = 2) and its EOS gets −b_0', () => {
    const a = PATH_ESTIMATORS.prorl(stop);
    expect(items(a, 0)[0]).toBeCloseTo(1, 12);
    expect(items(a, 1)[0]).toBeCloseTo(2, 12);
    expect(items(a, 2)[0]).toBeCloseTo(-1, 12);
    expect(Array.from(a.eosActive)).toEqual([1, 1, 0, 1]);
    expect(a.eos[3]).toBeCloseTo(-2, 12);
    expect(Array.from(a.itemActive.subarray(9, 12))).toEqual([0, 0, 0]);
    // later positions are unchanged (s3 is not active there): b_1 = 2/3
    expect(items(a, 0)[1]).toBeCloseTo(2 - 2 / 3, 12);
  });
  test('grpo: R̄ = 2 includes the empty path (R = 0), whose EOS gets 0 − R̄', () => {
    const a = PATH_ESTIMATORS.grpo(stop);
    expect(items(a, 0)).toEqual([1, 1, 0]);
    expect(a.eos[3]).toBe(-2);
  });
  test('reinforce: the empty path has R = 0, so its EOS gets 0; rtg likewise', () => {
    expect(PATH_ESTIMATORS.reinforce(stop).eos[3]).toBe(0);
    expect(PATH_ESTIMATORS.rtg(stop).eos[3]).toBe(0);
    expect(PATH_ESTIMATORS.rtg(stop).eosActive[3]).toBe(1);
  });
  test('valid = 0 on a path with items silences it', () => {
    const a = PATH_ESTIMATORS.prorl({ ...toy, valid: [1, 0, 1, 0] });
    expect(items(a, 1)).toEqual([0, 0, 0]);
    expect(a.eosActive[1]).toBe(0);
    expect(() => PATH_ESTIMATORS.prorl({ ...toy, valid: [1, 1] })).toThrow(ShapeError);
  });
});

describe('REINFORCE length bias in a toy setting (§3.5, Theorem 1)', () => {
  // Stop probability p = 1/2 at every step, P = 4: lengths 0,1,2,3,4 with probabilities 8,4,2,1,1 /16.
  // One group of 16 samples with exactly these counts is the exact expectation over paths.
  const P4 = 4;
  const p = 0.5;
  const lengths = [...Array<number>(8).fill(0), 1, 1, 1, 1, 2, 2, 3, 4];
  const group = (reward: (s: number, t: number) => number): PathAdvantageInput => {
    const fused: number[] = [];
    lengths.forEach((n, s) => {
      for (let t = 0; t < P4; t++) fused.push(t < n ? reward(s, t) : 0);
    });
    return { G: 1, S: 16, P: P4, fused, numItems: lengths, hasEos: lengths.map((n) => (n < P4 ? 1 : 0)) };
  };
  /** E[ĝ] for the stop logit θ (p = σ(θ)): continue actions have ∇logπ = −p, the stop action 1 − p. */
  const stopGradient = (a: PathAdvantages): number => {
    let g = 0;
    let N = 0;
    lengths.forEach((n, s) => {
      if (n === 0) return;
      N += 1;
      for (let t = 0; t < n; t++) g += a.item[s * P4 + t]! * -p;
      if (a.eosActive[s]) g += a.eos[s]! * (1 - p);
    });
    return g / N;
  };
  const positive = group((s, t) => 0.5 + 0.1 * ((s + t) % 3)); // every step reward > 0

  test('with positive rewards REINFORCE pushes every action up and favours continuing', () => {
    const a = PATH_ESTIMATORS.reinforce(positive);
    const st = advantageStats(a);
    expect(st.mean).toBeGreaterThan(0);
    for (let i = 0; i < a.item.length; i++) if (a.itemActive[i]) expect(a.item[i]).toBeGreaterThan(0);
    // longer paths carry larger advantages on more continue actions: E[ĝ_θ] < 0 lowers p → longer paths
    expect(stopGradient(a)).toBeLessThan(-0.1);
    // the mean advantage of the continue actions grows with the path length
    const meanItemAdv = (n: number) => a.item[lengths.indexOf(n) * P4]!;
    expect(meanItemAdv(4)).toBeGreaterThan(meanItemAdv(2));
    expect(meanItemAdv(2)).toBeGreaterThan(meanItemAdv(1));
  });

  test('PSAE centres the advantages at every position (EOS decisions included)', () => {
    const a = PATH_ESTIMATORS.prorl(positive);
    for (let t = 0; t < P4; t++) {
      let sum = 0;
      let count = 0;
      lengths.forEach((n, s) => {
        if (n === 0) return;
        if (t < n) (sum += a.item[s * P4 + t]!), (count += 1);
        else if (t === n && a.eosActive[s]) (sum += a.eos[s]!), (count += 1);
      });
      if (count > 0) expect(Math.abs(sum)).toBeLessThan(1e-12);
    }
    expect(Math.abs(advantageStats(a).mean)).toBeLessThan(1e-12);
    expect(advantageStats(a).variance).toBeLessThan(advantageStats(PATH_ESTIMATORS.reinforce(positive)).variance);
    expect(Math.abs(stopGradient(a))).toBeLessThan(Math.abs(stopGradient(PATH_ESTIMATORS.reinforce(positive))));
  });

  test('with centred step rewards (SRC: E[r̃] = 0) the shortcut is gone for REINFORCE too', () => {
    const centred = group(() => 0);
    expect(stopGradient(PATH_ESTIMATORS.reinforce(centred))).toBe(0);
    expect(stopGradient(PATH_ESTIMATORS.prorl(centred))).toBe(0);
  });
});

describe('path estimators: registry and typed errors', () => {
  test('registry lists every estimator; unknown names list the valid ones', () => {
    expect(Object.keys(PATH_ESTIMATORS).sort()).toEqual([...PATH_ESTIMATOR_NAMES].sort());
    expect(getPathEstimator('prorl')).toBe(PATH_ESTIMATORS.prorl);
    expect(() => getPathEstimator('ppo')).toThrow(UnknownNameError);
    expect(() => getPathEstimator('ppo')).toThrow(/reinforce, grpo, rtg, a2c, prorl/);
  });

  test('bad shapes, lengths, rewards and γ are rejected', () => {
    for (const name of PATH_ESTIMATOR_NAMES) {
      const f = PATH_ESTIMATORS[name];
      expect(() => f({ ...toy, fused: fusedToy.slice(1), values: new Array<number>(12).fill(0) })).toThrow(ShapeError);
      expect(() => f({ ...toy, numItems: [2, 1, 4, 0], values: new Array<number>(12).fill(0) })).toThrow(ShapeError);
      expect(() => f({ ...toy, hasEos: [1, 1, 0], values: new Array<number>(12).fill(0) })).toThrow(ShapeError);
      expect(() => f({ ...toy, fused: [NaN, ...fusedToy.slice(1)], values: new Array<number>(12).fill(0) })).toThrow(NonFiniteError);
      expect(() => f({ ...toy, values: new Array<number>(12).fill(0) }, { gamma: 1.5 })).toThrow(InvalidParamError);
    }
    // rewards beyond n may hold anything
    expect(() => PATH_ESTIMATORS.prorl({ ...toy, fused: fusedToy.map((v) => (v === 99 ? NaN : v)) })).not.toThrow();
    expect(() => PATH_ESTIMATORS.a2c({ ...toy, values: [0] })).toThrow(ShapeError);
  });
});

describe("'prorl' against the golden vectors of the reference's compute_position_advantages", () => {
  // Copied from shared/fixtures/rl-golden (our own numbers from running the ProRL reference). Item t of a
  // path takes A_t, its EOS decision A_n; the estimator derives valid = n > 0, as the fixture does.
  interface Case {
    id: string;
    tolerance_class: string;
    params: { gamma: number; max_proactive_length: number };
    tolerance: { rtol: number; atol: number };
    inputs: { fused_rewards: number[][][]; num_items: number[][]; has_eos: boolean[][] };
    expected: { position_advantages: number[][][] };
  }
  const file = JSON.parse(readFileSync(new URL('./fixtures/position_advantage.json', import.meta.url), 'utf8')) as { cases: Case[] };
  const standard = file.cases.filter((c) => c.tolerance_class === 'standard');
  test('the fixture has the standard cases', () => expect(standard.length).toBe(12));
  for (const c of standard) {
    test(c.id, () => {
      const P = c.params.max_proactive_length;
      const G = c.inputs.num_items.length;
      const S = c.inputs.num_items[0]!.length;
      const fused = new Float64Array(G * S * P);
      c.inputs.fused_rewards.forEach((g, gi) => g.forEach((row, s) => row.forEach((v, t) => t < P && (fused[(gi * S + s) * P + t] = v))));
      const numItems = c.inputs.num_items.flat();
      const hasEos = c.inputs.has_eos.flat().map((x) => (x ? 1 : 0));
      const a = PATH_ESTIMATORS.prorl({ G, S, P, fused, numItems, hasEos }, { gamma: c.params.gamma });
      const exp = c.expected.position_advantages.flat();
      const close = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(c.tolerance.atol + c.tolerance.rtol * Math.abs(want));
      for (let b = 0; b < G * S; b++) {
        const n = numItems[b]!;
        for (let t = 0; t < P; t++) close(a.item[b * P + t]!, t < n ? exp[b]![t]! : 0);
        if (a.eosActive[b]) close(a.eos[b]!, exp[b]![n]!);
        else expect(a.eos[b]).toBe(0);
      }
    });
  }
});
