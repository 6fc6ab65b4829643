import { describe, expect, it } from 'vitest';
import { checkWellFormed } from '../../test-utils/xml.js';
import { barChartSvg } from './bar-chart.js';
import { lineChartSvg } from './line-chart.js';
import { escapeXml, fmtTick } from './svg.js';

describe('line chart SVG', () => {
  const svg = lineChartSvg({
    title: 'step time vs tokens <per> step & more',
    xLabel: 'tokens per step',
    yLabel: 'ms',
    logX: true,
    series: [
      { name: 'ours', points: [[256, 10], [512, 19], [1024, 41], [2048, 80]] },
      { name: 'PyTorch', points: [[256, 12], [512, 25], [1024, 47], [2048, 99]] },
      { name: 'fit', points: [[256, 10], [2048, 80]], dashed: true },
    ],
  });
  it('is well-formed with one root <svg>', () => {
    const tags = checkWellFormed(svg);
    expect(tags[0]).toBe('svg');
  });
  it('contains every series with one marker per point, and a legend entry', () => {
    for (const name of ['ours', 'PyTorch', 'fit']) expect(svg).toContain(`data-series="${name}"`);
    const ours = /<g class="series" data-series="ours">(.*?)<\/g>/.exec(svg)![1]!;
    expect(ours.match(/<circle/g)).toHaveLength(4);
    expect(svg).toContain('>PyTorch</text>');
    expect(svg).toContain('stroke-dasharray="6 4"');
    const fit = /<g class="series" data-series="fit">(.*?)<\/g>/.exec(svg)![1]!;
    expect(fit).not.toContain('<circle');
  });
  it('escapes the title and labels the log axis', () => {
    expect(svg).toContain('step time vs tokens &lt;per&gt; step &amp; more');
    expect(svg).toContain('tokens per step (log scale)');
    for (const t of ['500', '1000', '2000']) expect(svg).toContain(`>${t}</text>`);
  });
  it('keeps every coordinate inside the canvas', () => {
    const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number) as [number, number, number];
    for (const m of svg.matchAll(/\b(x|x1|x2|cx|y|y1|y2|cy)="(-?[\d.]+)"/g)) {
      const v = Number(m[2]);
      const lim = m[1]!.startsWith('x') || m[1] === 'cx' ? w : h;
      expect(v, `${m[0]}`).toBeGreaterThanOrEqual(0);
      expect(v, `${m[0]}`).toBeLessThanOrEqual(lim);
    }
    for (const m of svg.matchAll(/points="([^"]+)"/g)) {
      for (const pair of m[1]!.split(' ')) {
        const [x, y] = pair.split(',').map(Number) as [number, number];
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(w);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThanOrEqual(h);
      }
    }
  });
  it('drops points that a log axis cannot show instead of writing NaN', () => {
    const s = lineChartSvg({ title: 't', xLabel: 'x', yLabel: 'y', logX: true, series: [{ name: 'a', points: [[0, 1], [10, 2], [100, 3]] }] });
    expect(s).not.toContain('NaN');
    checkWellFormed(s);
  });
  it('handles an empty series list', () => {
    checkWellFormed(lineChartSvg({ title: 't', xLabel: 'x', yLabel: 'y', series: [] }));
  });
});

describe('bar chart SVG', () => {
  it('draws one bar per finite value, prints values, and marks n/a', () => {
    const svg = barChartSvg({
      title: 'ratios',
      valueLabel: 'ours / PyTorch',
      reference: 1,
      bars: [
        { label: 'train 1M', value: 0.8 },
        { label: 'train 10M', value: 1.2 },
        { label: 'rollout', value: Number.NaN },
      ],
    });
    checkWellFormed(svg);
    expect(svg.match(/<rect class="bar"/g)).toHaveLength(2);
    expect(svg).toContain('data-label="train 10M"');
    expect(svg).toContain('>1.2</text>');
    expect(svg).toContain('>n/a</text>');
  });
});

describe('svg helpers', () => {
  it('escapes markup characters', () => {
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });
  it('formats ticks compactly', () => {
    expect(fmtTick(0)).toBe('0');
    expect(fmtTick(2048)).toBe('2048');
    expect(fmtTick(20000)).toBe('20k');
    expect(fmtTick(3_500_000)).toBe('3.5M');
    expect(fmtTick(0.25)).toBe('0.25');
    expect(fmtTick(1e-5)).toBe('1.0e-5');
  });
});

describe('the well-formedness checker itself', () => {
  it('rejects broken documents', () => {
    expect(() => checkWellFormed('<svg><g></svg>')).toThrow();
    expect(() => checkWellFormed('<svg a=1/>')).toThrow();
    expect(() => checkWellFormed('<svg>a & b</svg>')).toThrow();
    expect(() => checkWellFormed('<svg/><svg/>')).toThrow();
  });
});
