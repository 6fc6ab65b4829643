/**
 * The tokenizer contract shared by the char-level, BPE and Hugging Face tokenizers.
 *
 * Special tokens: every tokenizer has BOS, EOS and PAD ids (and UNK where the vocabulary can miss a
 * character). Methods may claim extra special tokens, e.g. the semantic-ID tokens `<a_12>` of the
 * recommender, with `addSpecialTokens`: they get new ids appended after the current vocabulary (so
 * `vocabSize` grows: build the model config after registering them). By default `encode` recognises
 * every special token written literally in the text (`"<bos>hi<a_12>"`), longest match first, before
 * the ordinary tokenisation of the text between them.
 *
 * Serialisation: `toJSON()` returns a plain JSON value (stored in checkpoints as tokenizer.json);
 * `tokenizerFromJSON` in `registry.ts` rebuilds any kind.
 */
import { TokenizerError } from './errors.js';

export type TokenizerKind = 'char' | 'bpe' | 'hf';

export interface SpecialTokenIds {
  bos: number;
  eos: number;
  pad: number;
  /** Id of the unknown token, if the tokenizer has one. */
  unk?: number;
}

export interface EncodeOptions {
  /** Prepend BOS. Default false. */
  addBos?: boolean;
  /** Append EOS. Default false. */
  addEos?: boolean;
  /** Recognise special-token strings in the text. Default true. */
  parseSpecial?: boolean;
}

export interface DecodeOptions {
  /** Drop special tokens (BOS, EOS, PAD, UNK, extra specials). Default false. */
  skipSpecial?: boolean;
}

export interface Tokenizer {
  readonly kind: TokenizerKind;
  /** V: number of ids (model vocabSize must be at least this). */
  readonly vocabSize: number;
  readonly special: SpecialTokenIds;
  encode(text: string, opts?: EncodeOptions): number[];
  decode(ids: ArrayLike<number>, opts?: DecodeOptions): string;
  /** Id of a token string (ordinary or special), or undefined. */
  tokenToId(token: string): number | undefined;
  /** Token string of an id, or undefined when out of range. */
  idToToken(id: number): string | undefined;
  /** True for BOS/EOS/PAD/UNK and extra special tokens. */
  isSpecial(id: number): boolean;
  /**
   * Registers extra special tokens (idempotent per string) and returns their ids in order.
   * Throws TokenizerError('special-token') for an empty string or one that is an ordinary token.
   */
  addSpecialTokens(tokens: readonly string[]): number[];
  toJSON(): SerializedTokenizer;
}

/** Common JSON fields: extra special tokens in registration order. */
export interface SerializedBase {
  extraSpecial: string[];
}
export interface SerializedChar extends SerializedBase {
  kind: 'char';
  alphabet: string[];
  unknown: UnknownPolicy;
}
export interface SerializedBpe extends SerializedBase {
  kind: 'bpe';
  alphabet: string[];
  merges: [string, string][];
  unknown: UnknownPolicy;
}
export interface SerializedHf extends SerializedBase {
  kind: 'hf';
  tokenizerJson: unknown;
  tokenizerConfig: unknown;
  specialNames: { bos: string; eos: string; pad: string };
}
export type SerializedTokenizer = SerializedChar | SerializedBpe | SerializedHf;

/** What to do with a character outside the vocabulary: map to UNK, or throw TokenizerError('unknown-char'). */
export type UnknownPolicy = 'unk' | 'error';

/** Names of the four built-in specials of the char and BPE tokenizers, ids 0..3 in this order. */
export const BUILTIN_SPECIALS = ['<pad>', '<bos>', '<eos>', '<unk>'] as const;

/**
 * Shared machinery: special-token registry, splitting text on specials, BOS/EOS, decoding groups.
 * Subclasses tokenise ordinary text segments.
 */
export abstract class SpecialAwareTokenizer implements Tokenizer {
  abstract readonly kind: TokenizerKind;
  abstract readonly special: SpecialTokenIds;
  protected readonly specialToId = new Map<string, number>();
  protected readonly idToSpecial = new Map<number, string>();
  protected readonly extraSpecial: string[] = [];
  private splitter: RegExp | null = null;

  /** Number of ids below the extra specials (base vocabulary incl. built-in specials). */
  protected abstract get baseSize(): number;
  /** Encodes text that contains no special-token strings. */
  protected abstract encodeSegment(text: string): number[];
  /** Decodes a run of non-extra ids. */
  protected abstract decodeSegment(ids: number[], skipSpecial: boolean): string;
  /** Ordinary-token lookup (without extras). */
  protected abstract baseTokenToId(token: string): number | undefined;
  protected abstract baseIdToToken(id: number): string | undefined;

  get vocabSize(): number {
    return this.baseSize + this.extraSpecial.length;
  }

  protected registerSpecial(token: string, id: number): void {
    this.specialToId.set(token, id);
    this.idToSpecial.set(id, token);
    this.splitter = null;
  }

  addSpecialTokens(tokens: readonly string[]): number[] {
    return tokens.map((t) => {
      if (typeof t !== 'string' || t.length === 0) throw new TokenizerError('special-token', `special token must be a non-empty string, got ${JSON.stringify(t)}`);
      const have = this.specialToId.get(t);
      if (have !== undefined) return have;
      if (this.baseTokenToId(t) !== undefined) {
        throw new TokenizerError('special-token', `'${t}' is already an ordinary token (id ${this.baseTokenToId(t)}); special tokens must be new strings. Fix: use a marked form such as '<${t}>'`);
      }
      const id = this.vocabSize;
      this.extraSpecial.push(t);
      this.registerSpecial(t, id);
      return id;
    });
  }

  isSpecial(id: number): boolean {
    return this.idToSpecial.has(id);
  }

  tokenToId(token: string): number | undefined {
    return this.specialToId.get(token) ?? this.baseTokenToId(token);
  }

  idToToken(id: number): string | undefined {
    return this.idToSpecial.get(id) ?? this.baseIdToToken(id);
  }

  encode(text: string, opts: EncodeOptions = {}): number[] {
    const out: number[] = [];
    if (opts.addBos) out.push(this.special.bos);
    if (opts.parseSpecial === false || this.specialToId.size === 0) {
      out.push(...this.encodeSegment(text));
    } else {
      const re = this.specialSplitter();
      let last = 0;
      for (const m of text.matchAll(re)) {
        const idx = m.index!;
        if (idx > last) out.push(...this.encodeSegment(text.slice(last, idx)));
        out.push(this.specialToId.get(m[0])!);
        last = idx + m[0].length;
      }
      if (last < text.length) out.push(...this.encodeSegment(text.slice(last)));
    }
    if (opts.addEos) out.push(this.special.eos);
    return out;
  }

  decode(ids: ArrayLike<number>, opts: DecodeOptions = {}): string {
    const skip = opts.skipSpecial ?? false;
    let out = '';
    let run: number[] = [];
    const flush = () => {
      if (run.length) out += this.decodeSegment(run, skip);
      run = [];
    };
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) {
        throw new TokenizerError('unknown-id', `token id ${id} at position ${i} is outside [0, ${this.vocabSize}). Fix: decode ids produced by this tokenizer (model vocabSize may exceed the tokenizer's)`);
      }
      const sp = this.idToSpecial.get(id);
      if (sp !== undefined && this.decodesSpecial(id)) {
        flush();
        if (!skip) out += sp;
      } else {
        run.push(id);
      }
    }
    flush();
    return out;
  }

  /** Whether a registered special id is decoded here (true) or by decodeSegment (the HF library's own specials). */
  protected decodesSpecial(_id: number): boolean {
    return true;
  }

  abstract toJSON(): SerializedTokenizer;

  private specialSplitter(): RegExp {
    if (!this.splitter) {
      const esc = [...this.specialToId.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      this.splitter = new RegExp(esc.join('|'), 'gu');
    }
    return this.splitter;
  }
}
