/**
 * Line chart with several series: axes with ticks and labels, optional log10 x (and y), a legend
 * and a title. Points with non-finite coordinates (or non-positive ones on a log axis) are dropped.
 */
import { colour, el, fmtTick, svgDocument, text } from './svg.js';
import { dataDomain, makeScale, type ScaleKind } from './scale.js';

export interface LineSeries {
  name: string;
  /** [x, y] pairs; drawn in x order. */
  points: readonly (readonly [number, number])[];
  /** Dashed stroke (e.g. for a fitted curve). */
  dashed?: boolean;
  /** Palette index (default: the series' position); give a fit the colour of its data. */
  colourIndex?: number;
}

export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly LineSeries[];
  logX?: boolean;
  logY?: boolean;
  /** Explicit x tick values (e.g. the measured sizes 256, 512, ...); default: automatic. */
  xTicks?: readonly number[];
  width?: number;
  height?: number;
}

const MARGIN = { left: 70, right: 20, top: 40, bottom: 55 };

export function lineChartSvg(spec: LineChartSpec): string {
  const width = spec.width ?? 640;
  const height = spec.height ?? 400;
  const xKind: ScaleKind = spec.logX ? 'log' : 'linear';
  const yKind: ScaleKind = spec.logY ? 'log' : 'linear';
  const ok = (v: number, k: ScaleKind) => Number.isFinite(v) && (k === 'linear' || v > 0);
  const series = spec.series.map((s) => ({
    ...s,
    points: s.points.filter(([x, y]) => ok(x, xKind) && ok(y, yKind)).slice().sort((a, b) => a[0] - b[0]),
  }));
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const legendH = 18 * series.length;
  const plotTop = MARGIN.top + legendH;
  const x = makeScale(xKind, dataDomain(xs, xKind), [MARGIN.left, width - MARGIN.right]);
  const y = makeScale(yKind, dataDomain(ys, yKind, yKind === 'linear'), [height - MARGIN.bottom, plotTop]);
  const parts: string[] = [];

  // Grid, ticks and tick labels.
  const [xLo, xHi] = x.domain;
  const xTicks = spec.xTicks ? spec.xTicks.filter((t) => t >= xLo && t <= xHi) : x.ticks();
  for (const t of xTicks) {
    const px = x.map(t);
    parts.push(el('line', { x1: px, y1: plotTop, x2: px, y2: height - MARGIN.bottom, stroke: '#e5e5e5' }));
    parts.push(el('line', { x1: px, y1: height - MARGIN.bottom, x2: px, y2: height - MARGIN.bottom + 5, stroke: '#333' }));
    parts.push(text(px, height - MARGIN.bottom + 18, fmtTick(t), { 'text-anchor': 'middle' }));
  }
  for (const t of y.ticks()) {
    const py = y.map(t);
    parts.push(el('line', { x1: MARGIN.left, y1: py, x2: width - MARGIN.right, y2: py, stroke: '#e5e5e5' }));
    parts.push(el('line', { x1: MARGIN.left - 5, y1: py, x2: MARGIN.left, y2: py, stroke: '#333' }));
    parts.push(text(MARGIN.left - 8, py + 4, fmtTick(t), { 'text-anchor': 'end' }));
  }
  // Axes and axis labels.
  parts.push(el('line', { x1: MARGIN.left, y1: height - MARGIN.bottom, x2: width - MARGIN.right, y2: height - MARGIN.bottom, stroke: '#333' }));
  parts.push(el('line', { x1: MARGIN.left, y1: plotTop, x2: MARGIN.left, y2: height - MARGIN.bottom, stroke: '#333' }));
  parts.push(text((MARGIN.left + width - MARGIN.right) / 2, height - 12, spec.xLabel + (spec.logX ? ' (log scale)' : ''), { 'text-anchor': 'middle' }));
  const yMid = (plotTop + height - MARGIN.bottom) / 2;
  parts.push(text(16, yMid, spec.yLabel + (spec.logY ? ' (log scale)' : ''), { 'text-anchor': 'middle', transform: `rotate(-90 16 ${yMid})` }));

  // Series: polyline plus point markers.
  series.forEach((s, i) => {
    const c = colour(s.colourIndex ?? i);
    const pts = s.points.map(([px, py]) => `${x.map(px).toFixed(2)},${y.map(py).toFixed(2)}`).join(' ');
    const g: string[] = [];
    if (s.points.length > 1) g.push(el('polyline', { points: pts, fill: 'none', stroke: c, 'stroke-width': 2, 'stroke-dasharray': s.dashed ? '6 4' : undefined }));
    // Markers show measured points; a dashed (fitted) line has none.
    if (!s.dashed) for (const [px, py] of s.points) g.push(el('circle', { cx: x.map(px), cy: y.map(py), r: 3, fill: c }));
    parts.push(el('g', { class: 'series', 'data-series': s.name }, g.join('')));
  });

  // Legend, above the plot area.
  series.forEach((s, i) => {
    const ly = MARGIN.top + 4 + 18 * i;
    parts.push(el('line', { x1: MARGIN.left + 5, y1: ly, x2: MARGIN.left + 30, y2: ly, stroke: colour(s.colourIndex ?? i), 'stroke-width': 2, 'stroke-dasharray': s.dashed ? '6 4' : undefined }));
    parts.push(text(MARGIN.left + 36, ly + 4, s.name));
  });

  return svgDocument(width, height, spec.title, parts.join('\n'));
}
