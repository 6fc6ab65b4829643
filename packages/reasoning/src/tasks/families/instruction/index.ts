import type { TaskFamily } from '../../types.js';
import { formatFollowing } from './format-following.js';
import { instructionFollowing } from './instruction-following.js';

export { formatFollowing, instructionFollowing };
export { checkConstraint, describeConstraint, words, type Constraint, type ConstraintKind } from './constraints.js';
export { checkFormat, describeFormat, type FormatConstraint, type FormatKind } from './format-constraints.js';

/** The instruction-domain task families. */
export const INSTRUCTION_FAMILIES: readonly TaskFamily[] = [instructionFollowing, formatFollowing];
