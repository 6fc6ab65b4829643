/**
 * Layout constraints for the `format_following` family (IFEval's detectable-format and start/end
 * checks): a <<title>>, numbered SECTION markers, paragraphs split by ***, a P.S. line, quotation
 * wrapping, an exact end phrase, *highlighted* spans and [placeholders]. Checkers are total and run
 * in linear time (line scans and non-backtracking patterns only).
 */
export type FormatConstraint =
  | { kind: 'title' }
  | { kind: 'sections'; n: number }
  | { kind: 'paragraphs'; n: number }
  | { kind: 'postscript' }
  | { kind: 'quotation' }
  | { kind: 'end_phrase'; phrase: string }
  | { kind: 'highlights'; n: number }
  | { kind: 'placeholders'; n: number };

export type FormatKind = FormatConstraint['kind'];

const lines = (text: string): string[] => text.split('\n').map((l) => l.trim());

/** Counts `open ... close` spans on single lines whose inside is non-empty and free of `forbidden` chars. */
function countSpans(text: string, open: string, close: string, forbidden: string): number {
  let count = 0;
  for (const line of text.split('\n')) {
    let i = 0;
    while (i < line.length) {
      const s = line.indexOf(open, i);
      if (s < 0) break;
      let j = s + open.length;
      while (j < line.length && !forbidden.includes(line[j]!) && !line.startsWith(close, j)) j++;
      if (j > s + open.length && line.startsWith(close, j)) {
        count++;
        i = j + close.length;
      } else i = s + 1;
    }
  }
  return count;
}

export function checkFormat(c: FormatConstraint, text: string): boolean {
  switch (c.kind) {
    case 'title':
      return countSpans(text, '<<', '>>', '<>') >= 1;
    case 'sections': {
      const nums = lines(text)
        .map((l) => /^SECTION (\d{1,3})\b/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => Number(m[1]));
      return nums.length === c.n && nums.every((k, i) => k === i + 1);
    }
    case 'paragraphs': {
      const parts: string[] = [''];
      for (const l of lines(text)) {
        if (l === '***') parts.push('');
        else parts[parts.length - 1] += l;
      }
      return parts.length === c.n && parts.every((p) => p.length > 0);
    }
    case 'postscript':
      return lines(text).some((l) => l.startsWith('P.S.') && l.length > 4);
    case 'quotation': {
      const t = text.trim();
      return t.length >= 3 && t.startsWith('"') && t.endsWith('"');
    }
    case 'end_phrase':
      return text.trim().endsWith(c.phrase);
    case 'highlights':
      return countSpans(text.replace(/\*\*\*/g, '   '), '*', '*', '*') >= c.n;
    case 'placeholders':
      return countSpans(text, '[', ']', '[]') >= c.n;
    default: {
      const never: never = c;
      return never;
    }
  }
}

export function describeFormat(c: FormatConstraint): string {
  switch (c.kind) {
    case 'title':
      return 'Include a title in double angle brackets, like <<title>>.';
    case 'sections':
      return `Use exactly ${c.n} sections, each starting with a line "SECTION k" (k = 1 to ${c.n}).`;
    case 'paragraphs':
      return `Write exactly ${c.n} paragraphs separated by a line with ***.`;
    case 'postscript':
      return 'Add a postscript line starting with P.S.';
    case 'quotation':
      return 'Wrap the whole reply in double quotes.';
    case 'end_phrase':
      return `End with the exact phrase "${c.phrase}".`;
    case 'highlights':
      return `Highlight at least ${c.n} part${c.n > 1 ? 's' : ''} with asterisks, like *this*.`;
    case 'placeholders':
      return `Include at least ${c.n} placeholder${c.n > 1 ? 's' : ''} in square brackets, like [name].`;
    default: {
      const never: never = c;
      return never;
    }
  }
}

export function labelFormat(c: FormatConstraint): string {
  switch (c.kind) {
    case 'title':
      return 'title';
    case 'sections':
      return `${c.n} sections`;
    case 'paragraphs':
      return `${c.n} paragraphs`;
    case 'postscript':
      return 'postscript';
    case 'quotation':
      return 'quoted';
    case 'end_phrase':
      return 'end phrase';
    case 'highlights':
      return `${c.n} highlights`;
    case 'placeholders':
      return `${c.n} placeholders`;
    default: {
      const never: never = c;
      return never;
    }
  }
}
