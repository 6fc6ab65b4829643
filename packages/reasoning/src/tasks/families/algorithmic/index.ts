import type { TaskFamily } from '../../types.js';
import { baseConversion } from './base_conversion.js';
import { groupAnagramsFamily } from './group_anagrams.js';
import { letterCounting } from './letter_counting.js';
import { numberSorting } from './number_sorting.js';
import { palindromeGeneration } from './palindrome_generation.js';
import { wordSorting } from './word_sorting.js';

export { baseConversion, groupAnagramsFamily, letterCounting, numberSorting, palindromeGeneration, wordSorting };

/** The algorithmic-domain task families. */
export const ALGORITHMIC_FAMILIES: readonly TaskFamily[] = [
  numberSorting,
  letterCounting,
  groupAnagramsFamily,
  palindromeGeneration,
  baseConversion,
  wordSorting,
];
