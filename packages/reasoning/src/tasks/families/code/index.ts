import type { TaskFamily } from '../../types.js';
import { codeFunction } from './code-function.js';

export { codeFunction, CODE_FUNCTION_LEVELS, type CodeFunctionMeta } from './code-function.js';
export { extractCode, codeBlock } from './extract-code.js';

/** The code-domain task families. */
export const CODE_FAMILIES: readonly TaskFamily[] = [codeFunction];
