import { describe, expect, it } from 'vitest';
import { trainBpe } from './bpe.js';
import { TokenizerError } from './errors.js';
import { HfTokenizer } from './hf.js';
import { tokenizerFromJSON } from './registry.js';

const CORPUS = ['the cat sat on the mat', 'the dog sat on the log', 'then the cat ate the rat\nthe end'];
const CONFIG = { bos_token: '<bos>', eos_token: { content: '<eos>' }, pad_token: '<pad>' };

describe('HfTokenizer (@huggingface/tokenizers adapter)', () => {
  it('gives the same ids as our BPE on its exported tokenizer.json', () => {
    const ours = trainBpe(CORPUS, { vocabSize: 40 });
    const hf = new HfTokenizer(ours.toHuggingFaceJSON(), CONFIG);
    expect(hf.vocabSize).toBe(ours.vocabSize);
    expect(hf.special).toEqual({ pad: 0, bos: 1, eos: 2, unk: 3 });
    for (const s of ['the cat sat on the mat', 'a rat  then\n\nthe end', 'zzz the', '<bos>the cat<eos>']) {
      expect(hf.encode(s), s).toEqual(ours.encode(s));
      expect(hf.decode(hf.encode(s))).toBe(ours.decode(ours.encode(s)));
    }
    expect(hf.decode(hf.encode('the cat', { addBos: true, addEos: true }), { skipSpecial: true })).toBe('the cat');
    expect(hf.isSpecial(2)).toBe(true);
    expect(hf.isSpecial(10)).toBe(false);
  });

  it('appends extra special tokens after the HF vocabulary and serialises', () => {
    const ours = trainBpe(CORPUS, { vocabSize: 40 });
    const hf = new HfTokenizer(ours.toHuggingFaceJSON(), CONFIG);
    const V = ours.vocabSize;
    expect(hf.addSpecialTokens(['<a_1>', '<a_2>'])).toEqual([V, V + 1]);
    const ids = hf.encode('the<a_2> cat<eos>');
    expect(ids).toContain(V + 1);
    expect(ids.at(-1)).toBe(2);
    expect(hf.decode(ids)).toBe('the<a_2> cat<eos>');
    expect(hf.decode(ids, { skipSpecial: true })).toBe('the cat');
    const back = tokenizerFromJSON(JSON.parse(JSON.stringify(hf.toJSON())));
    expect(back.kind).toBe('hf');
    expect(back.encode('the<a_2> cat')).toEqual(hf.encode('the<a_2> cat'));
    expect(back.vocabSize).toBe(V + 2);
  });

  it('falls back PAD to EOS and reports missing or unknown special names', () => {
    const json = trainBpe(CORPUS, { vocabSize: 40 }).toHuggingFaceJSON();
    const t = new HfTokenizer(json, { eos_token: '<eos>' }, { specialNames: { bos: '<bos>' } });
    expect(t.special.pad).toBe(t.special.eos);
    expect(() => new HfTokenizer(json, { bos_token: '<bos>' })).toThrow(/no eos token/);
    expect(() => new HfTokenizer(json, { ...CONFIG, bos_token: '<s>' })).toThrow(/"<s>" is not in the vocabulary/);
    expect(() => new HfTokenizer({ nope: 1 })).toThrow(TokenizerError);
  });
});
