import { describe, expect, it } from 'vitest';
import type { TaskItem } from '../../types.js';
import { describeFuzz, describeShortAnswerConformance } from '../test-utils/conformance.js';
import { gen, scoreOf, wrap } from '../test-utils/kit.js';
import { baseConversion } from './base_conversion.js';
import { groupAnagramsFamily, parseGroups } from './group_anagrams.js';
import { ALGORITHMIC_FAMILIES } from './index.js';
import { letterCounting } from './letter_counting.js';
import { numberSorting, parseNumberList } from './number_sorting.js';
import { palindromeGeneration } from './palindrome_generation.js';
import { wordSorting } from './word_sorting.js';
import { ANAGRAM_GROUPS, WORDS, anagramKey } from './words.js';

const meta = <T>(item: TaskItem): T => item.meta as unknown as T;

describeShortAnswerConformance(numberSorting, {
  check: (item) => {
    const m = meta<{ numbers: string[]; direction: string }>(item);
    const got = item.oracle.split(', ').map(Number);
    expect([...got].sort((a, b) => a - b)).toEqual([...m.numbers.map(Number)].sort((a, b) => a - b));
    for (let i = 1; i < got.length; i++) {
      if (m.direction === 'ascending') expect(got[i]!).toBeGreaterThanOrEqual(got[i - 1]!);
      else expect(got[i]!).toBeLessThanOrEqual(got[i - 1]!);
    }
  },
});
describeShortAnswerConformance(letterCounting, {
  check: (item) => {
    const m = meta<{ text: string; letter: string }>(item);
    expect(String(m.text.toLowerCase().split(m.letter).length - 1)).toBe(item.oracle);
  },
});
describeShortAnswerConformance(groupAnagramsFamily, {
  level1MaxOracle: 40,
  check: (item) => {
    const words = meta<{ words: string[] }>(item).words;
    const groups = JSON.parse(item.oracle) as string[][];
    expect(groups.flat().sort()).toEqual([...words].sort());
    for (const g of groups) expect(new Set(g.map((w) => [...w].sort().join(''))).size).toBe(1);
    expect(new Set(groups.map((g) => [...g[0]!].sort().join(''))).size).toBe(groups.length);
  },
});
describeShortAnswerConformance(palindromeGeneration, {
  check: (item) => {
    expect(item.oracle).toBe([...item.oracle].reverse().join(''));
    expect([...item.oracle].sort()).toEqual([...meta<{ letters: string[] }>(item).letters].sort());
  },
});
describeShortAnswerConformance(baseConversion, {
  check: (item) => {
    const m = meta<{ value: number; from: number; to: number; source: string }>(item);
    expect(parseInt(m.source, m.from)).toBe(m.value);
    expect(parseInt(item.oracle, m.to)).toBe(m.value);
    expect(m.from).not.toBe(m.to);
  },
});
describeShortAnswerConformance(wordSorting, {
  check: (item) => {
    const m = meta<{ words: string[]; direction: string }>(item);
    const got = item.oracle.split(', ');
    expect([...got].sort()).toEqual([...m.words].sort());
    for (let i = 1; i < got.length; i++) {
      const cmp = Buffer.compare(Buffer.from(got[i - 1]!), Buffer.from(got[i]!));
      expect(m.direction === 'ascending' ? cmp : -cmp).toBeLessThan(0);
    }
  },
});

describeFuzz('algorithmic', ALGORITHMIC_FAMILIES, 2500);

describe('algorithmic families: hand-written answers', () => {
  it('word lists are clean: unique words, anagram groups share letters and have distinct keys', () => {
    expect(new Set(WORDS).size).toBe(WORDS.length);
    for (const g of ANAGRAM_GROUPS) expect(new Set(g.map(anagramKey)).size).toBe(1);
    expect(new Set(ANAGRAM_GROUPS.map((g) => anagramKey(g[0]!))).size).toBe(ANAGRAM_GROUPS.length);
  });

  it('number_sorting: formats tolerated, wrong order or length 0', () => {
    const item: TaskItem = {
      ...gen(numberSorting, 4, 0),
      meta: { numbers: ['3', '-1.5', '2.25'], direction: 'ascending', sorted: ['-1.5', '2.25', '3'] },
      oracle: '-1.5, 2.25, 3',
    };
    const s = (a: string): number => scoreOf(numberSorting, item, wrap(a)).score;
    for (const ok of ['-1.5, 2.25, 3', '-1.50,2.250,3.0', "['-1.5', '2.25', '3']", '[-1.5, 2.25, 3]']) expect(s(ok), ok).toBe(1);
    expect(s('3, 2.25, -1.5')).toBe(0);
    expect(s('-1.5, 2.25')).toBe(0);
    expect(s('-1.5, 2.25, 3, 3')).toBe(0);
    expect(s('sorted: -1.5, 2.25, 3')).toBeCloseTo(13 / 21, 12);
    expect(parseNumberList('1, x')).toBeNull();
  });

  it('letter_counting: off-by-one 0, verbose partial', () => {
    const item = gen(letterCounting, 2, 1);
    expect(scoreOf(letterCounting, item, wrap(String(Number(item.oracle) + 1))).score).toBe(0);
    expect(scoreOf(letterCounting, item, wrap(`${item.oracle} times`)).score).toBeCloseTo(item.oracle.length / (item.oracle.length + 6), 12);
  });

  it('group_anagrams: any order of groups/words scores 1; wrong partition 0.01; unparseable 0', () => {
    const item: TaskItem = { ...gen(groupAnagramsFamily, 1, 0), meta: { words: ['tea', 'eat', 'dog', 'god', 'cat'] } };
    const s = (a: string): number => scoreOf(groupAnagramsFamily, item, wrap(a)).score;
    expect(s('[["eat","tea"],["dog","god"],["cat"]]')).toBe(1);
    expect(s('[["cat"],["god","dog"],["tea","eat"]]')).toBe(1);
    expect(s("[['cat'], ['god', 'dog'], ['tea', 'eat']]")).toBe(1);
    expect(s('[["eat","tea","cat"],["dog","god"]]')).toBe(0.01);
    expect(s('[["eat"],["tea"],["dog","god"],["cat"]]')).toBe(0.01);
    expect(s('[["eat","tea"],["dog","god"],["cat"],["cat"]]')).toBe(0.01);
    expect(s('[["eat","tea","tea"],["dog","god"],["cat"]]')).toBe(0.01);
    expect(s('[["eat","tea"],["dog","god"],["cat"],[]]')).toBe(0.01);
    expect(s('eat tea, dog god, cat')).toBe(0);
    expect(s('[["eat",1]]')).toBe(0);
    expect(parseGroups('{"a":1}')).toBeNull();
  });

  it('palindrome_generation: any valid palindrome 1; RG partial scores otherwise', () => {
    const item: TaskItem = { ...gen(palindromeGeneration, 2, 0), meta: { letters: ['a', 'b', 'b', 'a', 'c'] }, oracle: 'abcba' };
    const s = (a: string): number => scoreOf(palindromeGeneration, item, wrap(a)).score;
    expect(s('abcba')).toBe(1);
    expect(s('bacab')).toBe(1);
    expect(s('B a C a B')).toBe(1);
    expect(s('a, b, c, b, a')).toBe(1);
    expect(s('abba')).toBe(0.05);
    expect(s('abcab')).toBe(0.02);
    expect(s('')).toBe(0.01);
    expect(scoreOf(palindromeGeneration, item, 'abcba').score).toBe(0);
  });

  it('base_conversion: prefixes, case and leading zeros tolerated', () => {
    const item: TaskItem = { ...gen(baseConversion, 2, 0), meta: { value: 255, from: 10, to: 16, source: '255' }, oracle: 'ff' };
    const s = (a: string): number => scoreOf(baseConversion, item, wrap(a)).score;
    for (const ok of ['ff', 'FF', '0xff', '0x00FF', ' f f ']) expect(s(ok), ok).toBe(1);
    expect(s('fe')).toBe(0);
    expect(s('255')).toBe(0);
    expect(s('0bff')).toBe(0.5); // wrong prefix: only the substring rule applies
    const bin = gen(baseConversion, 1, 3);
    expect(bin.prompt).toMatch(/^Convert decimal \d+ to binary\. Answer in <answer><\/answer>\.$/);
    expect(scoreOf(baseConversion, bin, wrap(`0b${bin.oracle}`)).score).toBe(1);
  });

  it('word_sorting: whitespace ignored, case and order matter, wrong 0.01', () => {
    const item: TaskItem = {
      ...gen(wordSorting, 3, 0),
      meta: { words: ['bee', 'Cat', 'ant'], direction: 'ascending', sorted: ['Cat', 'ant', 'bee'] },
      oracle: 'Cat, ant, bee',
    };
    const s = (a: string): number => scoreOf(wordSorting, item, wrap(a)).score;
    expect(s('Cat,ant,bee')).toBe(1);
    expect(s(' Cat ,  ant, bee ')).toBe(1);
    expect(s('ant, bee, Cat')).toBe(0.01);
    expect(s('cat, ant, bee')).toBe(0.01);
    expect(s('')).toBe(0.01);
    expect(scoreOf(wordSorting, item, 'Cat, ant, bee').score).toBe(0);
  });
});
