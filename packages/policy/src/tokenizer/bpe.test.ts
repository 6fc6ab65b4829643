import { describe, expect, it } from 'vitest';
import { BpeTokenizer, trainBpe } from './bpe.js';
import { TokenizerError } from './errors.js';
import { tokenizerFromJSON } from './registry.js';

const CORPUS = [
  'the cat sat on the mat',
  'the dog sat on the log',
  'a cat and a dog, the end',
  'then the cat ate the rat\nthe end',
];

describe('BpeTokenizer', () => {
  it('training is deterministic and reaches the target size on a rich enough corpus', () => {
    const a = trainBpe(CORPUS, { vocabSize: 40, minFrequency: 1 });
    const b = trainBpe([...CORPUS], { vocabSize: 40, minFrequency: 1 });
    expect(a.toJSON()).toEqual(b.toJSON());
    expect(a.vocabSize).toBe(40);
    expect(a.merges[0]).toEqual(['h', 'e']); // most frequent pair: every 'the'/'then'
    expect(a.tokenToId(' the')).toBeDefined();
    // with the default minFrequency 2 it stops early when no pair repeats
    const c = trainBpe(CORPUS, { vocabSize: 400 });
    expect(c.vocabSize).toBeLessThan(400);
    expect(c.vocabSize).toBeGreaterThan(4 + new Set(CORPUS.join('')).size);
  });

  it('compresses and round-trips text, including unseen words', () => {
    const t = trainBpe(CORPUS, { vocabSize: 48 });
    for (const s of ['the cat sat on the mat', 'a rat, then a log  \n end', 'hat ton']) {
      const ids = t.encode(s);
      expect(t.decode(ids)).toBe(s);
    }
    expect(t.encode('the cat sat on the mat').length).toBeLessThan(12);
  });

  it('handles specials and unknown characters like the char tokenizer', () => {
    const t = trainBpe(CORPUS, { vocabSize: 40 });
    const base = t.vocabSize;
    const [sid] = t.addSpecialTokens(['<a_7>']);
    expect(sid).toBe(base);
    const ids = t.encode('the<a_7>cat', { addBos: true, addEos: true });
    expect(ids[0]).toBe(1);
    expect(ids).toContain(base);
    expect(t.decode(ids, { skipSpecial: true })).toBe('thecat');
    expect(t.decode(t.encode('thé cat'))).toBe('th<unk> cat');
    const strict = new BpeTokenizer({ ...t.toJSON(), unknown: 'error' });
    expect(() => strict.encode('thé')).toThrow(TokenizerError);
  });

  it('applies merges by rank, not by training order of appearance', () => {
    const t = new BpeTokenizer({ alphabet: ['a', 'b', 'c'], merges: [['b', 'c'], ['a', 'b']] });
    // 'abc': (b,c) has rank 0 so it wins over (a,b)
    expect(t.encode('abc').map((id) => t.idToToken(id))).toEqual(['a', 'bc']);
    expect(t.encode('aab').map((id) => t.idToToken(id))).toEqual(['a', 'ab']);
    expect(() => new BpeTokenizer({ alphabet: ['a'], merges: [['a', 'z']] })).toThrow(/not defined/);
  });

  it('serialises to JSON and back', () => {
    const t = trainBpe(CORPUS, { vocabSize: 44 });
    t.addSpecialTokens(['<x>']);
    const u = tokenizerFromJSON(JSON.parse(JSON.stringify(t.toJSON())));
    expect(u.vocabSize).toBe(t.vocabSize);
    const s = 'the dog ate<x> the cat';
    expect(u.encode(s)).toEqual(t.encode(s));
    expect(() => trainBpe(CORPUS, { vocabSize: 5 })).toThrow(/vocabSize/);
  });
});
