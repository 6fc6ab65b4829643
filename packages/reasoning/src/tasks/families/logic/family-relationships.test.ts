import { describe, expect, it } from 'vitest';
import { familyRelationships, relation, type FamilyMeta } from './family-relationships.js';
import { describeConformance } from '../test-utils/conformance.js';
import { gen, scoreOf, wrap } from '../test-utils/kit.js';

describeConformance(familyRelationships, { level1MaxPrompt: 140 });

describe('family_relationships', () => {
  // Tom+Ann have Sam and Liz; Sam+Kim have Leo; Liz+Ben have Mia.
  const f: FamilyMeta = {
    people: [
      { name: 'Tom', male: true, parents: -1, spouse: 1 },
      { name: 'Ann', male: false, parents: -1, spouse: 0 },
      { name: 'Sam', male: true, parents: 0, spouse: 4 },
      { name: 'Liz', male: false, parents: 0, spouse: 6 },
      { name: 'Kim', male: false, parents: -1, spouse: 2 },
      { name: 'Leo', male: true, parents: 1, spouse: -1 },
      { name: 'Ben', male: true, parents: -1, spouse: 3 },
      { name: 'Mia', male: false, parents: 2, spouse: -1 },
    ],
    couples: [
      [0, 1],
      [2, 4],
      [6, 3],
    ],
    asked: [0, 0],
    relation: '',
    why: '',
  };
  const rel = (x: number, y: number) => relation(f, x, y)?.rel ?? null;

  it('computes the relations of a hand-built tree', () => {
    expect(rel(0, 1)).toBe('husband');
    expect(rel(1, 2)).toBe('mother');
    expect(rel(3, 0)).toBe('daughter');
    expect(rel(2, 3)).toBe('brother');
    expect(rel(0, 5)).toBe('grandfather');
    expect(rel(7, 1)).toBe('granddaughter');
    expect(rel(3, 5)).toBe('aunt');
    expect(rel(6, 5)).toBe('uncle');
    expect(rel(5, 3)).toBe('nephew');
    expect(rel(7, 2)).toBe('niece');
    expect(rel(5, 7)).toBe('cousin');
    expect(rel(1, 4)).toBe('mother-in-law');
    expect(rel(4, 0)).toBe('daughter-in-law');
    expect(rel(6, 2)).toBe('brother-in-law');
    expect(rel(4, 3)).toBe('sister-in-law');
    expect(rel(4, 6)).toBe(null);
  });

  it('scores case-insensitive exact answers only', () => {
    const x = gen(familyRelationships, 4, 2);
    const s = (t: string) => scoreOf(familyRelationships, x, wrap(t)).score;
    expect(s(x.oracle.toUpperCase())).toBe(1);
    expect(s(` ${x.oracle} `)).toBe(1);
    expect(s(`${x.oracle}.`)).toBe(1);
    expect(s(`the ${x.oracle}`)).toBe(0);
    expect(s('stranger')).toBe(0);
  });

  it('asks level-specific relations and the stored relation matches the tree', () => {
    for (const level of familyRelationships.levels) {
      for (let seed = 0; seed < 20; seed++) {
        const x = gen(familyRelationships, level, seed);
        const m = x.meta as unknown as FamilyMeta;
        expect(relation(m, m.asked[0], m.asked[1])?.rel).toBe(x.oracle);
      }
    }
  });
});
