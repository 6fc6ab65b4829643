import type { TaskFamily } from '../../types.js';

/** The stem-domain task families. */
export const STEM_FAMILIES: readonly TaskFamily[] = [];
