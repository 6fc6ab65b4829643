import { describe, expect, test } from 'vitest';
import { InvalidParamError, NonFiniteError, ShapeError } from '@prorl/rl-core';
import type { PathStepRewards } from './path-batch.js';
import { PathRewardFuser, resolveRewardFusionConfig, type RewardFusionConfig } from './reward-fusion.js';

// 1 prompt × 2 samples, P = 3: path 0 has 3 items (the third is a duplicate: not in the statistics),
// path 1 has 1 item. Entries at t ≥ n are garbage on purpose.
const batch: PathStepRewards = {
  G: 1,
  S: 2,
  P: 3,
  numItems: [3, 1],
  ioi: [1, 2, 3, 5, NaN, 9],
  ior: [10, -20, 40, 30, 7, NaN],
  ctr: [0.5, 0.25, 0, 0.75, 1, 1],
  realMask: [1, 1, 0, 1, 1, 1],
};
const REAL = [0, 1, 3];
const ITEMS = [0, 1, 2, 3];

function stats(x: ArrayLike<number>, minStd = 0.1, over: readonly number[] = REAL): { mean: number; std: number } {
  const v = over.map((i) => x[i] as number);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
  return { mean, std: Math.max(std, minStd) };
}

function expected(b: PathStepRewards, mode: 'src' | 'scale_only' | 'raw', w: RewardFusionConfig['weights'], st = { ioi: stats(batch.ioi), ior: stats(batch.ior), ctr: stats(batch.ctr) }): number[] {
  const out = new Array<number>(6).fill(0);
  for (const i of ITEMS) {
    for (const k of ['ioi', 'ior', 'ctr'] as const) {
      const x = b[k][i] as number;
      const z = mode === 'src' ? (x - st[k].mean) / st[k].std : mode === 'scale_only' ? x / st[k].std : x;
      out[i]! += w[k] * (k === 'ctr' ? 0.1 : 1) * z;
    }
  }
  return out;
}

const near = (got: ArrayLike<number>, want: number[], digits = 5) => want.forEach((v, i) => expect(got[i]).toBeCloseTo(v, digits));

describe('PathRewardFuser', () => {
  test("'src', statsOver 'real' (the reference code): z-scores over the real items (stats include the batch), CTR ÷ 10, 0 beyond n", () => {
    const f = new PathRewardFuser({ statsOver: 'real', penalties: 'zscore' });
    const r = f.fuse(batch);
    near(r, expected(batch, 'src', { ctr: 1, ioi: 1, ior: 1 }));
    expect(r[4]).toBe(0);
    expect(r[5]).toBe(0);
    expect(f.stats().ioi!.mean).toBeCloseTo(8 / 3, 6);
    expect(f.stats().ioi!.std).toBeCloseTo(Math.sqrt(13 / 3), 6);
  });

  test("'src', statsOver 'all' (the paper's E_π[r]): the duplicate joins the statistics, so the fused rewards of the batch sum to 0 per term", () => {
    const f = new PathRewardFuser();
    const r = f.fuse(batch);
    const st = { ioi: stats(batch.ioi, 0.1, ITEMS), ior: stats(batch.ior, 0.1, ITEMS), ctr: stats(batch.ctr, 0.1, ITEMS) };
    near(r, expected(batch, 'src', { ctr: 1, ioi: 1, ior: 1 }, st));
    expect(f.stats().ioi!.mean).toBeCloseTo(11 / 4, 6);
    expect(ITEMS.reduce((a, i) => a + r[i]!, 0)).toBeCloseTo(0, 9);
    expect(() => resolveRewardFusionConfig({ statsOver: 'valid' as never })).toThrow(InvalidParamError);
  });

  test("penalties 'fixed': invalid items stay out of μ and σ and get invalidPenalty; 'centred' (default) re-centres on the running fused mean; 'zscore' (the reference) z-scores their raw penalties into the statistics", () => {
    // path 1's only item is invalid, with the reference's raw penalties (far below the real items)
    const withInvalid: PathStepRewards = { ...batch, ioi: [1, 2, 3, -10, NaN, 9], ior: [10, -20, 40, -100, 7, NaN], ctr: [0.5, 0.25, 0, -1, 1, 1], realMask: [1, 1, 0, 0, 1, 1], invalidMask: [0, 0, 0, 1, 0, 0] };
    const NOT_INVALID = [0, 1, 2];
    const fixed = new PathRewardFuser({ penalties: 'fixed' });
    const r = fixed.fuse(withInvalid);
    const st = { ioi: stats(withInvalid.ioi, 0.1, NOT_INVALID), ior: stats(withInvalid.ior, 0.1, NOT_INVALID), ctr: stats(withInvalid.ctr, 0.1, NOT_INVALID) };
    const want = expected(withInvalid, 'src', { ctr: 1, ioi: 1, ior: 1 }, st);
    want[3] = -1;
    near(r, want);
    expect(fixed.stats().ioi!.mean).toBeCloseTo(2, 9);
    expect(new PathRewardFuser({ penalties: 'fixed', invalidPenalty: -3 }).fuse(withInvalid)[3]).toBe(-3);

    // centred: the same rewards minus their mean over the batch's items (so they sum to 0), kept after the freeze
    const centred = new PathRewardFuser();
    const rc = centred.fuse(withInvalid);
    const m = ITEMS.reduce((a, i) => a + want[i]!, 0) / ITEMS.length;
    near(rc, want.map((v, i) => (ITEMS.includes(i) ? v - m : 0)));
    expect(ITEMS.reduce((a, i) => a + rc[i]!, 0)).toBeCloseTo(0, 9);
    centred.endEpoch();
    near(centred.fuse(withInvalid), Array.from(rc));
    const restored = PathRewardFuser.fromState(JSON.parse(JSON.stringify(centred.getState())));
    near(restored.fuse(withInvalid), Array.from(rc));

    const zscore = new PathRewardFuser({ penalties: 'zscore' });
    const rz = zscore.fuse(withInvalid);
    near(rz, expected(withInvalid, 'src', { ctr: 1, ioi: 1, ior: 1 }, { ioi: stats(withInvalid.ioi, 0.1, ITEMS), ior: stats(withInvalid.ior, 0.1, ITEMS), ctr: stats(withInvalid.ctr, 0.1, ITEMS) }));
    expect(zscore.stats().ioi!.mean).toBeCloseTo(-1, 9);

    // frozen statistics: the penalty is still fixed, the real items are z-scored with the frozen μ, σ
    fixed.endEpoch();
    near(fixed.fuse(withInvalid), want);
    // raw fusion keeps the raw penalties (the naive objective)
    expect(new PathRewardFuser({ fusion: 'raw' }).fuse(withInvalid)[3]).toBeCloseTo(-10 - 100 - 0.1, 9);
    expect(() => resolveRewardFusionConfig({ penalties: 'drop' as never })).toThrow(InvalidParamError);
    expect(() => resolveRewardFusionConfig({ invalidPenalty: 1 })).toThrow(/invalidPenalty/);
  });

  test("centreBy 'position': each path position's fused rewards are centred on their own running mean (overall mean below 16 items); 'all' (default) leaves later, richer positions positive", () => {
    // 40 paths of P = 3: all have 2 items, the first 5 a third; later positions earn more raw reward
    const S = 40;
    const P = 3;
    const numItems = Array.from({ length: S }, (_, b) => (b < 5 ? 3 : 2));
    const val = (b: number, t: number, base: number, step: number) => (t < numItems[b]! ? base + step * t + ((b * 7 + t * 3) % 5) * 0.1 : 0);
    const grid = (base: number, step: number) => Array.from({ length: S * P }, (_, i) => val(Math.floor(i / P), i % P, base, step));
    const r: PathStepRewards = { G: 1, S, P, numItems, ioi: grid(-0.5, 0.3), ior: grid(-100, 60), ctr: grid(0.5, 0), realMask: Array.from({ length: S * P }, () => 1), invalidMask: Array.from({ length: S * P }, () => 0) };
    const at = (x: ArrayLike<number>, t: number) => Array.from({ length: S }, (_, b) => b).filter((b) => t < numItems[b]!).map((b) => x[b * P + t]!);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

    const byAll = new PathRewardFuser().fuse(r);
    expect(mean(at(byAll, 1))).toBeGreaterThan(0.5); // the second item pays on average: extending pays
    const f = new PathRewardFuser({ centreBy: 'position' });
    const byPos = f.fuse(r);
    expect(mean(at(byPos, 0))).toBeCloseTo(0, 9);
    expect(mean(at(byPos, 1))).toBeCloseTo(0, 9);
    // position 2 has 5 < 16 items: centred on the overall mean, like 'all'
    for (const b of [0, 1, 2, 3, 4]) expect(byPos[b * P + 2]).toBeCloseTo(byAll[b * P + 2]!, 9);
    // frozen after the epoch and kept through a state round trip
    f.endEpoch();
    const restored = PathRewardFuser.fromState(JSON.parse(JSON.stringify(f.getState())), { centreBy: 'position' });
    near(restored.fuse(r), Array.from(byPos));
    near(f.fuse(r), Array.from(byPos));
    expect(() => resolveRewardFusionConfig({ centreBy: 'step' as never })).toThrow(/centreBy/);
  });

  test("duplicates 'invalid': a repeated item is rewarded as an invalid one (out of μ and σ, invalidPenalty); 'keep' (default, the reference) z-scores it", () => {
    // path 0's third item (index 2) repeats an earlier one: neither real nor invalid
    const withDup: PathStepRewards = { ...batch, invalidMask: [0, 0, 0, 0, 0, 0] };
    const fixed = new PathRewardFuser({ penalties: 'fixed', duplicates: 'invalid' });
    const st = { ioi: stats(withDup.ioi, 0.1, REAL), ior: stats(withDup.ior, 0.1, REAL), ctr: stats(withDup.ctr, 0.1, REAL) };
    const want = expected(withDup, 'src', { ctr: 1, ioi: 1, ior: 1 }, st);
    want[2] = -1;
    near(fixed.fuse(withDup), want);
    expect(fixed.stats().ioi!.mean).toBeCloseTo(8 / 3, 6);
    // the default keeps it in the statistics (statsOver 'all') and gives it a z-scored reward
    const keep = new PathRewardFuser({ penalties: 'fixed' });
    const kept = keep.fuse(withDup);
    expect(keep.stats().ioi!.mean).toBeCloseTo(11 / 4, 6);
    expect(kept[2]).not.toBeCloseTo(-1, 3);
    // an invalid item is still penalised when duplicates are too; without an invalid mask the repeat alone is
    const both: PathStepRewards = { ...withDup, realMask: [1, 1, 0, 0, 1, 1], invalidMask: [0, 0, 0, 1, 0, 0] };
    const rb = new PathRewardFuser({ penalties: 'fixed', duplicates: 'invalid' }).fuse(both);
    expect(rb[2]).toBe(-1);
    expect(rb[3]).toBe(-1);
    const { invalidMask: _drop, ...noInvalidMask } = withDup;
    near(new PathRewardFuser({ penalties: 'fixed', duplicates: 'invalid' }).fuse(noInvalidMask), want);
    // 'zscore' reads raw penalties, which duplicates do not carry: no change
    near(new PathRewardFuser({ penalties: 'zscore', duplicates: 'invalid' }).fuse(withDup), Array.from(new PathRewardFuser({ penalties: 'zscore' }).fuse(withDup)));
    expect(() => resolveRewardFusionConfig({ duplicates: 'drop' as never })).toThrow(/duplicates/);
  });

  test('statistics collect during the first epoch, then freeze', () => {
    const f = new PathRewardFuser({ weights: { ctr: 0.5, ioi: 2, ior: 1 }, penalties: 'zscore' });
    f.fuse(batch);
    const shifted: PathStepRewards = { ...batch, ioi: Array.from(batch.ioi, (v) => v + 100) };
    f.fuse(shifted); // still epoch 0: the mean moves
    expect(f.stats().ioi!.mean).toBeGreaterThan(50);
    expect(f.isFrozen).toBe(false);
    f.endEpoch();
    expect(f.isFrozen).toBe(true);
    const frozen = f.stats();
    const r = f.fuse(batch);
    expect(f.stats()).toEqual(frozen);
    near(r, expected(batch, 'src', { ctr: 0.5, ioi: 2, ior: 1 }, frozen as never));
    // a restored fuser continues identically
    const g = PathRewardFuser.fromState(JSON.parse(JSON.stringify(f.getState())), { weights: { ctr: 0.5, ioi: 2, ior: 1 } });
    expect(g.isFrozen).toBe(true);
    near(g.fuse(shifted), Array.from(f.fuse(shifted)), 12);
    expect(() => PathRewardFuser.fromState(f.getState(), { fusion: 'raw' })).toThrow(InvalidParamError);
  });

  test('freezeAfterEpochs = 2 keeps collecting through the second epoch', () => {
    const f = new PathRewardFuser({ freezeAfterEpochs: 2 });
    f.fuse(batch);
    f.endEpoch();
    expect(f.isFrozen).toBe(false);
    f.endEpoch();
    expect(f.isFrozen).toBe(true);
  });

  test("'scale_only' (w/o SRC): x/σ without centring", () => {
    near(new PathRewardFuser({ fusion: 'scale_only', statsOver: 'real' }).fuse(batch), expected(batch, 'scale_only', { ctr: 1, ioi: 1, ior: 1 }));
  });

  test("'raw': weighted sums, no statistics", () => {
    const f = new PathRewardFuser({ fusion: 'raw', weights: { ctr: 1, ioi: 1, ior: 0.01 } });
    near(f.fuse(batch), expected(batch, 'raw', { ctr: 1, ioi: 1, ior: 0.01 }), 12);
    expect(f.isFrozen).toBe(true);
    expect(f.stats()).toEqual({});
  });

  test('a weight of 0 removes the term (w/o CTR / IoI / IoR)', () => {
    for (const k of ['ctr', 'ioi', 'ior'] as const) {
      const weights = { ctr: 1, ioi: 1, ior: 1, [k]: 0 };
      const f = new PathRewardFuser({ weights });
      expect(f.components).not.toContain(k);
      const a = f.fuse(batch);
      const other = { ...batch, [k]: Array.from(batch[k], (v) => v * 3 + 1) };
      const b = new PathRewardFuser({ weights }).fuse(other);
      near(b, Array.from(a), 12);
      expect(k in f.stats()).toBe(false);
    }
  });

  test('typed errors: config, shapes, non-finite rewards at item slots', () => {
    expect(() => resolveRewardFusionConfig({ weights: { ctr: -1, ioi: 1, ior: 1 } })).toThrow(InvalidParamError);
    expect(() => resolveRewardFusionConfig({ weights: { ctr: 0, ioi: 0, ior: 0 } })).toThrow(/at least one/);
    expect(() => resolveRewardFusionConfig({ fusion: 'zscore' as never })).toThrow(InvalidParamError);
    expect(() => resolveRewardFusionConfig({ minStd: 0 })).toThrow(InvalidParamError);
    expect(() => resolveRewardFusionConfig({ freezeAfterEpochs: 0 })).toThrow(InvalidParamError);
    const f = new PathRewardFuser();
    expect(() => f.fuse({ ...batch, ctr: [1, 2] })).toThrow(ShapeError);
    expect(() => f.fuse({ ...batch, numItems: [4, 1] })).toThrow(ShapeError);
    expect(() => f.fuse({ ...batch, ioi: [1, NaN, 3, 5, 0, 0] })).toThrow(NonFiniteError);
  });
});
