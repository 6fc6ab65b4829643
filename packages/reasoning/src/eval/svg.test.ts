import { describe, expect, test } from 'vitest';
import { escapeXml, passAtKPlotSvg } from './svg.js';

describe('passAtKPlotSvg', () => {
  test('axes on log2 k, one polyline per series inside the plot area, escaped legend', () => {
    const curve = Array.from({ length: 16 }, (_, i) => 1 - 0.9 ** (i + 1));
    const svg = passAtKPlotSvg({ title: 'gcd <math>', series: [{ label: 'base & co', curve }, { label: 'final', curve: curve.map((v) => Math.min(1, v + 0.2)) }], width: 600, height: 400 });
    expect(svg).toContain('width="600" height="400"');
    expect(svg).toContain('gcd &lt;math&gt;');
    expect(svg).toContain('>base &amp; co</text>');
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    for (const k of [1, 2, 4, 8, 16]) expect(svg).toContain(`>${k}</text>`);
    // log scale: k = 4 sits halfway between k = 1 and k = 16
    const pts = /points="([^"]+)"/.exec(svg)![1]!.split(' ').map((p) => p.split(',').map(Number) as [number, number]);
    expect(pts).toHaveLength(16);
    expect(pts[3]![0]).toBeCloseTo((pts[0]![0] + pts[15]![0]) / 2, 1);
    for (const [x, y] of pts) {
      expect(x).toBeGreaterThanOrEqual(56);
      expect(x).toBeLessThanOrEqual(600 - 16);
      expect(y).toBeGreaterThanOrEqual(36);
      expect(y).toBeLessThanOrEqual(400 - 48);
    }
    expect(pts[15]![1]).toBeLessThan(pts[0]![1]); // higher pass@k is drawn higher
    expect(passAtKPlotSvg({ title: 't', series: [{ label: 'a', curve }] })).toBe(passAtKPlotSvg({ title: 't', series: [{ label: 'a', curve }] }));
  });

  test('a one-point curve is a dot; non-power-of-two kMax gets its own tick', () => {
    expect(passAtKPlotSvg({ title: 't', series: [{ label: 'a', curve: [0.5] }] })).toContain('<circle');
    expect(passAtKPlotSvg({ title: 't', series: [{ label: 'a', curve: new Array(12).fill(0.5) }] })).toContain('>12</text>');
    expect(escapeXml(`a"b'c`)).toBe('a&quot;b&apos;c');
  });
});
