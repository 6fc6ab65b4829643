import type { TaskFamily } from '../../types.js';

/** The instruction-domain task families. */
export const INSTRUCTION_FAMILIES: readonly TaskFamily[] = [];
