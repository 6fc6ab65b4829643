/**
 * Character-level tokenizer over a fixed alphabet. Ids: 0 <pad>, 1 <bos>, 2 <eos>, 3 <unk>, then the
 * alphabet in the given order, then extra special tokens. Default alphabet: '\n' plus printable ASCII
 * (0x20..0x7e): 4 + 96 = 100 ids.
 *
 * Unknown characters (outside the alphabet): `unknown: 'unk'` (default) maps each to <unk>, so decode
 * shows '<unk>' (or nothing with skipSpecial); `unknown: 'error'` throws TokenizerError('unknown-char')
 * naming the character and its position. Characters are Unicode code points (not UTF-16 units).
 */
import { TokenizerError } from './errors.js';
import { hfBpeTokenizerJson } from './hf-json.js';
import { BUILTIN_SPECIALS, SpecialAwareTokenizer, type SerializedChar, type SpecialTokenIds, type UnknownPolicy } from './tokenizer.js';

/** '\n' + printable ASCII 0x20..0x7e. */
export function defaultCharAlphabet(): string[] {
  const out = ['\n'];
  for (let c = 0x20; c <= 0x7e; c++) out.push(String.fromCharCode(c));
  return out;
}

export interface CharTokenizerOptions {
  /** Distinct single code points. Default `defaultCharAlphabet()`. */
  alphabet?: readonly string[];
  /** Default 'unk'. */
  unknown?: UnknownPolicy;
}

export class CharTokenizer extends SpecialAwareTokenizer {
  readonly kind = 'char' as const;
  readonly special: SpecialTokenIds = { pad: 0, bos: 1, eos: 2, unk: 3 };
  readonly alphabet: readonly string[];
  readonly unknown: UnknownPolicy;
  private readonly charToId = new Map<string, number>();

  constructor(opts: CharTokenizerOptions = {}) {
    super();
    this.alphabet = [...(opts.alphabet ?? defaultCharAlphabet())];
    this.unknown = opts.unknown ?? 'unk';
    if (this.unknown !== 'unk' && this.unknown !== 'error') throw new TokenizerError('invalid-config', `unknown policy '${String(this.unknown)}'; use 'unk' or 'error'`);
    this.alphabet.forEach((c, i) => {
      if ([...c].length !== 1) throw new TokenizerError('invalid-config', `alphabet entry ${i} ${JSON.stringify(c)} is not a single character`);
      if (this.charToId.has(c)) throw new TokenizerError('invalid-config', `alphabet has ${JSON.stringify(c)} twice (entries ${this.charToId.get(c)! - 4} and ${i})`);
      this.charToId.set(c, BUILTIN_SPECIALS.length + i);
    });
    BUILTIN_SPECIALS.forEach((s, i) => this.registerSpecial(s, i));
  }

  protected get baseSize(): number {
    return BUILTIN_SPECIALS.length + this.alphabet.length;
  }

  protected encodeSegment(text: string): number[] {
    const out: number[] = [];
    let pos = 0;
    for (const ch of text) {
      const id = this.charToId.get(ch);
      if (id !== undefined) out.push(id);
      else if (this.unknown === 'unk') out.push(this.special.unk!);
      else throw new TokenizerError('unknown-char', `character ${JSON.stringify(ch)} (U+${ch.codePointAt(0)!.toString(16).padStart(4, '0')}) at position ${pos} is not in the alphabet. Fix: add it to the alphabet or use unknown: 'unk'`);
      pos += ch.length;
    }
    return out;
  }

  protected decodeSegment(ids: number[]): string {
    let s = '';
    for (const id of ids) s += this.alphabet[id - BUILTIN_SPECIALS.length]!;
    return s;
  }

  protected baseTokenToId(token: string): number | undefined {
    return this.charToId.get(token);
  }

  protected baseIdToToken(id: number): string | undefined {
    return this.alphabet[id - BUILTIN_SPECIALS.length];
  }

  toJSON(): SerializedChar {
    return { kind: 'char', alphabet: [...this.alphabet], unknown: this.unknown, extraSpecial: [...this.extraSpecial] };
  }

  /**
   * An equivalent Hugging Face `tokenizer.json`: a BPE model with no merges (so every character is
   * its own token: a char-level vocabulary with the same ids), no pre-tokenizer or normalizer, the
   * built-in and extra specials as added special tokens, and a Fuse decoder. `HfTokenizer` over it
   * encodes and decodes exactly like this tokenizer (unknown characters map to `<unk>`).
   */
  toHuggingFaceJSON(): Record<string, unknown> {
    return hfBpeTokenizerJson({
      symbols: this.alphabet,
      merges: [],
      specials: [...BUILTIN_SPECIALS, ...this.extraSpecial].map((content) => ({ content, id: this.tokenToId(content)! })),
      preTokenizer: null,
    });
  }

  static fromJSON(json: SerializedChar): CharTokenizer {
    const t = new CharTokenizer({ alphabet: json.alphabet, unknown: json.unknown });
    t.addSpecialTokens(json.extraSpecial ?? []);
    return t;
  }
}
