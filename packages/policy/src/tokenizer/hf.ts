/**
 * Adapter over a Hugging Face `tokenizer.json` (+ optional `tokenizer_config.json`) using
 * `@huggingface/tokenizers` 0.2.0 (pure JS). Ids are the HF ids; `vocabSize` = 1 + the largest HF id
 * (vocabulary and added tokens), plus extra special tokens registered here, which get ids after that.
 *
 * BOS/EOS/PAD: named by `specialNames`, else read from tokenizer_config.json (`bos_token`,
 * `eos_token`, `pad_token`, string or `{ content }`); PAD falls back to EOS (common for causal LMs).
 * A name that is not in the vocabulary is a TokenizerError('invalid-config').
 * HF's own post-processor is not applied (`add_special_tokens: false`): BOS/EOS come from our
 * EncodeOptions, the same for every tokenizer kind.
 */
import { Tokenizer as HfLibTokenizer } from '@huggingface/tokenizers';
import { TokenizerError } from './errors.js';
import { SpecialAwareTokenizer, type SerializedHf, type SpecialTokenIds } from './tokenizer.js';

export interface HfTokenizerOptions {
  /** Token strings for BOS/EOS/PAD; missing ones come from tokenizer_config.json. */
  specialNames?: Partial<{ bos: string; eos: string; pad: string }>;
}

function configName(cfg: unknown, key: string): string | undefined {
  if (typeof cfg !== 'object' || cfg === null) return undefined;
  const v = (cfg as Record<string, unknown>)[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null && typeof (v as { content?: unknown }).content === 'string') return (v as { content: string }).content;
  return undefined;
}

export class HfTokenizer extends SpecialAwareTokenizer {
  readonly kind = 'hf' as const;
  readonly special: SpecialTokenIds;
  private readonly lib: HfLibTokenizer;
  private readonly hfSize: number;
  private readonly hfSpecial = new Set<number>();
  private readonly names: { bos: string; eos: string; pad: string };

  constructor(
    private readonly tokenizerJson: unknown,
    private readonly tokenizerConfig: unknown = {},
    opts: HfTokenizerOptions = {},
  ) {
    super();
    if (typeof tokenizerJson !== 'object' || tokenizerJson === null || !('model' in tokenizerJson)) {
      throw new TokenizerError('invalid-json', 'tokenizer.json must be an object with a "model" field (the Hugging Face tokenizers format)');
    }
    try {
      this.lib = new HfLibTokenizer(tokenizerJson as object, (tokenizerConfig ?? {}) as object);
    } catch (e) {
      throw new TokenizerError('invalid-json', `@huggingface/tokenizers could not load tokenizer.json: ${(e as Error).message}`);
    }
    const vocab = this.lib.get_vocab(true);
    let maxId = -1;
    for (const id of vocab.values()) maxId = Math.max(maxId, id);
    this.hfSize = maxId + 1;
    for (const [id, tok] of this.lib.get_added_tokens_decoder()) if (tok.special) this.hfSpecial.add(id);
    const eos = opts.specialNames?.eos ?? configName(tokenizerConfig, 'eos_token');
    const bos = opts.specialNames?.bos ?? configName(tokenizerConfig, 'bos_token');
    const pad = opts.specialNames?.pad ?? configName(tokenizerConfig, 'pad_token') ?? eos;
    const idOf = (role: string, name: string | undefined): number => {
      if (name === undefined) throw new TokenizerError('invalid-config', `no ${role} token: tokenizer_config.json has no ${role}_token. Fix: pass specialNames.${role}`);
      const id = this.lib.token_to_id(name);
      if (id === undefined) throw new TokenizerError('invalid-config', `${role} token ${JSON.stringify(name)} is not in the vocabulary`);
      return id;
    };
    this.names = { bos: bos!, eos: eos!, pad: pad! };
    this.special = { bos: idOf('bos', bos), eos: idOf('eos', eos), pad: idOf('pad', pad) };
    const unk = (tokenizerJson as { model?: { unk_token?: unknown } }).model?.unk_token;
    if (typeof unk === 'string' && this.lib.token_to_id(unk) !== undefined) this.special.unk = this.lib.token_to_id(unk)!;
    for (const id of [this.special.bos, this.special.eos, this.special.pad]) this.hfSpecial.add(id);
  }

  protected get baseSize(): number {
    return this.hfSize;
  }

  protected encodeSegment(text: string): number[] {
    return this.lib.encode(text, { add_special_tokens: false }).ids;
  }

  protected decodeSegment(ids: number[], skipSpecial: boolean): string {
    return this.lib.decode(ids, { skip_special_tokens: skipSpecial, clean_up_tokenization_spaces: false });
  }

  protected override decodesSpecial(id: number): boolean {
    return id >= this.hfSize;
  }

  override isSpecial(id: number): boolean {
    return this.hfSpecial.has(id) || super.isSpecial(id);
  }

  protected baseTokenToId(token: string): number | undefined {
    return this.lib.token_to_id(token);
  }

  protected baseIdToToken(id: number): string | undefined {
    return id < this.hfSize ? this.lib.id_to_token(id) : undefined;
  }

  toJSON(): SerializedHf {
    return { kind: 'hf', tokenizerJson: this.tokenizerJson, tokenizerConfig: this.tokenizerConfig, specialNames: { ...this.names }, extraSpecial: [...this.extraSpecial] };
  }

  static fromJSON(json: SerializedHf): HfTokenizer {
    const t = new HfTokenizer(json.tokenizerJson, json.tokenizerConfig, { specialNames: json.specialNames });
    t.addSpecialTokens(json.extraSpecial ?? []);
    return t;
  }
}
