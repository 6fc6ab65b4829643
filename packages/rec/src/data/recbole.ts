/**
 * RecBole atomic files, so users can bring their own data: `.inter` (interactions) and `.item` (item
 * features). The header names each column `name:type` (types token, token_seq, float, float_seq);
 * the delimiter is a tab (RecBole's default) or a comma (detected from the header). token_seq fields
 * are space-separated, or a Python-style list `['a', 'b']` as some released files have.
 */
import { RecDataError } from './errors.js';
import { lines, readText } from './text.js';
import type { Catalog, Interaction } from './types.js';

interface Header {
  delim: string;
  cols: { name: string; type: string }[];
}

function parseHeader(line: string, file: string): Header {
  const delim = line.includes('\t') ? '\t' : ',';
  const cols = line.split(delim).map((c) => {
    const [name, type] = c.trim().split(':');
    if (!name || !type) throw new RecDataError(file, 1, `header column '${c}' is not 'name:type'`, 'use RecBole atomic headers, e.g. user_id:token');
    return { name, type };
  });
  return { delim, cols };
}

/** Splits a CSV line honouring double quotes (titles may contain commas). */
function splitRow(line: string, delim: string): string[] {
  if (delim === '\t' || !line.includes('"')) return line.split(delim);
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else quoted = !quoted;
    } else if (ch === delim && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function tokenSeq(value: string): string[] {
  const v = value.trim();
  if (v.startsWith('[') && v.endsWith(']')) {
    return v
      .slice(1, -1)
      .split(',')
      .map((s) => s.trim().replace(/^['"]|['"]$/g, ''))
      .filter(Boolean);
  }
  return v.split(/\s+/).filter(Boolean);
}

function findCol(h: Header, names: string[], file: string, what: string): number {
  const i = h.cols.findIndex((c) => names.includes(c.name));
  if (i < 0) throw new RecDataError(file, 1, `no ${what} column (looked for ${names.join(', ')})`, `add a '${names[0]}:token' column`);
  return i;
}

/** Loads a `.item` file: the first token column is the id; token_seq columns become attributes. */
export function loadRecBoleItems(file: string, attributeColumns?: string[]): Catalog {
  const catalog: Catalog = new Map();
  let header: Header | null = null;
  for (const [line, no] of lines(readText(file))) {
    if (!header) {
      header = parseHeader(line, file);
      continue;
    }
    const f = splitRow(line, header.delim);
    if (f.length !== header.cols.length) {
      throw new RecDataError(file, no, `has ${f.length} fields but the header has ${header.cols.length}`, 'fix or remove the line');
    }
    const id = f[0]!.trim();
    const attributes: string[] = [];
    let title: string | undefined;
    header.cols.forEach((c, i) => {
      if (i === 0) return;
      if (c.name === 'title' || c.name === 'app_name' || c.name === 'name') title = f[i]!.trim();
      const wanted = attributeColumns ? attributeColumns.includes(c.name) : c.type === 'token_seq';
      if (wanted) attributes.push(...tokenSeq(f[i]!));
    });
    const info: { id: string; title?: string; attributes: string[] } = { id, attributes };
    if (title !== undefined) info.title = title;
    catalog.set(id, info);
  }
  if (!header) throw new RecDataError(file, null, 'is empty', 'use a RecBole .item file with a header line');
  return catalog;
}

/** Loads a `.inter` file (user_id, item_id, and timestamp if present; else file order). */
export function loadRecBoleInteractions(file: string): { interactions: Interaction[]; timestamps: boolean } {
  const interactions: Interaction[] = [];
  let header: Header | null = null;
  let iu = 0;
  let ii = 0;
  let it = -1;
  let ir = -1;
  for (const [line, no] of lines(readText(file))) {
    if (!header) {
      header = parseHeader(line, file);
      iu = findCol(header, ['user_id'], file, 'user');
      ii = findCol(header, ['item_id', 'product_id'], file, 'item');
      it = header.cols.findIndex((c) => c.name === 'timestamp');
      ir = header.cols.findIndex((c) => c.name === 'rating');
      continue;
    }
    const f = splitRow(line, header.delim);
    if (f.length !== header.cols.length) throw new RecDataError(file, no, `has ${f.length} fields but the header has ${header.cols.length}`, 'fix or remove the line');
    const time = it >= 0 ? Number(f[it]) : interactions.length;
    if (!Number.isFinite(time)) throw new RecDataError(file, no, `timestamp '${f[it]}' is not a number`, 'fix or remove the line');
    const rec: Interaction = { user: f[iu]!.trim(), item: f[ii]!.trim(), time };
    if (ir >= 0) rec.rating = Number(f[ir]);
    interactions.push(rec);
  }
  if (!header) throw new RecDataError(file, null, 'is empty', 'use a RecBole .inter file with a header line');
  return { interactions, timestamps: it >= 0 };
}
