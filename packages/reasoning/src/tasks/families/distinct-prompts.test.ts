/**
 * Content check over every family: the suite splits items by a hash of family + prompt
 * (`src/suite/split.ts`), so a level with only a handful of distinct prompts can end up with no test
 * (or no train) items. Every level must reach MIN_DISTINCT distinct prompts over SEEDS seeds (the
 * suite's own seeding), except the documented exceptions below.
 */
import { describe, expect, it } from 'vitest';
import { ALL_FAMILIES } from '../registry.js';
import { gen } from './test-utils/kit.js';

const SEEDS = 300;
/** ~200 distinct of 300 draws needs a few hundred possible prompts per level. */
const MIN_DISTINCT = 200;

/**
 * Levels whose tiny size caps the distinct prompts below MIN_DISTINCT (key `family/L<level>`), with the
 * floor they do reach over SEEDS seeds and why.
 */
const EXCEPTIONS: Readonly<Record<string, { min: number; why: string }>> = {
  'n_queens/L1': {
    min: 185,
    why: 'level 1 boards are 4x4-6x6, which have only 2, 10 and 4 solutions: about 400 possible puzzles (1-3 fixed queens), drawn unevenly',
  },
  'format_following/L1': {
    min: 175,
    why: 'level 1 is one layout rule about one of 40 topics: a few hundred possible prompts, drawn unevenly',
  },
};

describe(`distinct prompts per level over ${SEEDS} seeds`, () => {
  it('covers every family of the registry', () => {
    expect(ALL_FAMILIES.length).toBeGreaterThanOrEqual(29);
    for (const key of Object.keys(EXCEPTIONS)) {
      const [name, level] = key.split('/L');
      const family = ALL_FAMILIES.find((f) => f.name === name);
      expect(family, key).toBeDefined();
      expect(family!.levels).toContain(Number(level));
    }
  });

  for (const family of ALL_FAMILIES) {
    it(`${family.name}: every level has enough distinct prompts`, () => {
      const counts: Record<string, number> = {};
      for (const level of family.levels) {
        const prompts = new Set<string>();
        for (let seed = 0; seed < SEEDS; seed++) prompts.add(gen(family, level, seed).prompt);
        counts[`${family.name}/L${level}`] = prompts.size;
      }
      for (const [key, n] of Object.entries(counts)) {
        const min = EXCEPTIONS[key]?.min ?? MIN_DISTINCT;
        expect(n, `${key}: ${n} distinct prompts over ${SEEDS} seeds (need ${min}); all: ${JSON.stringify(counts)}`).toBeGreaterThanOrEqual(min);
      }
    });
  }
});
