import type { TaskFamily } from '../../types.js';

/** The logic-domain task families. */
export const LOGIC_FAMILIES: readonly TaskFamily[] = [];
