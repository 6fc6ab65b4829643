import { describe, expect, it } from 'vitest';
import { GroupCollector } from './dynamic-sampling.js';

describe('GroupCollector (dynamic sampling with bounded refill)', () => {
  it('drops all-equal groups, refills from further rounds and truncates to the target', () => {
    const c = new GroupCollector<string>(3, 4, true);
    expect(c.wantsMore).toBe(true);
    // round 1: a all-correct, b mixed, c all-wrong
    expect(c.addRound(['a', 'b', 'c'], [[1, 1], [0, 1], [0, 0]])).toEqual(['b']);
    expect(c.wantsMore).toBe(true);
    // round 2: d mixed, e all 0.5, f mixed
    expect(c.addRound(['d', 'e', 'f'], [[0.5, 1], [0.5, 0.5], [0, 1]])).toEqual(['d', 'f']);
    expect(c.wantsMore).toBe(false);
    const { groups, stats } = c.take();
    expect(groups).toEqual(['b', 'd', 'f']);
    expect(stats).toMatchObject({ rounds: 2, generated: 6, kept: 3, dropped: 3, surplus: 0, exhausted: false });
    expect(stats.reasons).toEqual({ all_correct: 1, all_wrong: 1, all_equal: 1 });
  });

  it('counts surplus survivors beyond the target', () => {
    const c = new GroupCollector<number>(2, 4, true);
    c.addRound([1, 2, 3], [[0, 1], [1, 0], [0, 1]]);
    const { groups, stats } = c.take();
    expect(groups).toEqual([1, 2]);
    expect(stats.surplus).toBe(1);
    expect(stats.exhausted).toBe(false);
  });

  it('stops after maxRounds and reports exhaustion instead of throwing', () => {
    const c = new GroupCollector<number>(2, 2, true);
    c.addRound([1, 2], [[0, 0], [0, 0]]);
    expect(c.wantsMore).toBe(true);
    c.addRound([3, 4], [[0, 1], [0, 0]]);
    expect(c.wantsMore).toBe(false);
    const { groups, stats } = c.take();
    expect(groups).toEqual([3]);
    expect(stats).toMatchObject({ rounds: 2, generated: 4, kept: 1, dropped: 3, exhausted: true });
    expect(stats.reasons.all_wrong).toBe(3);
  });

  it('keeps every group in a single round when disabled', () => {
    const c = new GroupCollector<number>(2, 1, false);
    expect(c.addRound([1, 2], [[0, 0], [1, 1]])).toEqual([1, 2]);
    expect(c.wantsMore).toBe(false);
    expect(c.take().stats).toMatchObject({ rounds: 1, kept: 2, dropped: 0, exhausted: false });
  });
});
