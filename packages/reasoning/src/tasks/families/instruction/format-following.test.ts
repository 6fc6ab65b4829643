import { describe, expect, it } from 'vitest';
import { formatFollowing, type FormatMeta } from './format-following.js';
import { checkFormat } from './format-constraints.js';
import { describeConformance } from '../test-utils/conformance.js';
import { gen, scoreOf, wrap } from '../test-utils/kit.js';
import type { TaskItem } from '../../types.js';

describeConformance(formatFollowing, { level1MaxPrompt: 120, fuzz: 1500 });

describe('format_following verifier', () => {
  const meta: FormatMeta = {
    topic: 'rain',
    constraints: [{ kind: 'title' }, { kind: 'paragraphs', n: 2 }, { kind: 'postscript' }, { kind: 'placeholders', n: 1 }],
  };
  const item: TaskItem = { ...gen(formatFollowing, 4, 0), meta: meta as unknown as Record<string, unknown> };
  const s = (t: string) => scoreOf(formatFollowing, item, wrap(t));

  it('accepts any reply in the layout and gives the satisfied fraction otherwise', () => {
    expect(s('<<Grey Sky>>\nrain on [city]\n***\npuddles everywhere\nP.S. bring an umbrella').score).toBe(1);
    expect(s('<<Grey Sky>>\nrain on the city\n***\npuddles\nP.S. umbrella').score).toBe(0.75);
    expect(s('rain falls').score).toBe(0);
    expect(s('').score).toBe(0);
  });

  it('plants exactly `level` satisfiable constraints', () => {
    for (const level of formatFollowing.levels) {
      for (let seed = 0; seed < 30; seed++) {
        const x = gen(formatFollowing, level, seed);
        const m = x.meta as unknown as FormatMeta;
        expect(m.constraints.length).toBe(level);
        for (const c of m.constraints) expect(checkFormat(c, x.oracle)).toBe(true);
      }
    }
  });
});
