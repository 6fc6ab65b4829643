import { describe, expect, test } from 'vitest';
import { InvalidParamError, ShapeError } from '../errors.js';
import { applyStopProperlyPenalty } from './stop-properly.js';

describe('stop-properly penalty', () => {
  test('hand-worked', () => {
    const rewards = [1, 1, 0.5, -1];
    const eos = [true, false, false, true];
    expect(Array.from(applyStopProperlyPenalty(rewards, eos))).toEqual([1, 0, 0, -1]); // default coef 0
    expect(Array.from(applyStopProperlyPenalty(rewards, [1, 0, 0, 1], 0.5))).toEqual([1, 0.5, 0.25, -1]);
    expect(Array.from(applyStopProperlyPenalty(rewards, eos, 1))).toEqual(rewards);
  });

  test('invalid inputs', () => {
    expect(() => applyStopProperlyPenalty([1], [true], -0.1)).toThrow(InvalidParamError);
    expect(() => applyStopProperlyPenalty([1], [true], 2)).toThrow(InvalidParamError);
    expect(() => applyStopProperlyPenalty([1, 2], [true])).toThrow(ShapeError);
  });
});
