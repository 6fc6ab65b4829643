/**
 * Adversarial completions for fuzzing verifiers (tests only): garbage, broken or nested tags, deep
 * JSON, unicode, numbers in every style, inputs that make backtracking regexes quadratic, megabyte
 * inputs and mutated oracles. One generator for every domain.
 */
import type { Rng } from '@prorl/rl-core';
import type { TaskItem } from '../../types.js';
import { wrap } from './kit.js';

// Built once: megabyte strings are the expensive part of the fuzz.
const MEGA_ONES = wrap('1'.repeat(1_000_000));
const MEGA_X = wrap('x'.repeat(2_000_000));
const MEGA_Y = 'y'.repeat(1_000_000);
const DEEP_BRACKETS = wrap('['.repeat(100_000));
const DEEP_OBJECTS = wrap('{"a":'.repeat(50_000));
const DEEP_PARENS = wrap('('.repeat(50_000) + '1' + ')'.repeat(50_000));

/** The fixed hostile inputs (independent of the rng), then `count` − that many random ones. */
function fixedCompletions(o: string): string[] {
  return [
    '',
    '<answer>',
    '</answer>',
    '<answer></answer>',
    '<answer> </answer>',
    '<answer><answer>1</answer>',
    '<answer><answer>x</answer>',
    '<answer>1</answer></answer>',
    '<answer>a</answer></answer>',
    '</answer><answer>',
    '<answer><answer></answer></answer>',
    MEGA_ONES,
    MEGA_X,
    MEGA_Y + wrap(o),
    DEEP_BRACKETS,
    DEEP_OBJECTS,
    DEEP_PARENS,
    wrap('1'.repeat(5_000) + 'x'),
    wrap('9'.repeat(150) + '.' + '9'.repeat(40)),
    wrap('9'.repeat(400)),
    wrap('-'.repeat(10_000) + '1'),
    wrap('1+'.repeat(5_000) + '1'),
    wrap('1,'.repeat(5_000)),
    wrap('1,000'),
    wrap('1,000,000'),
    wrap('-1,234.5'),
    wrap('1_000'),
    wrap('2^'.repeat(3000) + '2'),
    wrap('2^999 × 3^999'),
    wrap('9'.repeat(40) + '^999'),
    wrap('['.repeat(15_000)),
    wrap('['.repeat(5_000) + ']'.repeat(5_000)),
    wrap('\u0000\uffff\ud800\udfff🙂'),
    wrap('null'),
    wrap('[]'),
    wrap('[[]]'),
    wrap('{}'),
    wrap('[{}]'),
    wrap('[[1,2],[3]]'),
    wrap('[["a"],[1]]'),
    wrap('{"__proto__":{"x":1}}'),
    wrap('{"constructor":1,"toString":2}'),
    wrap('[{"0,0":"A>0,1","__proto__":"x"}]'),
    wrap('1e309'),
    wrap('-1e309'),
    wrap('NaN'),
    wrap('Infinity'),
    wrap('0/0'),
    wrap('1/0'),
    wrap('0x1f'),
    // inputs that make backtracking regexes quadratic (just under the answer cap)
    wrap('!a' + '!'.repeat(19_000) + 'b'),
    wrap('a'.repeat(19_900)),
    wrap('Ann' + ' '.repeat(19_000) + 'x'),
    wrap('- ' + ' '.repeat(19_000)),
    wrap('0,'.repeat(9_000)),
    wrap('[' + '{"0,0":"A>0,1"},'.repeat(1_000) + '{}]'),
    wrap(`${o}${o}`),
    wrap(o.toUpperCase()),
    wrap(o.split('').reverse().join('')),
    wrap(` ${o} `),
    wrap(`<answer>${o}</answer>`),
    `<answer>${o}`,
    `${o}</answer>`,
  ];
}

const ALPHABET = '0123456789+-*/^×·()[]{}",:.;=<> \n\tABCDEFGHIPQRSTUDLRXYZabcdefghijklmnopqrstuvwxyz~&|#_\\\'`éß中🙂\u0000';

/** At least `count` adversarial completions for `item` (the fixed list first, then random ones from `rng`). */
export function adversarialCompletions(item: TaskItem, rng: Rng, count: number): string[] {
  const o = item.oracle;
  const out = fixedCompletions(o);
  const randomText = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += ALPHABET[rng.int(ALPHABET.length)]!;
    return s;
  };
  const bytes = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(rng.int(0x10000));
    return s;
  };
  while (out.length < count) {
    switch (rng.int(8)) {
      case 0: {
        const s = randomText(rng.int(80));
        out.push(rng.next() < 0.8 ? wrap(s) : s);
        break;
      }
      case 1:
        out.push(rng.next() < 0.7 ? wrap(bytes(rng.int(200))) : bytes(rng.int(200)));
        break;
      case 2: {
        // mutated oracle: delete / insert / swap characters
        const chars = o.split('');
        const edits = 1 + rng.int(4);
        for (let e = 0; e < edits; e++) {
          const op = rng.int(3);
          const i = chars.length === 0 ? 0 : rng.int(chars.length);
          if (op === 0 && chars.length > 0) chars.splice(i, 1);
          else if (op === 1) chars.splice(i, 0, ALPHABET[rng.int(ALPHABET.length)]!);
          else if (chars.length > 1) {
            const j = rng.int(chars.length);
            [chars[i], chars[j]] = [chars[j]!, chars[i]!];
          }
        }
        out.push(wrap(chars.join('')));
        break;
      }
      case 3: {
        // oracle-shaped but randomly truncated or duplicated
        const cut = rng.int(o.length + 1);
        out.push(wrap(o.slice(0, cut) + (rng.next() < 0.5 ? o.slice(cut / 2) : '')));
        break;
      }
      case 4:
        out.push(wrap(JSON.stringify(randomJson(rng, 4))));
        break;
      case 5: {
        // unbalanced / nested tags around the oracle
        const parts = ['<answer>', '</answer>', o, 'x', '<answer', 'answer>', '<', '>'];
        let s = '';
        const n = 1 + rng.int(7);
        for (let i = 0; i < n; i++) s += parts[rng.int(parts.length)]!;
        out.push(s);
        break;
      }
      case 6: {
        // numbers in every style
        const v = (rng.next() - 0.5) * 10 ** rng.int(12);
        const styles = [String(v), v.toFixed(2), v.toExponential(3), Math.round(v).toLocaleString('en-US'), `${Math.round(v)} units`, `${v}/${rng.int(9)}`];
        out.push(wrap(rng.pick(styles)));
        break;
      }
      default:
        out.push(wrap(`${o} ${rng.pick(['is the answer', 'm', 'km', '%', '!!', '\n'])}`));
    }
  }
  return out;
}

function randomJson(rng: Rng, depth: number): unknown {
  switch (rng.int(depth <= 0 ? 4 : 7)) {
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
