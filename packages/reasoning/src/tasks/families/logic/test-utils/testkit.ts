/**
 * Test helpers for task families (imported by the `*.test.ts` files of the logic and instruction
 * families only): a seeded rng per (family, level, seed), a contract check and an adversarial
 * completion generator for fuzzing verifiers.
 */
import { Rng } from '@prorl/rl-core';
import type { ScoreResult, TaskFamily, TaskItem } from '../../../types.js';

/** FNV-1a of `${family}/L${level}/${seed}`: the rng seed the tests use for an item. */
export function itemSeed(family: string, level: number, seed: number): number {
  const s = `${family}/L${level}/${seed}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Generates the item (family, level, seed) with the test rng. */
export function gen(family: TaskFamily, level: number, seed: number): TaskItem {
  return family.generate(level, seed, new Rng(itemSeed(family.name, level, seed)));
}

/** Scores synchronously (logic/IF verifiers are synchronous). */
export function scoreSync(family: TaskFamily, item: TaskItem, completion: string): ScoreResult {
  const r = family.score(item, completion);
  if (r instanceof Promise) throw new Error(`${family.name}.score returned a Promise`);
  return r;
}

export const wrap = (answer: string): string => `<answer>${answer}</answer>`;

/** Adversarial completions: garbage, broken tags, nested/deep JSON, unicode, huge inputs, mutated oracles. */
export function adversarialCompletions(item: TaskItem, rng: Rng, count: number): string[] {
  const out: string[] = [
    '',
    '<answer>',
    '</answer>',
    '<answer></answer>',
    '<answer><answer>x</answer>',
    '<answer>a</answer></answer>',
    '</answer><answer>',
    wrap('['.repeat(100_000)),
    wrap('{"a":'.repeat(50_000)),
    wrap('('.repeat(50_000) + '1' + ')'.repeat(50_000)),
    wrap('1+'.repeat(5_000) + '1'),
    wrap('-'.repeat(10_000) + '1'),
    wrap('x'.repeat(2_000_000)),
    'y'.repeat(1_000_000) + wrap(item.oracle),
    wrap('\u0000\uffff\ud800\udfff🙂'),
    wrap('null'),
    wrap('[]'),
    wrap('{}'),
    wrap('[{}]'),
    wrap('[[1,2],[3]]'),
    wrap('{"__proto__":{"x":1}}'),
    wrap('{"constructor":1,"toString":2}'),
    wrap('[{"0,0":"A>0,1","__proto__":"x"}]'),
    wrap('1e309'),
    wrap('NaN'),
    wrap('9'.repeat(400)),
    wrap('0/0'),
    wrap('1/0'),
    wrap(item.oracle + item.oracle),
    wrap(item.oracle.toUpperCase()),
    wrap(item.oracle.split('').reverse().join('')),
    wrap(` ${item.oracle} `),
    wrap(`<answer>${item.oracle}</answer>`),
    // inputs that make backtracking regexes quadratic (just under the answer cap)
    wrap('!a' + '!'.repeat(19_000) + 'b'),
    wrap('a'.repeat(19_900)),
    wrap('Ann' + ' '.repeat(19_000) + 'x'),
    wrap('- ' + ' '.repeat(19_000)),
    wrap('0,'.repeat(9_000)),
    wrap('[' + '{"0,0":"A>0,1"},'.repeat(1_000) + '{}]'),
  ];
  const alphabet = '0123456789+-*/()[]{}",:.;=<> \n\tABCDEFGHIPQRSTUDLRabcdefghijklmnopqrstuvwxyz~&|>-#_\\\'`éß中🙂\u0000';
  while (out.length < count) {
    const kind = rng.int(5);
    if (kind === 0) {
      // random characters
      const n = rng.int(80);
      let s = '';
      for (let i = 0; i < n; i++) s += alphabet[rng.int(alphabet.length)]!;
      out.push(rng.next() < 0.8 ? wrap(s) : s);
    } else if (kind === 1) {
      // mutated oracle: delete / insert / swap characters
      const chars = item.oracle.split('');
      const edits = 1 + rng.int(4);
      for (let e = 0; e < edits; e++) {
        const op = rng.int(3);
        const i = chars.length === 0 ? 0 : rng.int(chars.length);
        if (op === 0 && chars.length > 0) chars.splice(i, 1);
        else if (op === 1) chars.splice(i, 0, alphabet[rng.int(alphabet.length)]!);
        else if (chars.length > 1) {
          const j = rng.int(chars.length);
          const t = chars[i]!;
          chars[i] = chars[j]!;
          chars[j] = t;
        }
      }
      out.push(wrap(chars.join('')));
    } else if (kind === 2) {
      // oracle-shaped but randomly truncated or duplicated
      const cut = rng.int(item.oracle.length + 1);
      out.push(wrap(item.oracle.slice(0, cut) + (rng.next() < 0.5 ? item.oracle.slice(cut / 2) : '')));
    } else if (kind === 3) {
      // random JSON values
      out.push(wrap(JSON.stringify(randomJson(rng, 4))));
    } else {
      // unbalanced / nested tags around the oracle
      const parts = ['<answer>', '</answer>', item.oracle, 'x', '<answer', 'answer>'];
      let s = '';
      const n = 1 + rng.int(6);
      for (let i = 0; i < n; i++) s += parts[rng.int(parts.length)]!;
      out.push(s);
    }
  }
  return out;
}

function randomJson(rng: Rng, depth: number): unknown {
  const k = rng.int(depth <= 0 ? 4 : 7);
  switch (k) {
    case 0:
      return rng.int(10) - 2;
    case 1:
      return rng.pick(['A', 'B>C', '0,0', 'A>0,1', 'red', '', '1,1', 'goal']);
    case 2:
      return null;
    case 3:
      return rng.next() < 0.5;
    case 4:
    case 5: {
      const o: Record<string, unknown> = {};
      const n = rng.int(4);
      for (let i = 0; i < n; i++) o[rng.pick(['0', '1', '2', '0,0', '0,1', 'a', 'title', '__proto__'])] = randomJson(rng, depth - 1);
      return o;
    }
    default: {
      const n = rng.int(4);
      const a: unknown[] = [];
      for (let i = 0; i < n; i++) a.push(randomJson(rng, depth - 1));
      return a;
    }
  }
}
