import { describe, expect, test } from 'vitest';
import { lengthBucket, scoreChunks } from './score-chunks.js';

describe('scoreChunks', () => {
  test('rows go in rungs (8, 32, 128, 256), lengths round up to 10 and stop at maxLen', () => {
    const seqs = [...Array.from({ length: 300 }, (_, i) => Array.from({ length: (i % 23) + 1 }, () => 1)), [1, 2, 3]];
    const chunks = scoreChunks(seqs, 20);
    expect(chunks.map(({ r0, n, rows }) => [r0, n, rows])).toEqual([[0, 256, 256], [256, 45, 128]]);
    expect(chunks.map((c) => c.T)).toEqual([20, 20]);
    expect(scoreChunks([[1, 2, 3]], 50)).toEqual([{ r0: 0, n: 1, rows: 8, T: 10 }]);
    expect(scoreChunks([], 50)).toEqual([]);
    expect(lengthBucket(11, 50)).toBe(20);
    expect(lengthBucket(47, 45)).toBe(45);
  });
});
