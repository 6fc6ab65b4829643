import { describe, expect, it } from 'vitest';
import { SimulatorInputError } from './errors.js';
import { ItemIndex } from './item-index.js';

describe('ItemIndex', () => {
  it('assigns 1..N over the sorted raw ids (0 stays padding), independent of input order', () => {
    const a = new ItemIndex(['b', 'a', 'c', 'a']);
    expect(a.size).toBe(3);
    expect(a.rawIds).toEqual(['a', 'b', 'c']);
    expect(a.encode(['c', 'a'])).toEqual([3, 1]);
    expect(a.decode(2)).toBe('b');
    expect(new ItemIndex(['c', 'b', 'a']).encode(['a', 'b', 'c'])).toEqual([1, 2, 3]);
  });

  it('unknown items: encode throws a typed error, tryEncode drops them', () => {
    const a = new ItemIndex(['x', 'y']);
    expect(() => a.encode(['x', 'zz'])).toThrow(SimulatorInputError);
    expect(a.tryEncode(['zz', 'y'])).toEqual([2]);
    expect(a.has('zz')).toBe(false);
    expect(() => a.decode(0)).toThrow(SimulatorInputError);
    expect(() => a.decode(3)).toThrow(SimulatorInputError);
  });
});
