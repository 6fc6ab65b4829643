/**
 * Minimal SVG writing helpers shared by the charts: escaping, elements, number formatting.
 * Charts are plain SVG 1.1 text (no scripts, no external fonts), so any browser, image viewer or
 * Markdown renderer shows them.
 */

/** Escapes text for use in XML content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export type Attrs = Record<string, string | number | undefined>;

function attrText(attrs: Attrs): string {
  return Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(typeof v === 'number' ? fmtCoord(v) : v!)}"`)
    .join('');
}

/** `<name attrs/>` or `<name attrs>children</name>`; `children` must already be SVG (or escaped text). */
export function el(name: string, attrs: Attrs, children?: string): string {
  return children === undefined ? `<${name}${attrText(attrs)}/>` : `<${name}${attrText(attrs)}>${children}</${name}>`;
}

/** A text element; `content` is escaped here. */
export function text(x: number, y: number, content: string, attrs: Attrs = {}): string {
  return el('text', { x, y, ...attrs }, escapeXml(content));
}

/** Coordinates with at most 2 decimals (keeps files small and diffs stable). */
export function fmtCoord(v: number): string {
  return Number.isInteger(v) ? String(v) : (Math.round(v * 100) / 100).toString();
}

/**
 * Tick label: compact, with SI-style suffixes for large values (1.5k, 2M) and exponents for tiny ones.
 */
export function fmtTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  const trim = (x: number, d: number) => Number(x.toFixed(d)).toString();
  if (a >= 1e9) return `${trim(v / 1e9, 2)}G`;
  if (a >= 1e6) return `${trim(v / 1e6, 2)}M`;
  if (a >= 1e4) return `${trim(v / 1e3, 2)}k`;
  if (a >= 1) return trim(v, 2);
  if (a >= 1e-3) return trim(v, 4);
  return v.toExponential(1);
}

/** Colour-blind-friendly palette (Okabe–Ito), cycled by series index. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'] as const;

export function colour(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

/** The outer `<svg>` document with a white background and a title. */
export function svgDocument(width: number, height: number, title: string, body: string): string {
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    el('title', {}, escapeXml(title)),
    el('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }),
    text(width / 2, 22, title, { 'text-anchor': 'middle', 'font-size': 15, 'font-weight': 'bold' }),
    body,
    `</svg>`,
    '',
  ].join('\n');
}
