import { describe, expect, it } from 'vitest';
import { boxnet, type BoxnetMeta } from './boxnet.js';
import { describeConformance } from '../test-utils/conformance.js';
import { gen, scoreOf, wrap } from '../test-utils/kit.js';
import type { TaskItem } from '../../types.js';

// 1x3 grid with one box: exactly 6 level-1 items.
describeConformance(boxnet, { level1MaxPrompt: 150, minDistinctL1: 6 });

describe('boxnet verifier', () => {
  const meta: BoxnetMeta = {
    rows: 2,
    cols: 2,
    boxes: {
      A: [
        [0, 0],
        [1, 1],
      ],
      B: [
        [1, 0],
        [0, 0],
      ],
    },
  };
  const item: TaskItem = { ...gen(boxnet, 3, 0), meta: meta as unknown as Record<string, unknown> };
  const s = (t: string) => scoreOf(boxnet, item, wrap(t));

  it('accepts any plan that delivers every box', () => {
    expect(s('[{"0,0":"A>0,1","1,0":"B>0,0"},{"0,1":"A>1,1"}]').score).toBe(1);
    expect(s('[{"0,0":"A>1,0"},{"1,0":"A>1,1"},{"1,0":"B>0,0"}]').score).toBe(1);
    expect(s('[{"1,0":"B>1,1"},{"1,1":"B>0,1"},{"0,1":"B>0,0"},{"0,0":"A>0,1"},{"0,1":"A>1,1"}]').score).toBe(1);
  });

  it('gives the delivered fraction (at least 0.05) and skips invalid actions', () => {
    expect(s('[{"1,0":"B>0,0"}]').score).toBe(0.5);
    expect(s('[]').score).toBe(0.05);
    expect(s('[{"0,0":"A>1,1"}]').score).toBe(0.05); // diagonal: invalid
    expect(s('[{"0,1":"A>1,1"}]').score).toBe(0.05); // A is not in 0,1
    // A cannot move twice in one step
    expect(s('[{"0,0":"A>0,1","0,1":"A>1,1"}]').score).toBe(0.05);
    expect(s('[{"0,0":"A>0,2"}]').score).toBe(0.05); // off grid
    expect(s('[{"0,0":"A>0,1"},{"0,1":"A>1,1"},{"1,1":"A>1,0"}]').score).toBe(0.5); // delivered box cannot move
  });

  it('scores malformed plans 0', () => {
    expect(s('{"0,0":"A>0,1"}').score).toBe(0);
    expect(s('[{"0,0":"move A to 0,1"}]').score).toBe(0);
    expect(s('[["0,0","A>0,1"]]').score).toBe(0);
    expect(s('not json').score).toBe(0);
  });
});
