/**
 * A small BPE tokenizer, trainable on a corpus, deterministic.
 *
 * Pre-tokenisation: the text is cut into pieces by PRETOKEN_PATTERN ` ?[^\s]+|\s+` (a word with its
 * leading space, or a whitespace run); BPE never merges across pieces. Base symbols are single code
 * points of the alphabet; characters outside it become <unk> (or throw, `unknown: 'error'`).
 * Ids: 0 <pad>, 1 <bos>, 2 <eos>, 3 <unk>, the alphabet, merged tokens in merge order, extra specials.
 *
 * Training (`trainBpe`): count pieces, then repeatedly merge the most frequent adjacent pair (weighted
 * by piece counts), ties broken by the smaller (left, right) in string order, until the vocabulary
 * reaches `vocabSize` or no pair occurs `minFrequency` times. Encoding applies merges by rank, lowest
 * rank (leftmost on ties) first — standard BPE, identical to Hugging Face `tokenizers` on the exported
 * `toHuggingFaceJSON()` (tested in hf.test.ts).
 */
import { TokenizerError } from './errors.js';
import { hfBpeTokenizerJson } from './hf-json.js';
import { BUILTIN_SPECIALS, SpecialAwareTokenizer, type SerializedBpe, type SpecialTokenIds, type UnknownPolicy } from './tokenizer.js';

export const PRETOKEN_PATTERN = ' ?[^\\s]+|\\s+';
const pretokenRe = () => new RegExp(PRETOKEN_PATTERN, 'gu');

export interface BpeTokenizerOptions {
  /** Base symbols (distinct single code points). */
  alphabet: readonly string[];
  /** Merge rules in rank order. */
  merges: readonly (readonly [string, string])[];
  /** Default 'unk'. */
  unknown?: UnknownPolicy;
}

const UNK_SYMBOL = '\u0000<unk>';

export class BpeTokenizer extends SpecialAwareTokenizer {
  readonly kind = 'bpe' as const;
  readonly special: SpecialTokenIds = { pad: 0, bos: 1, eos: 2, unk: 3 };
  readonly alphabet: readonly string[];
  readonly merges: readonly (readonly [string, string])[];
  readonly unknown: UnknownPolicy;
  /** Ordinary tokens (alphabet then merge results), index + 4 = id. */
  private readonly tokens: string[] = [];
  private readonly tokenIds = new Map<string, number>();
  private readonly ranks = new Map<string, number>();
  private readonly cache = new Map<string, number[]>();
  private readonly alphabetSet: ReadonlySet<string>;

  constructor(opts: BpeTokenizerOptions) {
    super();
    this.alphabet = [...opts.alphabet];
    this.merges = opts.merges.map(([a, b]) => [a, b] as const);
    this.unknown = opts.unknown ?? 'unk';
    if (this.unknown !== 'unk' && this.unknown !== 'error') throw new TokenizerError('invalid-config', `unknown policy '${String(this.unknown)}'; use 'unk' or 'error'`);
    this.alphabetSet = new Set(this.alphabet);
    BUILTIN_SPECIALS.forEach((s, i) => this.registerSpecial(s, i));
    for (const c of this.alphabet) {
      if ([...c].length !== 1) throw new TokenizerError('invalid-config', `alphabet entry ${JSON.stringify(c)} is not a single character`);
      this.addToken(c);
    }
    this.merges.forEach(([a, b], r) => {
      if (!this.tokenIds.has(a) || !this.tokenIds.has(b)) throw new TokenizerError('invalid-config', `merge ${r} (${JSON.stringify(a)}, ${JSON.stringify(b)}) uses a token that is not defined before it`);
      this.ranks.set(pairKey(a, b), r);
      if (!this.tokenIds.has(a + b)) this.addToken(a + b);
    });
  }

  private addToken(t: string): void {
    if (this.tokenIds.has(t)) throw new TokenizerError('invalid-config', `token ${JSON.stringify(t)} defined twice`);
    this.tokenIds.set(t, BUILTIN_SPECIALS.length + this.tokens.length);
    this.tokens.push(t);
  }

  protected get baseSize(): number {
    return BUILTIN_SPECIALS.length + this.tokens.length;
  }

  protected encodeSegment(text: string): number[] {
    const out: number[] = [];
    for (const m of text.matchAll(pretokenRe())) {
      const piece = m[0];
      let ids = this.cache.get(piece);
      if (!ids) {
        ids = this.encodePiece(piece, m.index!);
        if (this.cache.size < 50_000) this.cache.set(piece, ids);
      }
      out.push(...ids);
    }
    return out;
  }

  private encodePiece(piece: string, at: number): number[] {
    const sym: string[] = [];
    let pos = at;
    for (const ch of piece) {
      if (this.alphabetSet.has(ch)) sym.push(ch);
      else if (this.unknown === 'unk') sym.push(UNK_SYMBOL);
      else throw new TokenizerError('unknown-char', `character ${JSON.stringify(ch)} at position ${pos} is not in the BPE alphabet. Fix: retrain with it in the corpus/alphabet or use unknown: 'unk'`);
      pos += ch.length;
    }
    for (;;) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i + 1 < sym.length; i++) {
        const r = this.ranks.get(pairKey(sym[i]!, sym[i + 1]!));
        if (r !== undefined && r < bestRank) {
          bestRank = r;
          best = i;
        }
      }
      if (best < 0) break;
      sym.splice(best, 2, sym[best]! + sym[best + 1]!);
    }
    return sym.map((s) => (s === UNK_SYMBOL ? this.special.unk! : this.tokenIds.get(s)!));
  }

  protected decodeSegment(ids: number[]): string {
    let s = '';
    for (const id of ids) s += this.tokens[id - BUILTIN_SPECIALS.length]!;
    return s;
  }

  protected baseTokenToId(token: string): number | undefined {
    return this.tokenIds.get(token);
  }

  protected baseIdToToken(id: number): string | undefined {
    return this.tokens[id - BUILTIN_SPECIALS.length];
  }

  toJSON(): SerializedBpe {
    return { kind: 'bpe', alphabet: [...this.alphabet], merges: this.merges.map(([a, b]) => [a, b]), unknown: this.unknown, extraSpecial: [...this.extraSpecial] };
  }

  static fromJSON(json: SerializedBpe): BpeTokenizer {
    const t = new BpeTokenizer({ alphabet: json.alphabet, merges: json.merges, unknown: json.unknown });
    t.addSpecialTokens(json.extraSpecial ?? []);
    return t;
  }

  /** An equivalent Hugging Face `tokenizer.json` (BPE model, Split pre-tokenizer, Fuse decoder). */
  toHuggingFaceJSON(): Record<string, unknown> {
    return hfBpeTokenizerJson({
      symbols: this.tokens,
      merges: this.merges,
      specials: [...BUILTIN_SPECIALS, ...this.extraSpecial].map((content) => ({ content, id: this.tokenToId(content)! })),
      preTokenizer: { type: 'Split', pattern: { Regex: PRETOKEN_PATTERN }, behavior: 'Isolated', invert: false },
    });
  }
}

function pairKey(a: string, b: string): string {
  return `${a}\u0001${b}`;
}

export interface TrainBpeOptions {
  /** Target vocabulary size including the 4 built-in specials. */
  vocabSize: number;
  /** Base symbols; default every code point of the corpus, sorted. */
  alphabet?: readonly string[];
  /** Stop when the best pair occurs fewer times. Default 2. */
  minFrequency?: number;
  unknown?: UnknownPolicy;
}

/** Learns merges on a corpus. Deterministic: same corpus and options give the same tokenizer. */
export function trainBpe(corpus: string | readonly string[], opts: TrainBpeOptions): BpeTokenizer {
  const docs = typeof corpus === 'string' ? [corpus] : corpus;
  const counts = new Map<string, number>();
  const chars = new Set<string>();
  for (const d of docs) {
    for (const m of d.matchAll(pretokenRe())) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
    for (const ch of d) chars.add(ch);
  }
  const alphabet = opts.alphabet ? [...opts.alphabet] : [...chars].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  const inAlphabet = new Set(alphabet);
  const minFreq = opts.minFrequency ?? 2;
  if (!Number.isInteger(opts.vocabSize) || opts.vocabSize < BUILTIN_SPECIALS.length + alphabet.length) {
    throw new TokenizerError('invalid-config', `vocabSize ${opts.vocabSize} is below the ${BUILTIN_SPECIALS.length} specials + ${alphabet.length} alphabet symbols. Fix: raise vocabSize`);
  }
  // Pieces as symbol arrays; unknown characters act as barriers (a symbol that never merges).
  const words = [...counts.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map(([w, c]) => ({ sym: [...w].map((ch) => (inAlphabet.has(ch) ? ch : UNK_SYMBOL)), c }));
  const merges: [string, string][] = [];
  const vocab = new Set(alphabet);
  let size = BUILTIN_SPECIALS.length + alphabet.length;
  while (size < opts.vocabSize) {
    const pairCounts = new Map<string, { a: string; b: string; n: number }>();
    for (const w of words) {
      for (let i = 0; i + 1 < w.sym.length; i++) {
        const a = w.sym[i]!;
        const b = w.sym[i + 1]!;
        if (a === UNK_SYMBOL || b === UNK_SYMBOL) continue;
        const k = pairKey(a, b);
        const e = pairCounts.get(k);
        if (e) e.n += w.c;
        else pairCounts.set(k, { a, b, n: w.c });
      }
    }
    let best: { a: string; b: string; n: number } | null = null;
    for (const e of pairCounts.values()) {
      if (!best || e.n > best.n || (e.n === best.n && (e.a < best.a || (e.a === best.a && e.b < best.b)))) best = e;
    }
    if (!best || best.n < minFreq) break;
    const { a, b } = best;
    merges.push([a, b]);
    const ab = a + b;
    if (!vocab.has(ab)) {
      vocab.add(ab);
      size++;
    }
    for (const w of words) {
      for (let i = 0; i + 1 < w.sym.length; i++) {
        if (w.sym[i] === a && w.sym[i + 1] === b) w.sym.splice(i, 2, ab);
      }
    }
  }
  return new BpeTokenizer({ alphabet, merges, unknown: opts.unknown });
}
