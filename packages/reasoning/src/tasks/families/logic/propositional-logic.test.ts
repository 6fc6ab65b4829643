import { describe, expect, it } from 'vitest';
import { parseFormula, propositionalLogic, show, type PropMeta } from './propositional-logic.js';
import { describeConformance } from '../test-utils/conformance.js';
import { gen, scoreOf, wrap } from '../test-utils/kit.js';
import type { TaskItem } from '../../types.js';

describeConformance(propositionalLogic, { level1MaxPrompt: 120 });

describe('propositional_logic verifier', () => {
  const meta: PropMeta = { variables: ['P', 'Q', 'R'], premises: ['P -> Q', 'Q -> R', 'P'] };
  const item: TaskItem = { ...gen(propositionalLogic, 2, 0), meta: meta as unknown as Record<string, unknown> };
  const s = (t: string) => scoreOf(propositionalLogic, item, wrap(t));

  it('parses with precedence and prints canonically', () => {
    expect(show(parseFormula('~P & Q | R -> S <-> T')!)).toBe('(((~P & Q) | R) -> S) <-> T');
    expect(show(parseFormula('P -> Q -> R')!)).toBe('P -> (Q -> R)');
    expect(show(parseFormula('¬(P ∧ Q) → R')!)).toBe('~(P & Q) -> R');
    expect(parseFormula('P -> ')).toBe(null);
    expect(parseFormula('p')).toBe(null);
    expect(parseFormula('~'.repeat(100) + 'P')).toBe(null);
  });

  it('accepts any entailed conclusion', () => {
    expect(s('R').score).toBe(1);
    expect(s('Q').score).toBe(1);
    expect(s('P & R').score).toBe(1);
    expect(s('P -> R').score).toBe(1);
    expect(s('(Q & R)').score).toBe(1);
  });

  it('scores trivial, invalid and unknown-variable answers per the rules', () => {
    expect(s('P | ~P').score).toBe(0.25);
    expect(s('Q->R').score).toBe(0.25); // a premise restated
    expect(s('~R').score).toBe(0.05);
    expect(s('R & S').score).toBe(0);
    expect(s('Q therefore').score).toBe(0);
  });

  it('generated conclusions are entailed, not premises, not tautologies', () => {
    for (const level of propositionalLogic.levels) {
      for (let seed = 0; seed < 30; seed++) {
        const x = gen(propositionalLogic, level, seed);
        expect(scoreOf(propositionalLogic, x, wrap(x.oracle)).reason).toBe('valid');
        expect((x.meta as unknown as PropMeta).premises.length).toBe([2, 3, 3, 4, 5][level - 1]);
      }
    }
  });
});
