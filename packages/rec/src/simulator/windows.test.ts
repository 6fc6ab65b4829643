import { describe, expect, it } from 'vitest';
import { Rng } from '@prorl/rl-core';
import { SimulatorConfigError } from './errors.js';
import { batchWindows, corruptBatch, epochBatches, trainingWindows } from './windows.js';

describe('trainingWindows', () => {
  it('keeps short sequences whole and drops single items', () => {
    expect(trainingWindows([[1, 2, 3], [4]], 5)).toEqual([{ ids: [1, 2, 3], firstTarget: 1 }]);
  });

  it('trains every target exactly once, with >= maxLen − stride context after the first window', () => {
    const seq = Array.from({ length: 23 }, (_, i) => i + 1);
    const ws = trainingWindows([seq], 8, 3);
    const trained: number[] = [];
    for (const w of ws) {
      expect(w.ids.length).toBeLessThanOrEqual(8);
      for (let t = Math.max(1, w.firstTarget); t < w.ids.length; t++) {
        trained.push(w.ids[t]!);
        if (w !== ws[0]) expect(t).toBeGreaterThanOrEqual(8 - 3);
      }
    }
    expect(trained).toEqual(seq.slice(1));
    expect(ws[ws.length - 1]!.ids[ws[ws.length - 1]!.ids.length - 1]).toBe(23);
  });

  it('rejects bad lengths', () => {
    expect(() => trainingWindows([[1, 2]], 1)).toThrow(SimulatorConfigError);
    expect(() => trainingWindows([[1, 2]], 5, 5)).toThrow(SimulatorConfigError);
  });
});

describe('batchWindows / epochBatches', () => {
  it('right-pads and marks trained targets', () => {
    const b = batchWindows([{ ids: [1, 2, 3], firstTarget: 1 }, { ids: [4, 5], firstTarget: 0 }, { ids: [6, 7, 8], firstTarget: 2 }]);
    expect(b.T).toBe(3);
    expect(Array.from(b.ids)).toEqual([1, 2, 3, 4, 5, 0, 6, 7, 8]);
    expect(Array.from(b.mask)).toEqual([1, 1, 1, 1, 1, 0, 1, 1, 1]);
    expect(Array.from(b.trainMask)).toEqual([0, 1, 1, 0, 1, 0, 0, 0, 1]);
    expect(b.targets).toBe(4);
  });

  it('covers every window once per epoch, in a seeded order', () => {
    const ws = Array.from({ length: 10 }, (_, i) => ({ ids: [i + 1, i + 2], firstTarget: 1 }));
    const a = epochBatches(ws, 4, new Rng(1));
    expect(a.map((b) => b.B)).toEqual([4, 4, 2]);
    const firsts = a.flatMap((b) => Array.from({ length: b.B }, (_, r) => b.ids[r * b.T]!)).sort((x, y) => x - y);
    expect(firsts).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(epochBatches(ws, 4, new Rng(1)).map((b) => Array.from(b.ids))).toEqual(a.map((b) => Array.from(b.ids)));
  });
});

describe('corruptBatch', () => {
  it('replaces about p of the real items, untrains them, recounts targets; p = 0 is a no-op', () => {
    const ws = Array.from({ length: 50 }, (_, i) => ({ ids: Array.from({ length: 20 }, (_, t) => 1 + ((i + t) % 9)), firstTarget: 1 }));
    const clean = batchWindows(ws);
    expect(corruptBatch(batchWindows(ws), 0, 100, new Rng(1))).toEqual(clean);
    const b = corruptBatch(batchWindows(ws), 0.25, 100, new Rng(1));
    let changed = 0;
    for (let i = 0; i < b.ids.length; i++) {
      if (b.ids[i] !== clean.ids[i]) {
        changed++;
        expect(b.trainMask[i]).toBe(0);
      }
    }
    const frac = changed / b.ids.length;
    expect(frac).toBeGreaterThan(0.18); // ~0.25 (a replacement equals the original 1 time in 100)
    expect(frac).toBeLessThan(0.32);
    expect(b.targets).toBe(Array.from(b.trainMask).reduce((a: number, x) => a + x, 0));
    expect(b.targets).toBeLessThan(clean.targets);
    expect(() => corruptBatch(batchWindows(ws), 1, 100, new Rng(1))).toThrow(SimulatorConfigError);
  });
});
