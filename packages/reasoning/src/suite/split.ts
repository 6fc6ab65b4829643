/**
 * Train / validation / test splits that never overlap.
 *
 * An item's split is a pure function of its family and PROMPT text (a hash of `family + '\n' +
 * prompt`), not of its seed: two seeds that happen to generate the same prompt land in the same
 * split, so no test question can also appear in training. Since the same id always generates the
 * same prompt, the split of an id is stable too. Fractions default to 10% validation, 10% test.
 */
import type { TaskItem } from '../tasks/types.js';
import { SuiteError } from './errors.js';
import { unitHash } from './hash.js';

export type SplitName = 'train' | 'validation' | 'test';
export const SPLITS: readonly SplitName[] = ['train', 'validation', 'test'];

export interface SplitFractions {
  validation: number;
  test: number;
}

export const DEFAULT_SPLIT_FRACTIONS: SplitFractions = { validation: 0.1, test: 0.1 };

export function resolveSplitFractions(partial: Partial<SplitFractions> = {}): SplitFractions {
  const f = { ...DEFAULT_SPLIT_FRACTIONS, ...partial };
  for (const k of ['validation', 'test'] as const) {
    if (!(f[k] > 0 && f[k] < 1)) throw new SuiteError('invalid_param', `fractions.${k}`, `must be in (0, 1), got ${f[k]}`, 'use e.g. 0.1');
  }
  if (f.validation + f.test >= 1) {
    throw new SuiteError('invalid_param', 'fractions', `validation + test = ${f.validation + f.test} leaves nothing for training`, 'keep their sum below 1');
  }
  return f;
}

export function parseSplit(name: string): SplitName {
  switch (name) {
    case 'train':
    case 'validation':
    case 'test':
      return name;
    case 'val':
      return 'validation';
    default:
      throw new SuiteError('invalid_param', 'split', `unknown split '${name}'`, `use one of: ${SPLITS.join(', ')}`);
  }
}

/** The split an item belongs to (hash of family + prompt). */
export function splitOf(item: Pick<TaskItem, 'family' | 'prompt'>, fractions: SplitFractions = DEFAULT_SPLIT_FRACTIONS): SplitName {
  const u = unitHash(`${item.family}\n${item.prompt}`);
  if (u < fractions.test) return 'test';
  if (u < fractions.test + fractions.validation) return 'validation';
  return 'train';
}
