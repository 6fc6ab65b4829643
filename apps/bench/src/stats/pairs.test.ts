import { describe, expect, it } from 'vitest';
import { pairRatios } from './pairs.js';

describe('pairRatios', () => {
  it('takes the median of per-pair ratios, not the ratio of medians', () => {
    // Machine drifts 2x between pairs; per-pair ratio is always 0.5.
    const r = pairRatios([1, 2, 4], [2, 4, 8])!;
    expect(r).toEqual({ median: 0.5, min: 0.5, max: 0.5, n: 3 });
  });
  it('skips unusable pairs and returns null when none is left', () => {
    expect(pairRatios([1, Number.NaN, 3], [2, 1, 0])!.n).toBe(1);
    expect(pairRatios([], [])).toBeNull();
  });
});
