import { describe, expect, it } from 'vitest';
import { maze, shortestPath, type MazeMeta } from './maze.js';
import { describeConformance } from '../test-utils/conformance.js';
import { gen, scoreOf, wrap } from '../test-utils/kit.js';
import type { TaskItem } from '../../types.js';

describeConformance(maze, { level1MaxPrompt: 110 });

describe('maze verifier', () => {
  const grid = ['S..', '.#.', '..G'];
  const item: TaskItem = { ...gen(maze, 1, 0), meta: { grid, shortest: 4 } satisfies MazeMeta };
  const s = (t: string) => scoreOf(maze, item, wrap(t));

  it('accepts every shortest path and discounts longer ones', () => {
    expect(shortestPath(grid)).toBe('DDRR');
    expect(s('DDRR').score).toBe(1);
    expect(s('RRDD').score).toBe(1);
    expect(s('r r d d').score).toBe(1);
    expect(s('RRDDUD').score).toBeCloseTo(4 / 6, 12);
  });

  it('scores blocked, short and malformed walks per the rules', () => {
    expect(s('RD').score).toBe(0.05); // into the wall
    expect(s('U').score).toBe(0.05); // off the grid
    expect(s('RR').score).toBe(0.05); // not at goal
    expect(s('RRDDX').score).toBe(0);
    expect(s('right right down down').score).toBe(0);
    expect(s('').score).toBe(0);
  });

  it('generated mazes respect the level size and minimum distance', () => {
    for (const level of maze.levels) {
      for (let seed = 0; seed < 20; seed++) {
        const x = gen(maze, level, seed);
        const meta = x.meta as unknown as MazeMeta;
        expect(shortestPath(meta.grid)?.length).toBe(meta.shortest);
        expect(meta.shortest).toBeGreaterThanOrEqual([2, 3, 5, 8, 12][level - 1]!);
      }
    }
  });
});
