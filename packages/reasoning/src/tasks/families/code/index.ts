import type { TaskFamily } from '../../types.js';

/** The code-domain task families. */
export const CODE_FAMILIES: readonly TaskFamily[] = [];
