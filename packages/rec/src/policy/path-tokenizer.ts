/**
 * Token layout of the path policy (research/prorl-rec.md §3.1, adapted to a decoder-only model).
 *
 *   id 0            PAD
 *   id 1            SEP  (ends the prompt; plays the role of BOS for the generated part)
 *   id 2            EOS  (ends a path)
 *   ids 3 ..        the codec's token blocks: item codes [c0..c_{K-1}] → 3 + c_d + d·W (codec base 3)
 *
 * Prompt (one sequence, the model is causal): tokens of the last ≤ maxHistoryItems history items, then
 * the target's K tokens, then SEP. Output: up to P items × K tokens, then EOS (an EOS after P items is
 * optional: `splitPaths` treats a full path without EOS the same way).
 *
 * The reference tokenizer (pad 0, codes from 1, EOS 1026) feeds an encoder–decoder T5 with
 * `history ⊕ target ⊕ EOS` as the encoder input; here the same information is the prefix of one causal
 * sequence and SEP separates it from the generated path.
 */
import { SemanticIdCodec } from '../semantic-ids/codec.js';
import type { SemanticIds } from '../data/types.js';
import { PathPolicyError } from './errors.js';

export const PATH_PAD_TOKEN = 0;
export const PATH_SEP_TOKEN = 1;
export const PATH_EOS_TOKEN = 2;
/** First token id of the codec block. */
export const PATH_CODEC_BASE = 3;

/** A generated output, decoded. */
export interface DecodedPath {
  /** The n complete items before the first EOS (null = a code that is no known item). */
  items: (string | null)[];
  /** True when the output contains an EOS. */
  hasEos: boolean;
}

export class PathTokenizer {
  readonly codec: SemanticIdCodec;
  /** K: tokens per item. */
  readonly tokensPerItem: number;
  /** V: specials + the codec block. */
  readonly vocabSize: number;
  readonly pad = PATH_PAD_TOKEN;
  readonly sep = PATH_SEP_TOKEN;
  readonly eos = PATH_EOS_TOKEN;

  constructor(codec: SemanticIdCodec) {
    if (codec.base !== PATH_CODEC_BASE) {
      throw new PathPolicyError('codec-base', `the codec starts at token ${codec.base} but the path tokenizer reserves ids 0..2 for PAD/SEP/EOS`, `build it with new SemanticIdCodec(ids, ${PATH_CODEC_BASE}) or use PathTokenizer.fromSemanticIds`);
    }
    this.codec = codec;
    this.tokensPerItem = codec.levels;
    this.vocabSize = PATH_CODEC_BASE + codec.size;
  }

  static fromSemanticIds(ids: SemanticIds): PathTokenizer {
    return new PathTokenizer(new SemanticIdCodec(ids, PATH_CODEC_BASE));
  }

  /** True when the item has a semantic ID. */
  knows(item: string): boolean {
    return this.codec.ids.has(item);
  }

  /** Prompt length for a history of h items: K·h + K + 1. */
  promptLength(historyItems: number): number {
    return this.tokensPerItem * (historyItems + 1) + 1;
  }

  /**
   * Prompt tokens: the last `maxHistoryItems` history items that have semantic IDs, the target, SEP.
   * Throws when the target has no semantic ID (it cannot be given to the policy).
   */
  encodePrompt(history: readonly string[], target: string, maxHistoryItems: number): number[] {
    if (!this.knows(target)) {
      throw new PathPolicyError('unknown-target', `target item '${target}' has no semantic ID`, 'drop records whose target is outside the semantic-ID map (see filterEncodable)');
    }
    const known = history.filter((h) => this.knows(h));
    const kept = known.slice(Math.max(0, known.length - maxHistoryItems));
    const out: number[] = [];
    for (const h of kept) out.push(...this.codec.encode(h));
    out.push(...this.codec.encode(target), PATH_SEP_TOKEN);
    return out;
  }

  /** Output tokens of a path: its first P items (those with semantic IDs) then EOS. */
  encodeOutput(path: readonly string[], maxPathItems: number): number[] {
    const out: number[] = [];
    for (const it of path.filter((p) => this.knows(p)).slice(0, maxPathItems)) out.push(...this.codec.encode(it));
    out.push(PATH_EOS_TOKEN);
    return out;
  }

  /**
   * Decodes generated tokens as `splitPaths` does: items are the complete K-token groups before the
   * first EOS (a trailing partial item is dropped), at most P of them.
   */
  decodeOutput(tokens: ArrayLike<number>, maxPathItems: number): DecodedPath {
    const K = this.tokensPerItem;
    let end = tokens.length;
    let hasEos = false;
    for (let t = 0; t < tokens.length; t++) {
      if (tokens[t] === PATH_EOS_TOKEN) {
        end = t;
        hasEos = true;
        break;
      }
    }
    const n = Math.min(maxPathItems, Math.floor(end / K));
    const items: (string | null)[] = [];
    for (let i = 0; i < n; i++) items.push(this.codec.decode(tokens, i * K));
    return { items, hasEos };
  }
}
