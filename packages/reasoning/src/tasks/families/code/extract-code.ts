/**
 * Code extraction for the code families. ProRL's code reward requires the program in a triple-backtick
 * block [P App. D]; we accept it bare or wrapped in the suite's `<answer></answer>` tags:
 *  - if the completion has an `<answer>` block, only its content is searched;
 *  - otherwise the whole completion is;
 *  - the answer is the LAST fenced block whose info string is empty, `js`, `javascript`, `mjs`, `jsx`
 *    or `node` (case-insensitive); blocks in other languages are skipped.
 * No fenced block → null (the family scores 0, reason 'no_code'). Linear time, never throws.
 */
import { extractAnswer } from '../../extract.js';

const FENCE = '```';
const JS_TAGS = new Set(['', 'js', 'javascript', 'mjs', 'jsx', 'node']);

export function extractCode(completion: string): string | null {
  if (typeof completion !== 'string') return null;
  const region = extractAnswer(completion) ?? completion;
  let found: string | null = null;
  let pos = 0;
  for (;;) {
    const open = region.indexOf(FENCE, pos);
    if (open < 0) break;
    const lineEnd = region.indexOf('\n', open + FENCE.length);
    if (lineEnd < 0) break;
    const close = region.indexOf(FENCE, lineEnd + 1);
    if (close < 0) break;
    const tag = region.slice(open + FENCE.length, lineEnd).trim().toLowerCase();
    if (JS_TAGS.has(tag)) found = region.slice(lineEnd + 1, close).replace(/\n$/, '');
    pos = close + FENCE.length;
  }
  return found;
}

/** The canonical answer format: a ```js fenced block. */
export function codeBlock(source: string): string {
  return `${FENCE}js\n${source}\n${FENCE}`;
}
