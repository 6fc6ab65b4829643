/**
 * A tiny well-formedness check for the SVG the report writes: every tag closes in order, attribute
 * values are quoted, no raw `<` or `&` in text. Returns the element names seen (in document order).
 * Throws with the offset of the first problem.
 */
export function checkWellFormed(xml: string): string[] {
  const stack: string[] = [];
  const seen: string[] = [];
  let i = 0;
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const textPart = lt < 0 ? body.slice(i) : body.slice(i, lt);
    if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(textPart)) throw new Error(`unescaped & in text at ${i}`);
    if (textPart.trim() !== '' && stack.length === 0) throw new Error(`text outside the root element at ${i}`);
    if (lt < 0) break;
    const gt = body.indexOf('>', lt);
    if (gt < 0) throw new Error(`unterminated tag at ${lt}`);
    const tag = body.slice(lt + 1, gt);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open ?? 'nothing'}> at ${lt}`);
    } else {
      const selfClose = tag.endsWith('/');
      const inner = selfClose ? tag.slice(0, -1) : tag;
      const m = /^([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*$/.exec(inner);
      if (!m) throw new Error(`malformed tag <${tag.slice(0, 60)}> at ${lt}`);
      if (stack.length === 0 && seen.length > 0) throw new Error(`second root element at ${lt}`);
      seen.push(m[1]!);
      if (!selfClose) stack.push(m[1]!);
    }
    i = gt + 1;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (seen.length === 0) throw new Error('no elements');
  return seen;
}
