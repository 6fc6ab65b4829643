import { describe, expect, test } from 'vitest';
import { meanMetrics, pathDiversity, pathMetrics } from './path-metrics.js';

const shares = (a: string, b: string) => a[0] === b[0]; // same first letter = shared attribute

describe('path metrics (hand-worked)', () => {
  test('valid items only; coherence over path ⊕ target', () => {
    const m = pathMetrics(
      {
        items: ['a1', null, 'a2', 'b1'],
        target: 'b9',
        rewards: {
          ioi: Float64Array.from([0.5, -9, 0.25, 1]),
          ior: Float64Array.from([10, -9, 5, 20]),
          ctr: Float64Array.from([0.8, -1, 0.6, 0.4]),
          kind: ['real', 'invalid', 'real', 'real'],
        },
      },
      shares,
    );
    expect(m.ioi).toBeCloseTo(1.75);
    expect(m.ior).toBe(35);
    expect(m.ctr).toBeCloseTo(0.6);
    // chain a1 a2 b1 b9: pairs (a1,a2)=1 (a2,b1)=0 (b1,b9)=1 → 2/3
    expect(m.coherence).toBeCloseTo(2 / 3);
    expect(m.invalid_rate).toBe(0.25);
    expect(m.path_len).toBe(4);
  });
  test('a path with no valid item scores zeros', () => {
    const m = pathMetrics({ items: [null], target: 'x', rewards: { ioi: new Float64Array(1), ior: new Float64Array(1), ctr: new Float64Array(1), kind: ['invalid'] } }, shares);
    expect(m).toEqual({ ctr: 0, coherence: 0, ioi: 0, ior: 0, invalid_rate: 1, path_len: 1 });
    expect(meanMetrics([m, { ...m, ioi: 2 }]).ioi).toBe(1);
  });
  test('diversity: identical paths 0, disjoint 1', () => {
    expect(pathDiversity([['a', 'b'], ['a', 'b']])).toBe(0);
    expect(pathDiversity([['a'], ['b'], ['c']])).toBe(1);
    expect(pathDiversity([['a', 'b'], ['b', 'c']])).toBeCloseTo(1 - 1 / 3);
    expect(pathDiversity([['a']])).toBe(0);
  });
});
