import { describe, expect, test } from 'vitest';
import { SemanticIdCodec } from '../semantic-ids/codec.js';
import { decodePathItems, splitPaths } from '../rl/path-batch.js';
import { toyItem, toySemanticIds } from '../train/test-fixtures.js';
import { PathPolicyError } from './errors.js';
import { PATH_EOS_TOKEN, PATH_SEP_TOKEN, PathTokenizer } from './path-tokenizer.js';
import { rolloutGrid } from './path-policy.js';

describe('PathTokenizer', () => {
  const tok = PathTokenizer.fromSemanticIds(toySemanticIds());

  test('layout: 3 specials then the codec block', () => {
    expect(tok.vocabSize).toBe(3 + 4 * 4);
    expect(tok.encodeOutput([], 10)).toEqual([PATH_EOS_TOKEN]);
    // item 5 → codes [1, 1, 0, 1] → 3 + c_d + 4·d
    expect(tok.codec.encode(toyItem(5))).toEqual([4, 8, 11, 16]);
  });

  test('prompt = last history items ⊕ target ⊕ SEP; unknown history items are skipped', () => {
    const p = tok.encodePrompt([toyItem(1), 'nope', toyItem(2), toyItem(3)], toyItem(4), 2);
    expect(p).toEqual([...tok.codec.encode(toyItem(2)), ...tok.codec.encode(toyItem(3)), ...tok.codec.encode(toyItem(4)), PATH_SEP_TOKEN]);
    expect(p.length).toBe(tok.promptLength(2));
    expect(() => tok.encodePrompt([], 'nope', 2)).toThrow(PathPolicyError);
  });

  test('path round trip, truncation to P, invalid codes decode to null, partial items dropped', () => {
    const path = [toyItem(7), toyItem(0), toyItem(23)];
    const out = tok.encodeOutput(path, 10);
    expect(tok.decodeOutput(out, 10)).toEqual({ items: path, hasEos: true });
    expect(tok.decodeOutput(tok.encodeOutput(path, 2), 10).items).toEqual(path.slice(0, 2));
    // level-0 token in the level-1 slot → invalid; a trailing partial item is dropped
    const bad = [...tok.codec.encode(toyItem(1)), 3, 3, 3, 3, 5, 6, PATH_EOS_TOKEN];
    expect(tok.decodeOutput(bad, 10)).toEqual({ items: [toyItem(1), null], hasEos: true });
    expect(tok.decodeOutput(tok.codec.encode(toyItem(1)), 10)).toEqual({ items: [toyItem(1)], hasEos: false });
  });

  test('agrees with splitPaths + decodePathItems on the rollout grid', () => {
    const rows = [tok.encodeOutput([toyItem(3), toyItem(4)], 4), [PATH_EOS_TOKEN], [...tok.codec.encode(toyItem(9)), 3, 3, PATH_EOS_TOKEN], tok.encodeOutput([toyItem(1), toyItem(2), toyItem(3), toyItem(4)], 4)];
    const grid = rolloutGrid({ tokens: rows, logProbs: rows.map((r) => r.map(() => -1)) }, 4, 4);
    expect(grid.Tt).toBe(17);
    const layout = splitPaths(grid.tokens, { G: 2, S: 2, P: 4 }, { eosToken: PATH_EOS_TOKEN, lengths: grid.lengths });
    const dec = decodePathItems(grid.tokens, layout, tok.codec);
    expect(dec.items).toEqual(rows.map((r) => tok.decodeOutput(r, 4).items));
    expect(Array.from(layout.numItems)).toEqual([2, 0, 1, 4]);
  });

  test('rejects a codec that overlaps the specials', () => {
    expect(() => new PathTokenizer(new SemanticIdCodec(toySemanticIds(), 1))).toThrow(PathPolicyError);
  });
});
