/** Rebuilds any tokenizer from its `toJSON()` form (e.g. a checkpoint's tokenizer.json). */
import { BpeTokenizer } from './bpe.js';
import { CharTokenizer } from './char.js';
import { TokenizerError } from './errors.js';
import { HfTokenizer } from './hf.js';
import type { SerializedTokenizer, Tokenizer, TokenizerKind } from './tokenizer.js';

export const TOKENIZER_KINDS: readonly TokenizerKind[] = ['char', 'bpe', 'hf'];

export function tokenizerFromJSON(json: unknown): Tokenizer {
  if (typeof json !== 'object' || json === null || !('kind' in json)) {
    throw new TokenizerError('invalid-json', `serialised tokenizer must be an object with a "kind" (${TOKENIZER_KINDS.join(', ')})`);
  }
  const s = json as SerializedTokenizer;
  switch (s.kind) {
    case 'char':
      return CharTokenizer.fromJSON(s);
    case 'bpe':
      return BpeTokenizer.fromJSON(s);
    case 'hf':
      return HfTokenizer.fromJSON(s);
    default: {
      const never: never = s;
      throw new TokenizerError('invalid-json', `unknown tokenizer kind '${String((never as { kind: unknown }).kind)}'; valid: ${TOKENIZER_KINDS.join(', ')}`);
    }
  }
}
