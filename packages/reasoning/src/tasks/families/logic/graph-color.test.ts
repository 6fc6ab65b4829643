import { describe, expect, it } from 'vitest';
import { graphColor } from './graph-color.js';
import { describeConformance } from '../test-utils/conformance.js';
import { gen, scoreOf, wrap } from '../test-utils/kit.js';
import type { TaskItem } from '../../types.js';

describeConformance(graphColor, { level1MaxPrompt: 120 });

describe('graph_color verifier', () => {
  // path 0-1-2 plus 2-3: two colourings with colours 1-2, more with 3.
  const base = gen(graphColor, 2, 0);
  const item: TaskItem = { ...base, meta: { n: 4, colors: 3, edges: [[0, 1], [1, 2], [2, 3]] } };
  const s = (a: string) => scoreOf(graphColor, item, wrap(a));

  it('accepts any valid colouring', () => {
    expect(s('{"0":1,"1":2,"2":1,"3":2}').score).toBe(1);
    expect(s('{"0":2,"1":1,"2":2,"3":1}').score).toBe(1);
    expect(s('{"3":3,"2":1,"1":3,"0":1}').score).toBe(1);
    expect(s('```json\n{"0":1,"1":"2","2":1,"3":3}\n```').score).toBe(1);
  });

  it('gives 0.01 to parseable invalid colourings and 0 to unparseable answers', () => {
    expect(s('{"0":1,"1":1,"2":2,"3":1}').score).toBe(0.01); // conflict 0-1
    expect(s('{"0":1,"1":2,"2":1}').score).toBe(0.01); // missing 3
    expect(s('{"0":1,"1":2,"2":1,"3":4}').score).toBe(0.01); // colour out of range
    expect(s('{"0":1,"1":2,"2":1,"3":2,"4":1}').score).toBe(0.01); // extra vertex
    expect(s('{"0":1.5,"1":2,"2":1,"3":2}').score).toBe(0.01);
    expect(s('[1,2,1,2]').score).toBe(0);
    expect(s('0:1 1:2').score).toBe(0);
  });

  it('plants graphs whose oracle colouring is proper and uses at most k colours', () => {
    for (const level of graphColor.levels) {
      for (let seed = 0; seed < 30; seed++) {
        const x = gen(graphColor, level, seed);
        const meta = x.meta as { edges: [number, number][] };
        expect(meta.edges.length).toBeGreaterThan(0);
        expect(scoreOf(graphColor, x, wrap(x.oracle)).reason).toBe('valid');
      }
    }
  });
});
