import { describe, expect, it } from 'vitest';
import { checkFormat, type FormatConstraint } from './format-constraints.js';

describe('format constraints', () => {
  const ok = (c: FormatConstraint, t: string) => checkFormat(c, t);

  it('checks titles, highlights and placeholders on single lines', () => {
    expect(ok({ kind: 'title' }, '<<Rain Song>>\nbody')).toBe(true);
    expect(ok({ kind: 'title' }, '<<>> body')).toBe(false);
    expect(ok({ kind: 'title' }, '<<open\nclose>>')).toBe(false);
    expect(ok({ kind: 'highlights', n: 2 }, 'a *b* c *d e*')).toBe(true);
    expect(ok({ kind: 'highlights', n: 2 }, 'a *b* c\n***\nd')).toBe(false);
    expect(ok({ kind: 'highlights', n: 1 }, '** empty')).toBe(false);
    expect(ok({ kind: 'placeholders', n: 2 }, 'meet [name] at [place]')).toBe(true);
    expect(ok({ kind: 'placeholders', n: 2 }, 'meet [name] at [] [x')).toBe(false);
  });

  it('checks sections and paragraphs exactly', () => {
    expect(ok({ kind: 'sections', n: 2 }, 'SECTION 1\na\nSECTION 2\nb')).toBe(true);
    expect(ok({ kind: 'sections', n: 2 }, 'SECTION 2\na\nSECTION 1\nb')).toBe(false);
    expect(ok({ kind: 'sections', n: 2 }, 'SECTION 1\na\nSECTION 2\nb\nSECTION 3')).toBe(false);
    expect(ok({ kind: 'paragraphs', n: 3 }, 'a\n***\nb c\n***\nd')).toBe(true);
    expect(ok({ kind: 'paragraphs', n: 3 }, 'a\n***\n***\nd')).toBe(false);
    expect(ok({ kind: 'paragraphs', n: 2 }, 'a\n***\nb\n***\nc')).toBe(false);
  });

  it('checks postscript, quotation and end phrase', () => {
    expect(ok({ kind: 'postscript' }, 'body\nP.S. more')).toBe(true);
    expect(ok({ kind: 'postscript' }, 'body P.S. more')).toBe(false);
    expect(ok({ kind: 'quotation' }, ' "quoted text" ')).toBe(true);
    expect(ok({ kind: 'quotation' }, '"unclosed')).toBe(false);
    expect(ok({ kind: 'quotation' }, '""')).toBe(false);
    expect(ok({ kind: 'end_phrase', phrase: 'That is all.' }, 'text\nThat is all.')).toBe(true);
    expect(ok({ kind: 'end_phrase', phrase: 'That is all.' }, 'text that is all.')).toBe(false);
  });
});
