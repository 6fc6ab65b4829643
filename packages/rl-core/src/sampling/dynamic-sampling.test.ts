import { describe, expect, test } from 'vitest';
import { GroupMismatchError, InvalidParamError, NonFiniteError } from '../errors.js';
import { filterGroups } from './dynamic-sampling.js';

describe('filterGroups', () => {
  test('hand-worked: keeps mixed groups and singletons, reports drop reasons', () => {
    //            p0 p0 p1 p1 p2 p2 p3   p4   p4   p0
    const acc = [1, 0, 1, 1, 0, 0, 0, 0.5, 0.5, 1];
    const index = ['p0', 'p0', 'p1', 'p1', 'p2', 'p2', 'p3', 'p4', 'p4', 'p0'];
    const r = filterGroups(acc, index);
    expect(r.keptRows).toEqual([0, 1, 6, 9]); // p0 (mixed) and p3 (single sample)
    expect(r.counts).toEqual({ kept: 2, dropped: 3, all_correct: 1, all_wrong: 1, all_equal: 1 });
    expect(r.groups.map((g) => [g.id, g.kept, g.reason])).toEqual([
      ['p0', true, undefined],
      ['p1', false, 'all_correct'],
      ['p2', false, 'all_wrong'],
      ['p3', true, undefined],
      ['p4', false, 'all_equal'],
    ]);
    expect(r.groups[0]!.rows).toEqual([0, 1, 9]);
    expect(r.groups[0]!.std).toBeCloseTo(Math.sqrt(2 / 9), 14);
  });

  test('identical non-dyadic values are dropped (decided exactly), minStd tightens the rule', () => {
    expect(filterGroups([0.1, 0.1, 0.1], [0, 0, 0]).counts.dropped).toBe(1);
    const r = filterGroups([0.5, 0.52, 0, 1], [0, 0, 1, 1], { minStd: 0.05 });
    expect(r.groups.map((g) => g.kept)).toEqual([false, true]);
    expect(r.groups[0]!.reason).toBe('all_equal');
    // custom correct/wrong values for the reasons
    expect(filterGroups([2, 2], [0, 0], { correctValue: 2 }).counts.all_correct).toBe(1);
  });

  test('invalid inputs', () => {
    expect(() => filterGroups([1, 0], [0])).toThrow(GroupMismatchError);
    expect(() => filterGroups([1, NaN], [0, 0])).toThrow(NonFiniteError);
    expect(() => filterGroups([1, 0], [0, 0], { minStd: -1 })).toThrow(InvalidParamError);
  });
});
