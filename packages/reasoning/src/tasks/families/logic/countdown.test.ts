import { describe, expect, it } from 'vitest';
import { countdown, parseCountdownExpr } from './countdown.js';
import { describeConformance } from '../test-utils/conformance.js';
import { gen, scoreOf, wrap } from '../test-utils/kit.js';
import type { TaskItem } from '../../types.js';

describeConformance(countdown, { level1MaxPrompt: 120 });

function item(numbers: number[], target: number): TaskItem {
  return { ...gen(countdown, 2, 0), meta: { numbers, target, steps: [] } };
}

describe('countdown verifier', () => {
  const it3 = item([3, 5, 2], 16);
  const s = (a: string) => scoreOf(countdown, it3, wrap(a));

  it('accepts any correct expression, not only the oracle', () => {
    expect(s('(3+5)*2').score).toBe(1);
    expect(s('2*(5+3)').score).toBe(1);
    expect(s('2 × (3 + 5)').score).toBe(1);
    expect(s('(5 + 3) * 2').reason).toBe('exact');
  });

  it('gives 0.05 for wrong numbers or a wrong value, 0.01 for unparseable, 0 without a block', () => {
    expect(s('3*5+2').score).toBe(0.05); // 17
    expect(s('8*2').score).toBe(0.05); // wrong numbers
    expect(s('(3+5)*2*1').score).toBe(0.05); // extra number
    expect(s('3+5)*2').score).toBe(0.01);
    expect(s('(3+5)*2=16').score).toBe(0.01);
    expect(s('').score).toBe(0.01);
    expect(s('eval("16")').score).toBe(0.01);
    expect(scoreOf(countdown, it3, '(3+5)*2').score).toBe(0);
  });

  it('evaluates exactly with rationals and handles division by zero', () => {
    const p = parseCountdownExpr('(1/3)*3');
    expect(p.ok && p.value !== null && p.value.p === 1n && p.value.q === 1n).toBe(true);
    expect(scoreOf(countdown, item([1, 3, 3], 1), wrap('1/3*3')).score).toBe(1);
    expect(scoreOf(countdown, item([3, 3, 0], 1), wrap('3/(3*0)')).score).toBe(0.01);
    expect(parseCountdownExpr('-(2-5)').ok).toBe(true);
    expect(parseCountdownExpr('2**3').ok).toBe(false);
  });

  it('plants solvable items whose numbers match the level', () => {
    for (let seed = 0; seed < 50; seed++) {
      const x = gen(countdown, 5, seed);
      expect((x.meta.numbers as number[]).length).toBe(6);
      const p = parseCountdownExpr(x.oracle);
      expect(p.ok).toBe(true);
    }
  });
});
