import { describe, expect, it } from 'vitest';
import { bulletLines, checkConstraint, type Constraint, words } from './constraints.js';

describe('instruction constraints', () => {
  const ok = (c: Constraint, t: string) => checkConstraint(c, t);

  it('counts words with punctuation stripped', () => {
    expect(words('Hello, world! - a  b')).toEqual(['hello', 'world', 'a', 'b']);
    expect(words('  ')).toEqual([]);
    expect(ok({ kind: 'word_count_exact', n: 3 }, 'one, two three.')).toBe(true);
    expect(ok({ kind: 'word_count_exact', n: 3 }, 'one two')).toBe(false);
    expect(ok({ kind: 'word_count_max', n: 2 }, 'one two')).toBe(true);
    expect(ok({ kind: 'word_count_max', n: 2 }, 'one two three')).toBe(false);
    expect(ok({ kind: 'word_count_min', n: 2 }, 'one')).toBe(false);
  });

  it('checks case, words, first/last word and commas', () => {
    expect(ok({ kind: 'lowercase' }, 'all low 123')).toBe(true);
    expect(ok({ kind: 'lowercase' }, 'Not low')).toBe(false);
    expect(ok({ kind: 'lowercase' }, '123')).toBe(false);
    expect(ok({ kind: 'uppercase' }, 'ALL CAPS!')).toBe(true);
    expect(ok({ kind: 'uppercase' }, 'ALL CAPs')).toBe(false);
    expect(ok({ kind: 'include', word: 'rain' }, 'The RAIN, falls')).toBe(true);
    expect(ok({ kind: 'include', word: 'rain' }, 'rainy day')).toBe(false);
    expect(ok({ kind: 'forbid', word: 'rain' }, 'rainy day')).toBe(true);
    expect(ok({ kind: 'forbid', word: 'rain' }, 'no rain.')).toBe(false);
    expect(ok({ kind: 'start_with', word: 'cats' }, '"Cats" purr')).toBe(true);
    expect(ok({ kind: 'end_with', word: 'purr' }, 'cats purr.')).toBe(true);
    expect(ok({ kind: 'end_with', word: 'purr' }, 'purr cats')).toBe(false);
    expect(ok({ kind: 'no_commas' }, 'a, b')).toBe(false);
  });

  it('checks bullets and JSON shape', () => {
    expect(bulletLines('- a\n* b\n-c\ntext')).toEqual(['- a', '* b']);
    expect(ok({ kind: 'bullets', n: 2 }, '- a b\n- c')).toBe(true);
    expect(ok({ kind: 'bullets', n: 2 }, '- a b\n- c\n- d')).toBe(false);
    const keys: Constraint = { kind: 'json_keys', keys: ['title', 'mood'] };
    expect(ok(keys, '{"mood":"calm","title":"rain"}')).toBe(true);
    expect(ok(keys, '```json\n{"mood":"calm","title":"rain"}\n```')).toBe(true);
    expect(ok(keys, '{"mood":"calm"}')).toBe(false);
    expect(ok(keys, '{"mood":"calm","title":"x","extra":"y"}')).toBe(false);
    expect(ok(keys, '{"mood":1,"title":"x"}')).toBe(false);
    expect(ok(keys, '["mood","title"]')).toBe(false);
    expect(ok(keys, '{"mood": "calm", "title": ')).toBe(false);
  });
});
