/**
 * A small hand-made SVG line chart for pass@k curves: x = k on a log2 axis (ticks at powers of two),
 * y = pass@k in [0, 1], one polyline per series, a legend and a title. No dependencies; the output is
 * deterministic (same input → same bytes), so reports diff cleanly.
 *
 * (apps/bench has its own plotting module; packages cannot import from apps, hence this one.)
 */

export interface CurveSeries {
  label: string;
  /** `[K]` element k−1 = pass@k. */
  curve: readonly number[];
}

export interface PassAtKPlotOptions {
  title: string;
  series: readonly CurveSeries[];
  /** Default 640. */
  width?: number;
  /** Default 400. */
  height?: number;
  /** Default 'pass@k'. */
  yLabel?: string;
}

/** Line colours, colour-blind safe (Okabe–Ito), cycled. */
export const SERIES_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#F0E442', '#000000'] as const;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const fmt = (x: number): string => (Math.round(x * 100) / 100).toString();

/** The chart as an SVG document string. */
export function passAtKPlotSvg(opts: PassAtKPlotOptions): string {
  const W = opts.width ?? 640;
  const H = opts.height ?? 400;
  const m = { left: 56, right: 16, top: 36, bottom: 48 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const kMax = Math.max(1, ...opts.series.map((s) => s.curve.length));
  const logMax = Math.max(1, Math.log2(kMax)); // at least one octave so a single point has room
  const x = (k: number): number => m.left + (Math.log2(k) / logMax) * pw;
  const y = (v: number): number => m.top + (1 - Math.min(1, Math.max(0, v))) * ph;

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${fmt(W / 2)}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(opts.title)}</text>`);

  // y grid and ticks
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    const yy = fmt(y(v));
    out.push(`<line x1="${m.left}" y1="${yy}" x2="${m.left + pw}" y2="${yy}" stroke="#e0e0e0"/>`);
    out.push(`<text x="${m.left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle">${v.toFixed(2)}</text>`);
  }
  // x ticks at powers of two (and kMax)
  const ticks: number[] = [];
  for (let k = 1; k <= kMax; k *= 2) ticks.push(k);
  if (ticks[ticks.length - 1] !== kMax) ticks.push(kMax);
  for (const k of ticks) {
    const xx = fmt(x(k));
    out.push(`<line x1="${xx}" y1="${m.top}" x2="${xx}" y2="${m.top + ph}" stroke="#f0f0f0"/>`);
    out.push(`<text x="${xx}" y="${m.top + ph + 16}" text-anchor="middle">${k}</text>`);
  }
  // axes
  out.push(`<line x1="${m.left}" y1="${m.top + ph}" x2="${m.left + pw}" y2="${m.top + ph}" stroke="#333333"/>`);
  out.push(`<line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${m.top + ph}" stroke="#333333"/>`);
  out.push(`<text x="${fmt(m.left + pw / 2)}" y="${H - 10}" text-anchor="middle">k (samples, log scale)</text>`);
  out.push(`<text x="14" y="${fmt(m.top + ph / 2)}" text-anchor="middle" transform="rotate(-90 14 ${fmt(m.top + ph / 2)})">${escapeXml(opts.yLabel ?? 'pass@k')}</text>`);

  // series
  opts.series.forEach((s, i) => {
    const color = SERIES_COLORS[i % SERIES_COLORS.length]!;
    const pts: string[] = [];
    s.curve.forEach((v, j) => {
      if (Number.isFinite(v)) pts.push(`${fmt(x(j + 1))},${fmt(y(v))}`);
    });
    if (pts.length === 1) out.push(`<circle cx="${pts[0]!.split(',')[0]}" cy="${pts[0]!.split(',')[1]}" r="3" fill="${color}"/>`);
    else if (pts.length > 1) out.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.join(' ')}"><title>${escapeXml(s.label)}</title></polyline>`);
  });

  // legend (top left inside the plot: pass@k curves rise to the right)
  opts.series.forEach((s, i) => {
    const color = SERIES_COLORS[i % SERIES_COLORS.length]!;
    const ly = m.top + 12 + i * 16;
    out.push(`<line x1="${m.left + 10}" y1="${ly}" x2="${m.left + 30}" y2="${ly}" stroke="${color}" stroke-width="2"/>`);
    out.push(`<text x="${m.left + 36}" y="${ly}" dominant-baseline="middle">${escapeXml(s.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
