import type { TaskFamily } from '../../types.js';

/** The math-domain task families. */
export const MATH_FAMILIES: readonly TaskFamily[] = [];
