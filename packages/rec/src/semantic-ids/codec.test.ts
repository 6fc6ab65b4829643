import { describe, expect, test } from 'vitest';
import { SemanticIdCodec } from './codec.js';

describe('semantic-id codec', () => {
  const ids = new Map([
    ['m1', [3, 0, 2, 1]],
    ['m2', [3, 0, 2, 2]],
    ['m3', [0, 1, 1, 1]],
  ]);
  const codec = new SemanticIdCodec(ids, 1);
  test('token = base + code + level·width (the reference scheme)', () => {
    expect(codec.width).toBe(4);
    expect(codec.encode('m1')).toEqual([4, 5, 11, 14]);
    expect(codec.decode(codec.encode('m2'))).toBe('m2');
    expect(codec.decode([0, 0, ...codec.encode('m3')], 2)).toBe('m3');
  });
  test('unknown tuples and out-of-block tokens are invalid', () => {
    expect(codec.decode([4, 5, 11, 16])).toBeNull(); // collision digit 3 unknown
    expect(codec.decode([5, 5, 11, 14])).toBeNull(); // code (4,…) outside level-0 block? 5-1=4 >= width
    expect(codec.decode([4, 5, 11])).toBeNull();
    expect(() => codec.encode('nope')).toThrow(/unknown item/);
    expect(() => new SemanticIdCodec(new Map([['a', [1]], ['b', [1]]]))).toThrow(/share the code/);
  });
});
