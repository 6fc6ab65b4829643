import { describe, expect, test } from 'vitest';
import { GroupMismatchError, InvalidParamError, NonFiniteError } from '../errors.js';
import { Rng } from '../rng.js';
import { groupMeanBaseline, groupMeanBaselineReference, leaveOneOutBaseline, leaveOneOutBaselineReference } from './group-baseline.js';

describe('group baselines', () => {
  test('hand-worked, non-contiguous groups and a singleton', () => {
    const scores = [1, 4, 2, 10, 6];
    const index = [0, 1, 0, 2, 1];
    expect(Array.from(groupMeanBaseline(scores, index))).toEqual([1.5, 5, 1.5, 10, 5]);
    expect(Array.from(leaveOneOutBaseline(scores, index))).toEqual([2, 6, 1, 0, 4]);
    expect(Array.from(leaveOneOutBaseline(scores, index, 'self'))).toEqual([2, 6, 1, 10, 4]);
  });

  test('fast paths equal the readable references on random groups', () => {
    const rng = new Rng(3);
    const B = 200;
    const scores = Float32Array.from({ length: B }, () => rng.normal());
    const index = Array.from({ length: B }, () => `p${rng.int(37)}`);
    const a = groupMeanBaseline(scores, index);
    const b = groupMeanBaselineReference(scores, index);
    for (let i = 0; i < B; i++) expect(a[i]).toBe(b[i]);
    for (const s of ['zero', 'self'] as const) {
      const c = leaveOneOutBaseline(scores, index, s);
      const d = leaveOneOutBaselineReference(scores, index, s);
      for (let i = 0; i < B; i++) expect(Math.abs(c[i]! - d[i]!)).toBeLessThan(1e-12);
    }
  });

  test('invalid inputs', () => {
    expect(() => groupMeanBaseline([1, 2], [0])).toThrow(GroupMismatchError);
    expect(() => leaveOneOutBaseline([1, NaN], [0, 0])).toThrow(NonFiniteError);
    expect(() => leaveOneOutBaseline([1, 2], [0, 0], 'x' as never)).toThrow(InvalidParamError);
    expect(() => groupMeanBaseline([1, 2], [0, NaN])).toThrow(GroupMismatchError);
  });
});
