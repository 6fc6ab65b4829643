/**
 * Writes a Hugging Face `tokenizer.json` for this package's tokenizers: a BPE model whose vocabulary
 * is the built-in specials followed by `symbols` (same ids as ours), with `merges` (none for the
 * char tokenizer), the specials as added special tokens, and a Fuse decoder. `HfTokenizer` over the
 * result encodes and decodes exactly like the tokenizer that wrote it (tested per tokenizer).
 */
import { BUILTIN_SPECIALS } from './tokenizer.js';

export interface HfBpeJsonSpec {
  /** Non-special tokens in id order, starting right after the built-in specials. */
  symbols: readonly string[];
  merges: readonly (readonly [string, string])[];
  /** Every special token (built-in and extra) with its id. */
  specials: readonly { content: string; id: number }[];
  /** HF pre-tokenizer JSON, or null. */
  preTokenizer: unknown;
}

export function hfBpeTokenizerJson(spec: HfBpeJsonSpec): Record<string, unknown> {
  const vocab: Record<string, number> = {};
  BUILTIN_SPECIALS.forEach((s, i) => (vocab[s] = i));
  spec.symbols.forEach((t, i) => (vocab[t] = BUILTIN_SPECIALS.length + i));
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: spec.specials.map(({ content, id }) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: null,
    pre_tokenizer: spec.preTokenizer,
    post_processor: null,
    decoder: { type: 'Fuse' },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: '<unk>',
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: spec.merges.map(([a, b]) => [a, b]),
    },
  };
}
