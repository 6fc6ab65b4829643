import { describe, expect, it } from 'vitest';
import { consistentCount, knightsKnaves, type KnightsMeta } from './knights-knaves.js';
import { describeConformance } from '../test-utils/conformance.js';
import { gen, scoreOf, wrap } from '../test-utils/kit.js';

describeConformance(knightsKnaves, { level1MaxPrompt: 160 });

describe('knights_knaves verifier', () => {
  it('generates puzzles whose planted assignment is the unique consistent one', () => {
    for (const level of knightsKnaves.levels) {
      let unique = 0;
      for (let seed = 0; seed < 20; seed++) {
        const x = gen(knightsKnaves, level, seed);
        const meta = x.meta as unknown as KnightsMeta;
        expect(meta.names.length).toBe(level + 1);
        if (consistentCount(meta.statements, meta.names.length) === 1) unique++;
      }
      expect(unique).toBe(20);
    }
  });

  it('scores exact, reordered, verbose and partial answers', () => {
    const x = gen(knightsKnaves, 2, 3);
    const meta = x.meta as unknown as KnightsMeta;
    const role = (i: number, flip = false) => ((meta.knights[i] !== flip) ? 'knight' : 'knave');
    const [a, b, c] = meta.names as [string, string, string];
    const s = (t: string) => scoreOf(knightsKnaves, x, wrap(t));
    expect(s(`${c}=${role(2)},${a}=${role(0)},${b}=${role(1)}`).score).toBe(1);
    expect(s(`${a} is a ${role(0)}, ${b} is a ${role(1)}, and ${c} is a ${role(2)}.`).score).toBe(1);
    expect(s(`${a.toUpperCase()}: ${role(0).toUpperCase()}; ${b}: ${role(1)}; ${c}: ${role(2)}`).score).toBe(1);
    expect(s(`${a}=${role(0, true)},${b}=${role(1)},${c}=${role(2)}`).score).toBeCloseTo(0.3 + 0.7 * (2 / 3), 12);
    expect(s(`${a}=${role(0, true)},${b}=${role(1, true)},${c}=${role(2, true)}`).score).toBeCloseTo(0.3, 12);
    expect(s(`${a}=${role(0)},${b}=${role(1)}`).score).toBe(0);
    expect(s(`${a}=knight,${a}=knave,${b}=${role(1)},${c}=${role(2)}`).score).toBe(0);
    expect(s('everyone is a knight').score).toBe(0);
  });
});
