import { describe, expect, it } from 'vitest';
import { instructionFollowing, type InstructionMeta } from './instruction-following.js';
import { checkConstraint } from './constraints.js';
import { describeConformance } from '../test-utils/conformance.js';
import { gen, scoreOf, wrap } from '../test-utils/kit.js';
import type { TaskItem } from '../../types.js';

describeConformance(instructionFollowing, { level1MaxPrompt: 100, fuzz: 2000 });

describe('instruction_following verifier', () => {
  const meta: InstructionMeta = {
    topic: 'rain',
    constraints: [
      { kind: 'word_count_exact', n: 3 },
      { kind: 'lowercase' },
      { kind: 'include', word: 'rain' },
      { kind: 'forbid', word: 'wet' },
    ],
  };
  const item: TaskItem = { ...gen(instructionFollowing, 4, 0), meta: meta as unknown as Record<string, unknown> };
  const s = (t: string) => scoreOf(instructionFollowing, item, wrap(t));

  it('accepts any text meeting every rule', () => {
    expect(s('rain falls softly').score).toBe(1);
    expect(s('grey rain again.').score).toBe(1);
  });

  it('gives the fraction of satisfied constraints', () => {
    expect(s('Rain falls softly').score).toBe(0.75); // not lowercase
    expect(s('wet rain falls').score).toBe(0.75); // forbidden word
    expect(s('sun is out today').score).toBe(0.5); // wrong count, no "rain"
    expect(s('WET SUN TODAY AND MORE').score).toBe(0);
    expect(s('').score).toBe(0);
    expect(scoreOf(instructionFollowing, item, 'rain falls softly').score).toBe(0);
  });

  it('plants compatible constraint sets whose count grows with the level', () => {
    for (const level of instructionFollowing.levels) {
      const kinds = new Set<string>();
      for (let seed = 0; seed < 40; seed++) {
        const x = gen(instructionFollowing, level, seed);
        const m = x.meta as unknown as InstructionMeta;
        expect(m.constraints.length).toBe(level);
        for (const c of m.constraints) {
          expect(checkConstraint(c, x.oracle)).toBe(true);
          kinds.add(c.kind);
        }
      }
      if (level === 3 || level === 4) expect(kinds.has('json_keys')).toBe(true);
      if (level >= 3) expect(kinds.has('bullets')).toBe(true);
    }
  });
});
