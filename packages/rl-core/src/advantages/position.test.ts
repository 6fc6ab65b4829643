import { describe, expect, test } from 'vitest';
import { InvalidParamError, NonFiniteError, ShapeError } from '../errors.js';
import { Rng } from '../rng.js';
import { goldenSuite } from '../test-utils/golden.js';
import { positionAdvantages, positionAdvantagesLoop, type PositionAdvantageInput } from './position.js';
import { maxAbsDiff } from './test-utils/random.js';

goldenSuite('position_advantage');

/**
 * One prompt, three samples, MI = P = 3:
 *  s0: n = 2, r = [1, 2, (9 ignored: beyond n)], EOS  → active t = 0,1,2 (t = 2 is the EOS slot)
 *  s1: n = 1, r = [4],                      no EOS → active t = 0
 *  s2: n = 3 = P, r = [1, 1, 1],               EOS → active t = 0,1,2; no EOS slot in the window
 */
const three: PositionAdvantageInput = {
  B: 1,
  S: 3,
  MI: 3,
  fusedRewards: [1, 2, 9, 4, 0, 0, 1, 1, 1],
  numItems: [2, 1, 3],
  hasEos: [true, false, true],
  valid: [true, true, true],
};

describe('PSAE: hand-worked', () => {
  test('γ = 1: reward-to-go, per-position group baseline including the sample itself', () => {
    for (const fn of [positionAdvantages, positionAdvantagesLoop]) {
      const out = fn(three, { gamma: 1, maxPositions: 3 });
      expect(Array.from(out.returns)).toEqual([3, 2, 0, 4, 0, 0, 3, 2, 1]);
      expect(Array.from(out.activeMask)).toEqual([1, 1, 1, 1, 0, 0, 1, 1, 1]);
      expect(Array.from(out.firstEosMask)).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0]);
      // b = [(3+4+3)/3, (2+2)/2, (0+1)/2]
      expect(Array.from(out.baseline)).toEqual([10 / 3, 2, 0.5].map((x) => expect.closeTo(x, 14)));
      const want = [3 - 10 / 3, 0, -0.5, 4 - 10 / 3, 0, 0, 3 - 10 / 3, 0, 0.5];
      expect(Array.from(out.advantages)).toEqual(want.map((x) => expect.closeTo(x, 14)));
      // the EOS advantage of s0 is minus the baseline at its EOS slot
      expect(out.advantages[2]).toBeCloseTo(-out.baseline[2]!, 14);
    }
  });

  test('γ = 0.5: G_t = Σ γ^(u−t) r_u', () => {
    const out = positionAdvantages(three, { gamma: 0.5, maxPositions: 3 });
    expect(Array.from(out.returns)).toEqual([2, 2, 0, 4, 0, 0, 1.75, 1.5, 1]);
    expect(out.advantages[0]).toBeCloseTo(2 - 7.75 / 3, 14);
    expect(out.advantages[7]).toBeCloseTo(1.5 - 1.75, 14);
  });

  test('P larger than MI: positions beyond MI get reward 0, the EOS slot can sit beyond MI', () => {
    const out = positionAdvantages(three, { gamma: 1, maxPositions: 5 });
    expect(out.activeMask[2 * 5 + 3]).toBe(1); // s2: n = 3 < P = 5 with EOS → EOS slot at t = 3
    expect(out.firstEosMask[2 * 5 + 3]).toBe(1);
    expect(out.returns[2 * 5 + 3]).toBe(0);
  });

  test('an invalid path that emitted EOS gets first-EOS at t = 0 (ungated) but is never active', () => {
    const input: PositionAdvantageInput = { B: 1, S: 2, MI: 2, fusedRewards: [0, 0, 1, 2], numItems: [0, 2], hasEos: [true, true], valid: [false, true] };
    const ref = positionAdvantages(input, { maxPositions: 3 });
    expect(Array.from(ref.firstEosMask)).toEqual([1, 0, 0, 0, 0, 1]);
    expect(Array.from(ref.activeMask)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(Array.from(ref.advantages)).toEqual([0, 0, 0, 0, 0, 0]); // the valid path is alone in every baseline
    const gated = positionAdvantages(input, { maxPositions: 3, firstEos: 'valid_only' });
    expect(Array.from(gated.firstEosMask)).toEqual([0, 0, 0, 0, 0, 1]);
    expect(Array.from(positionAdvantagesLoop(input, { maxPositions: 3, firstEos: 'valid_only' }).firstEosMask)).toEqual(Array.from(gated.firstEosMask));
  });

  test('a group of one gives zero advantages', () => {
    const input: PositionAdvantageInput = { B: 2, S: 1, MI: 3, fusedRewards: [1, 2, 3, -1, 0.5, 0], numItems: [3, 2], hasEos: [false, true], valid: [true, true] };
    const out = positionAdvantages(input, { maxPositions: 3 });
    expect(out.advantages.every((x) => x === 0)).toBe(true);
    expect(Array.from(out.activeMask)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  test('tiny γ stays finite (no float32 γ^t underflow)', () => {
    const out = positionAdvantages({ ...three, numItems: [2, 1, 3] }, { gamma: 1e-6, maxPositions: 10 });
    expect(out.advantages.every(Number.isFinite)).toBe(true);
    expect(out.returns[0]).toBeCloseTo(1 + 2e-6, 14);
  });
});

describe('PSAE: fast path vs loop reference (seeded)', () => {
  for (const seed of [61, 62, 63, 64]) {
    test(`seed ${seed}`, () => {
      const rng = new Rng(seed);
      const B = 3;
      const S = 1 + rng.int(8);
      const MI = 1 + rng.int(12);
      const P = 1 + rng.int(12);
      const gamma = rng.pick([0, 1e-6, 0.5, 0.9, 1]);
      const numItems = Array.from({ length: B * S }, () => rng.int(Math.max(MI, P) + 2));
      const input: PositionAdvantageInput = {
        B,
        S,
        MI,
        fusedRewards: Float64Array.from({ length: B * S * MI }, () => rng.normal()),
        numItems,
        hasEos: numItems.map(() => rng.next() < 0.7),
        valid: numItems.map((n) => n > 0 && rng.next() < 0.9),
      };
      const ref = positionAdvantagesLoop(input, { gamma, maxPositions: P });
      const fast = positionAdvantages(input, { gamma, maxPositions: P });
      expect(maxAbsDiff(fast.returns, ref.returns)).toBeLessThan(1e-12);
      expect(maxAbsDiff(fast.advantages, ref.advantages)).toBeLessThan(1e-12);
      expect(maxAbsDiff(fast.baseline, ref.baseline)).toBeLessThan(1e-12);
      expect(Array.from(fast.activeMask)).toEqual(Array.from(ref.activeMask));
      expect(Array.from(fast.firstEosMask)).toEqual(Array.from(ref.firstEosMask));
    });
  }
});

describe('PSAE: invalid inputs', () => {
  test('shape mismatches → ShapeError', () => {
    expect(() => positionAdvantages({ ...three, fusedRewards: [1, 2, 3] })).toThrow(ShapeError);
    expect(() => positionAdvantages({ ...three, numItems: [1, 2] })).toThrow(ShapeError);
    expect(() => positionAdvantages({ ...three, valid: [true] })).toThrow(ShapeError);
    expect(() => positionAdvantages({ ...three, S: 0 })).toThrow(ShapeError);
  });
  test('path lengths must be non-negative integers', () => {
    expect(() => positionAdvantages({ ...three, numItems: [2, -1, 3] })).toThrow(ShapeError);
    expect(() => positionAdvantages({ ...three, numItems: [2, 1.5, 3] })).toThrow(ShapeError);
  });
  test('params: γ in [0, 1], maxPositions a positive integer, firstEos known', () => {
    expect(() => positionAdvantages(three, { gamma: 1.5 })).toThrow(InvalidParamError);
    expect(() => positionAdvantages(three, { maxPositions: 0 })).toThrow(InvalidParamError);
    expect(() => positionAdvantages(three, { maxPositions: 2.5 })).toThrow(InvalidParamError);
    expect(() => positionAdvantages(three, { firstEos: 'always' as never })).toThrow(InvalidParamError);
  });
  test('NaN reward inside a path → NonFiniteError; beyond the path it is ignored', () => {
    expect(() => positionAdvantages({ ...three, fusedRewards: [1, NaN, 9, 4, 0, 0, 1, 1, 1] })).toThrow(NonFiniteError);
    const out = positionAdvantages({ ...three, fusedRewards: [1, 2, NaN, 4, NaN, NaN, 1, 1, 1] }, { maxPositions: 3 });
    expect(out.advantages.every(Number.isFinite)).toBe(true);
  });
});
