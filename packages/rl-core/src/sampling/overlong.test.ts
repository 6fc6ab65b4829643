import { describe, expect, test } from 'vitest';
import { InvalidParamError, ShapeError } from '../errors.js';
import { applyOverlongShaping, overlongPenalty, resolveOverlongConfig } from './overlong.js';

describe('overlong reward shaping', () => {
  test('hand-worked: Lmax 100, Lbuf 20, factor 1 → 0 up to 80, linear to −1 at 100', () => {
    const cfg = { maxLength: 100, bufferLength: 20, penaltyFactor: 1 };
    expect(Array.from(overlongPenalty([10, 80, 85, 90, 100, 110], cfg))).toEqual([0, 0, -0.25, -0.5, -1, -1.5]);
    expect(Array.from(applyOverlongShaping([1, 1, 0], [50, 90, 100], { ...cfg, penaltyFactor: 0.5 }))).toEqual([1, 0.75, -0.5]);
  });

  test('DAPO 32B defaults: 20k max, 4k buffer', () => {
    const p = overlongPenalty([16384, 18432, 20480]);
    expect(Array.from(p)).toEqual([0, -0.5, -1]);
  });

  test('invalid configs and inputs', () => {
    expect(() => resolveOverlongConfig({ bufferLength: 200, maxLength: 100 })).toThrow(InvalidParamError);
    expect(() => resolveOverlongConfig({ bufferLength: 0 })).toThrow(InvalidParamError);
    expect(() => resolveOverlongConfig({ penaltyFactor: -1 })).toThrow(InvalidParamError);
    expect(() => overlongPenalty([-1])).toThrow(InvalidParamError);
    expect(() => applyOverlongShaping([1, 2], [3])).toThrow(ShapeError);
  });
});
