/**
 * Rule-checked format constraints for the instruction-following families (IFEval-style). Each
 * constraint is JSON-serialisable data with a checker and a prompt phrase; checkers are total
 * (never throw) and linear in the answer length.
 */
import { isPlainObject, safeJsonParse, stripFence } from '../common/index.js';

export type Constraint =
  | { kind: 'word_count_exact'; n: number }
  | { kind: 'word_count_max'; n: number }
  | { kind: 'word_count_min'; n: number }
  | { kind: 'lowercase' }
  | { kind: 'uppercase' }
  | { kind: 'include'; word: string }
  | { kind: 'forbid'; word: string }
  | { kind: 'start_with'; word: string }
  | { kind: 'end_with'; word: string }
  | { kind: 'bullets'; n: number }
  | { kind: 'json_keys'; keys: string[] }
  | { kind: 'no_commas' };

export type ConstraintKind = Constraint['kind'];

/** Words: whitespace-separated tokens with leading/trailing punctuation stripped; tokens without a letter or digit are dropped. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\s+/)) {
    // linear scan for the first and last letter/digit (no backtracking regex on adversarial tokens)
    const chars = Array.from(raw);
    let i = 0;
    while (i < chars.length && !isAlnum(chars[i]!)) i++;
    let j = chars.length - 1;
    while (j >= i && !isAlnum(chars[j]!)) j--;
    if (j >= i) out.push(chars.slice(i, j + 1).join('').toLowerCase());
  }
  return out;
}

const ALNUM = /^[\p{L}\p{N}]$/u;
const isAlnum = (ch: string): boolean => ALNUM.test(ch);

const hasLetter = (t: string): boolean => /\p{L}/u.test(t);

/** Lines that are bullet points: trimmed, starting with "- " or "* ". */
export function bulletLines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => /^[-*]\s+\S/.test(l));
}

/** True when `text` satisfies the constraint. */
export function checkConstraint(c: Constraint, text: string): boolean {
  switch (c.kind) {
    case 'word_count_exact':
      return words(text).length === c.n;
    case 'word_count_max':
      return words(text).length <= c.n;
    case 'word_count_min':
      return words(text).length >= c.n;
    case 'lowercase':
      return hasLetter(text) && text === text.toLowerCase();
    case 'uppercase':
      return hasLetter(text) && text === text.toUpperCase();
    case 'include':
      return words(text).includes(c.word);
    case 'forbid':
      return !words(text).includes(c.word);
    case 'start_with':
      return words(text)[0] === c.word;
    case 'end_with': {
      const w = words(text);
      return w[w.length - 1] === c.word;
    }
    case 'bullets':
      return bulletLines(text).length === c.n;
    case 'json_keys': {
      const v = safeJsonParse(stripFence(text));
      if (!isPlainObject(v)) return false;
      const keys = Object.keys(v);
      return keys.length === c.keys.length && c.keys.every((k) => Object.prototype.hasOwnProperty.call(v, k) && typeof v[k] === 'string');
    }
    case 'no_commas':
      return !text.includes(',');
    default: {
      const never: never = c;
      return never;
    }
  }
}

/** The instruction phrase shown in the prompt. */
export function describeConstraint(c: Constraint): string {
  switch (c.kind) {
    case 'word_count_exact':
      return `Use exactly ${c.n} words.`;
    case 'word_count_max':
      return `Use at most ${c.n} words.`;
    case 'word_count_min':
      return `Use at least ${c.n} words.`;
    case 'lowercase':
      return 'Write only in lowercase letters.';
    case 'uppercase':
      return 'Write only in capital letters.';
    case 'include':
      return `Include the word "${c.word}".`;
    case 'forbid':
      return `Do not use the word "${c.word}".`;
    case 'start_with':
      return `Start with the word "${c.word}".`;
    case 'end_with':
      return `End with the word "${c.word}".`;
    case 'bullets':
      return `Give exactly ${c.n} bullet points, each on its own line starting with "- ".`;
    case 'json_keys':
      return `Reply with a JSON object with exactly the keys ${c.keys.map((k) => `"${k}"`).join(', ')}, each a string.`;
    case 'no_commas':
      return 'Do not use any commas.';
    default: {
      const never: never = c;
      return never;
    }
  }
}

/** A short label for worked solutions, e.g. `3 words`, `lowercase`, `has "rain"`. */
export function labelConstraint(c: Constraint): string {
  switch (c.kind) {
    case 'word_count_exact':
      return `${c.n} words`;
    case 'word_count_max':
      return `<=${c.n} words`;
    case 'word_count_min':
      return `>=${c.n} words`;
    case 'lowercase':
      return 'lowercase';
    case 'uppercase':
      return 'uppercase';
    case 'include':
      return `has ${c.word}`;
    case 'forbid':
      return `no ${c.word}`;
    case 'start_with':
      return `starts ${c.word}`;
    case 'end_with':
      return `ends ${c.word}`;
    case 'bullets':
      return `${c.n} bullets`;
    case 'json_keys':
      return `JSON keys ${c.keys.join(',')}`;
    case 'no_commas':
      return 'no commas';
    default: {
      const never: never = c;
      return never;
    }
  }
}
