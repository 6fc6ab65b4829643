import { describe, expect, it } from 'vitest';
import { CharTokenizer, defaultCharAlphabet } from './char.js';
import { TokenizerError } from './errors.js';
import { tokenizerFromJSON } from './registry.js';

describe('CharTokenizer', () => {
  it('has 100 ids by default and round-trips printable ASCII with newlines', () => {
    const t = new CharTokenizer();
    expect(t.vocabSize).toBe(100);
    expect(defaultCharAlphabet()).toHaveLength(96);
    const text = 'def f(x):\n  return x*2  # ~{}[]|\\"\'`';
    const ids = t.encode(text);
    expect(ids).toHaveLength(text.length);
    expect(Math.min(...ids)).toBeGreaterThanOrEqual(4);
    expect(t.decode(ids)).toBe(text);
    expect(t.encode('A')).toEqual([4 + 1 + 0x41 - 0x20]);
  });

  it('adds BOS/EOS, parses special strings in text, skips specials on request', () => {
    const t = new CharTokenizer();
    expect(t.special).toEqual({ pad: 0, bos: 1, eos: 2, unk: 3 });
    const ids = t.encode('ab', { addBos: true, addEos: true });
    expect(ids[0]).toBe(1);
    expect(ids.at(-1)).toBe(2);
    expect(t.decode(ids)).toBe('<bos>ab<eos>');
    expect(t.decode(ids, { skipSpecial: true })).toBe('ab');
    expect(t.encode('<eos>x')).toEqual([2, t.tokenToId('x')]);
    expect(t.encode('<eos>', { parseSpecial: false })).toHaveLength(5);
    expect(t.isSpecial(2)).toBe(true);
    expect(t.isSpecial(10)).toBe(false);
  });

  it('lets methods claim extra special tokens (semantic IDs), longest match first', () => {
    const t = new CharTokenizer();
    const ids = t.addSpecialTokens(['<a_1>', '<a_12>', '<b_3>']);
    expect(ids).toEqual([100, 101, 102]);
    expect(t.vocabSize).toBe(103);
    expect(t.addSpecialTokens(['<a_12>'])).toEqual([101]); // idempotent
    expect(t.encode('x<a_12><b_3>y')).toEqual([t.tokenToId('x'), 101, 102, t.tokenToId('y')]);
    expect(t.decode([101, 100])).toBe('<a_12><a_1>');
    expect(t.decode([101, 100], { skipSpecial: true })).toBe('');
    expect(() => t.addSpecialTokens(['x'])).toThrow(/ordinary token/);
    expect(() => t.addSpecialTokens([''])).toThrow(TokenizerError);
  });

  it('maps unknown characters to <unk>, or throws a typed error naming them', () => {
    const t = new CharTokenizer();
    expect(t.encode('aé€b')).toEqual([t.tokenToId('a'), 3, 3, t.tokenToId('b')]);
    const strict = new CharTokenizer({ unknown: 'error' });
    try {
      strict.encode('ab\t');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TokenizerError);
      expect((e as TokenizerError).kind).toBe('unknown-char');
      expect((e as TokenizerError).message).toMatch(/"\\t" \(U\+0009\) at position 2/);
    }
    expect(() => t.decode([100])).toThrow(/outside \[0, 100\)/);
  });

  it('serialises to JSON and back (custom alphabet, policy, extra specials)', () => {
    const t = new CharTokenizer({ alphabet: ['0', '1', '+', '='], unknown: 'error' });
    t.addSpecialTokens(['<sep>']);
    const json = JSON.parse(JSON.stringify(t.toJSON()));
    const u = tokenizerFromJSON(json);
    expect(u.kind).toBe('char');
    expect(u.vocabSize).toBe(t.vocabSize);
    expect(u.encode('10+1<sep>=')).toEqual(t.encode('10+1<sep>='));
    expect(() => u.encode('2')).toThrow(TokenizerError);
    expect(() => new CharTokenizer({ alphabet: ['a', 'a'] })).toThrow(/twice/);
    expect(() => tokenizerFromJSON({ kind: 'sentencepiece' })).toThrow(/char, bpe, hf/);
  });
});

describe('CharTokenizer.toHuggingFaceJSON', () => {
  it('gives an HF tokenizer.json that HfTokenizer encodes and decodes exactly like the char tokenizer', async () => {
    const { HfTokenizer } = await import('./hf.js');
    const ours = new CharTokenizer();
    ours.addSpecialTokens(['<think>']);
    const hf = new HfTokenizer(ours.toHuggingFaceJSON(), { bos_token: '<bos>', eos_token: '<eos>', pad_token: '<pad>' });
    expect(hf.vocabSize).toBe(ours.vocabSize);
    expect(hf.special).toEqual(ours.special);
    const texts = ['Sort: 3, 1, 2\n<answer>1, 2, 3</answer>', 'a  b\n\n  c ~!@#$%^&*()_+{}|:"<>?`', 'caf\u00e9 \u{1F600} x', '<bos>hi<think>there<eos>', ''];
    for (const s of texts) {
      expect(hf.encode(s), s).toEqual(ours.encode(s));
      expect(hf.encode(s, { addBos: true, addEos: true })).toEqual(ours.encode(s, { addBos: true, addEos: true }));
      expect(hf.decode(ours.encode(s), { skipSpecial: true })).toBe(ours.decode(ours.encode(s), { skipSpecial: true }));
    }
    for (let id = 0; id < ours.vocabSize; id++) expect(hf.idToToken(id), String(id)).toBe(ours.idToToken(id));
  });
});
