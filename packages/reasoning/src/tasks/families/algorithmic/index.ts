import type { TaskFamily } from '../../types.js';

/** The algorithmic-domain task families. */
export const ALGORITHMIC_FAMILIES: readonly TaskFamily[] = [];
