import { describe, expect, test } from 'vitest';
import { InvalidParamError, ShapeError } from '@prorl/rl-core';
import { SemanticIdCodec } from '../semantic-ids/codec.js';
import type { StepRewards } from '../rewards/step-rewards.js';
import { decodePathItems, layoutFromSlots, packStepRewards, pathRowLength, splitPaths, REFERENCE_EOS_TOKEN } from './path-batch.js';

const EOS = REFERENCE_EOS_TOKEN;
const codec = new SemanticIdCodec(
  new Map([
    ['a', [0, 0, 0, 1]],
    ['b', [1, 2, 3, 1]],
    ['c', [255, 255, 255, 1]],
  ]),
);
const A = codec.encode('a');
const Bt = codec.encode('b');
const C = codec.encode('c');
const BAD = [1, 1, 1, 1]; // level 1..3 tokens outside their blocks: not decodable

/** Right-pads a row with 0 to Tt. */
const row = (toks: number[], Tt: number): number[] => [...toks, ...new Array<number>(Tt - toks.length).fill(0)];

describe('splitPaths', () => {
  const P = 3;
  const Tt = pathRowLength(P); // 13
  const rows = [
    [...A, ...Bt, EOS], // n = 2, EOS at 8
    [...A, 5, 300, EOS], // partial item dropped: EOS at 6, n = 1
    [...A, ...Bt, ...C, EOS], // n = P with the (forced) EOS at 12: no EOS decision
    [...A, ...Bt, ...C, 7], // n = P, no EOS, trailing partial token
    [EOS], // n = 0: invalid
    [...A.slice(0, 3), EOS], // n = 0 (partial item): invalid
  ];
  const tokens = rows.flatMap((r) => row(r, Tt));
  const layout = splitPaths(tokens, { G: 2, S: 3, P }, { eosToken: EOS });

  test('n = ⌊eosPos/4⌋, validity and the EOS decision', () => {
    expect(layout.Tt).toBe(13);
    expect(Array.from(layout.numItems)).toEqual([2, 1, 3, 3, 0, 0]);
    expect(Array.from(layout.eosPos)).toEqual([8, 6, 12, -1, 0, 3]);
    expect(Array.from(layout.hasEos)).toEqual([1, 1, 1, 0, 1, 1]);
    expect(Array.from(layout.valid)).toEqual([1, 1, 1, 1, 0, 0]);
    expect(Array.from(layout.eosActive)).toEqual([1, 1, 0, 0, 0, 0]);
  });

  test("emptyPaths 'stop': a path that stops before its first item is valid with an EOS decision", () => {
    const l = splitPaths(tokens, { G: 2, S: 3, P }, { eosToken: EOS, emptyPaths: 'stop' });
    expect(Array.from(l.valid)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(Array.from(l.eosActive)).toEqual([1, 1, 0, 0, 1, 1]);
    expect(Array.from(layoutFromSlots(l).valid)).toEqual(Array.from(l.valid));
    expect(() => splitPaths(tokens, { G: 2, S: 3, P }, { eosToken: EOS, emptyPaths: 'keep' as never })).toThrow(InvalidParamError);
  });

  test('generation lengths end rows without EOS', () => {
    const l = splitPaths(tokens, { G: 2, S: 3, P }, { eosToken: EOS, lengths: [13, 13, 9, 13, 13, 2] });
    expect(Array.from(l.numItems)).toEqual([2, 1, 2, 3, 0, 0]);
    expect(Array.from(l.eosPos)).toEqual([8, 6, -1, -1, 0, -1]);
  });

  test('layoutFromSlots reproduces the split and rejects inconsistent slots', () => {
    const again = layoutFromSlots({ G: 2, S: 3, P, tokensPerItem: 4, Tt, numItems: layout.numItems, eosPos: layout.eosPos });
    expect(Array.from(again.eosActive)).toEqual(Array.from(layout.eosActive));
    const bad = (numItems: number[], eosPos: number[]) => () =>
      layoutFromSlots({ G: 1, S: 1, P, tokensPerItem: 4, Tt, numItems: Int32Array.from(numItems), eosPos: Int32Array.from(eosPos) });
    expect(bad([2], [4])).toThrow(ShapeError); // EOS inside the items
    expect(bad([1], [9])).toThrow(ShapeError); // EOS after a gap
    expect(bad([4], [-1])).toThrow(ShapeError); // n > P
    expect(bad([1], [13])).toThrow(ShapeError); // EOS outside the row
    expect(bad([1, 1], [4, 4])).toThrow(ShapeError); // B mismatch
  });

  test('typed errors on bad grids and options', () => {
    expect(() => splitPaths(tokens.slice(1), { G: 2, S: 3, P }, { eosToken: EOS })).toThrow(ShapeError);
    expect(() => splitPaths(tokens, { G: 2, S: 3, P: 0 }, { eosToken: EOS })).toThrow(InvalidParamError);
    expect(() => splitPaths(tokens, { G: 2, S: 3, P }, { eosToken: 1.5 })).toThrow(InvalidParamError);
    expect(() => splitPaths(tokens, { G: 2, S: 3, P }, { eosToken: EOS, lengths: [1, 2] })).toThrow(ShapeError);
    expect(() => splitPaths(tokens, { G: 2, S: 3, P }, { eosToken: EOS, lengths: [14, 0, 0, 0, 0, 0] })).toThrow(ShapeError);
  });
});

describe('decodePathItems and packStepRewards', () => {
  const P = 4;
  const Tt = pathRowLength(P);
  const rows = [
    [...A, ...BAD, ...A, ...Bt, EOS], // real, invalid, duplicate, real
    [...BAD, ...BAD, EOS], // an invalid code repeated stays invalid
    [...C, EOS],
    [EOS],
  ];
  const tokens = rows.flatMap((r) => row(r, Tt));
  const layout = splitPaths(tokens, { G: 2, S: 2, P }, { eosToken: EOS });
  const dec = decodePathItems(tokens, layout, codec);

  test('items, flags and masks', () => {
    expect(dec.items).toEqual([['a', null, 'a', 'b'], [null, null], ['c'], []]);
    expect(dec.kinds).toEqual([['real', 'invalid', 'duplicate', 'real'], ['invalid', 'invalid'], ['real'], []]);
    expect(Array.from(dec.itemMask)).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(dec.realMask)).toEqual([1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(() => decodePathItems(tokens, { ...layout, tokensPerItem: 3 }, codec)).toThrow(InvalidParamError);
    expect(() => decodePathItems(tokens.slice(2), layout, codec)).toThrow(ShapeError);
  });

  test('packs per-path StepRewards into the [B,P] grid', () => {
    const sr = (kind: StepRewards['kind'], base: number): StepRewards => ({
      kind,
      ioi: Float64Array.from(kind, (_, i) => base + i),
      ior: Float64Array.from(kind, (_, i) => 10 * (base + i)),
      ctr: Float64Array.from(kind, () => base / 10),
    });
    const packed = packStepRewards([sr(dec.kinds[0]!, 1), sr(dec.kinds[1]!, 5), sr(dec.kinds[2]!, 7), sr([], 0)], layout);
    expect(Array.from(packed.ioi)).toEqual([1, 2, 3, 4, 5, 6, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(packed.ior).slice(0, 4)).toEqual([10, 20, 30, 40]);
    expect(Array.from(packed.realMask)).toEqual(Array.from(dec.realMask));
    expect(() => packStepRewards([sr(dec.kinds[0]!, 1)], layout)).toThrow(ShapeError);
    expect(() => packStepRewards([sr(['real'], 1), sr(dec.kinds[1]!, 5), sr(dec.kinds[2]!, 7), sr([], 0)], layout)).toThrow(ShapeError);
  });
});
