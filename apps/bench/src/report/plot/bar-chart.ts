/**
 * Horizontal bar chart for ratios (e.g. "our step time / PyTorch's"): one bar per label, the value
 * printed at the bar's end, and an optional dashed reference line (1.0 = parity).
 */
import { colour, el, fmtTick, svgDocument, text } from './svg.js';
import { dataDomain, makeScale } from './scale.js';

export interface Bar {
  label: string;
  value: number;
}

export interface BarChartSpec {
  title: string;
  /** Label of the value axis, e.g. "time ratio (ours / PyTorch)". */
  valueLabel: string;
  bars: readonly Bar[];
  /** Draws a dashed vertical line at this value (e.g. 1 for parity). */
  reference?: number;
  width?: number;
}

export function barChartSvg(spec: BarChartSpec): string {
  const width = spec.width ?? 640;
  const barH = 26;
  const left = Math.min(260, 20 + 7 * Math.max(4, ...spec.bars.map((b) => b.label.length)));
  const right = 60;
  const top = 40;
  const height = top + barH * spec.bars.length + 60;
  const bars = spec.bars.filter((b) => Number.isFinite(b.value));
  const values = [...bars.map((b) => b.value), ...(spec.reference !== undefined ? [spec.reference] : [])];
  const x = makeScale('linear', dataDomain(values, 'linear', true), [left, width - right]);
  const bottom = top + barH * spec.bars.length;
  const parts: string[] = [];
  for (const t of x.ticks()) {
    const px = x.map(t);
    parts.push(el('line', { x1: px, y1: top, x2: px, y2: bottom, stroke: '#e5e5e5' }));
    parts.push(text(px, bottom + 16, fmtTick(t), { 'text-anchor': 'middle' }));
  }
  spec.bars.forEach((b, i) => {
    const y = top + i * barH;
    parts.push(text(left - 8, y + barH / 2 + 4, b.label, { 'text-anchor': 'end' }));
    if (!Number.isFinite(b.value)) {
      parts.push(text(left + 4, y + barH / 2 + 4, 'n/a', { fill: '#777' }));
      return;
    }
    const x0 = x.map(0);
    const x1 = x.map(b.value);
    parts.push(el('rect', { class: 'bar', 'data-label': b.label, x: Math.min(x0, x1), y: y + 4, width: Math.max(1, Math.abs(x1 - x0)), height: barH - 8, fill: colour(i) }));
    parts.push(text(Math.max(x0, x1) + 4, y + barH / 2 + 4, fmtTick(Number(b.value.toPrecision(3)))));
  });
  parts.push(el('line', { x1: left, y1: top, x2: left, y2: bottom, stroke: '#333' }));
  parts.push(el('line', { x1: left, y1: bottom, x2: width - right, y2: bottom, stroke: '#333' }));
  if (spec.reference !== undefined) {
    const px = x.map(spec.reference);
    parts.push(el('line', { x1: px, y1: top - 4, x2: px, y2: bottom, stroke: '#444', 'stroke-dasharray': '4 3' }));
  }
  parts.push(text((left + width - right) / 2, bottom + 40, spec.valueLabel, { 'text-anchor': 'middle' }));
  return svgDocument(width, height, spec.title, parts.join('\n'));
}
