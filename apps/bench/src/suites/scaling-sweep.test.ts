import { describe, expect, it } from 'vitest';
import { renderPlot } from '../report/markdown.js';
import { checkWellFormed } from '../test-utils/xml.js';
import { axisName, axisPlot, costTable, fitSweep, sweepFigure, type ScalingSweep } from './scaling-sweep.js';

/** time = a · size^k exactly, so the fit must recover k. */
function sweep(cost: string, axis: 'batch' | 'length', k: number, sizes = [8, 16, 32, 64]): ScalingSweep {
  return {
    cost,
    label: cost.replace(/_/g, ' '),
    axis,
    sizeLabel: axis === 'batch' ? 'B' : 'T',
    fixed: axis === 'batch' ? 'T = 64' : 'B = 8',
    itemUnit: 'tokens',
    points: sizes.map((size) => {
      const ms = 0.5 * size ** k;
      return { size, medianMs: ms, minMs: ms * 0.9, maxMs: ms * 1.1, reps: 3, items: size * 10 };
    }),
  };
}

describe('scaling sweeps', () => {
  it('fits the exponent of an exact power law and names the figure by cost and axis', () => {
    const s = sweep('train_step', 'length', 1.5);
    expect(fitSweep(s)!.exponent).toBeCloseTo(1.5, 10);
    const f = sweepFigure(s);
    expect(f.name).toBe('train_step_time_vs_length_exponent');
    expect(f.value).toBeCloseTo(1.5, 10);
    expect(f.unit).toContain('exponent');
    expect(f.note).toContain('4 points');
    expect(axisName('batch')).toBe('batch size');
  });
  it('a sweep with fewer than 2 points has no fit (value null, with a note)', () => {
    const s = { ...sweep('x', 'batch', 1), points: sweep('x', 'batch', 1).points.slice(0, 1) };
    expect(fitSweep(s)).toBeNull();
    expect(sweepFigure(s).value).toBeNull();
    expect(sweepFigure(s).note).toMatch(/at least 2/);
  });
  it('one table per cost holds both axes with throughput and the exponent, units on every column', () => {
    const t = costTable([sweep('train_step', 'batch', 1), sweep('train_step', 'length', 2)]);
    expect(t.rows).toHaveLength(8);
    expect(t.columns.every((c) => c.name === 'axis' || c.name === 'held fixed' || c.name === 'size' || c.unit.length > 0)).toBe(true);
    const first = t.rows[0]!;
    expect(first.slice(0, 3)).toEqual(['batch size', 'T = 64', 'B = 8']);
    expect(first[6]).toBeCloseTo(80 / (4 / 1000), 6); // 80 tokens in 0.5·8 = 4 ms
    expect(first[7]).toBe(1);
    expect(t.rows[7]![7]).toBe(2);
    for (const row of t.rows) expect(row).toHaveLength(t.columns.length);
    expect(first[8]).toBeNull(); // others' CPU not measured for this sweep
    expect(costTable([{ ...sweep('x', 'batch', 1), outsideCores: 0.5 }]).rows[0]![8]).toBe(0.5);
    expect(() => costTable([sweep('a', 'batch', 1), sweep('b', 'batch', 1)])).toThrow(/one cost per table/);
    expect(() => costTable([])).toThrow(RangeError);
  });
  it('axis plots: a measured line and a dashed fit per cost on that axis only, as well-formed SVG', () => {
    const all = [sweep('a', 'batch', 1), sweep('b', 'batch', 0.5), sweep('a', 'length', 2)];
    const p = axisPlot('batch', 'batch', all, 'batch size');
    if (p.kind !== 'line') throw new Error('expected a line plot');
    expect(p.series).toHaveLength(4);
    expect(p.series.filter((s) => s.dashed).map((s) => s.name)).toEqual(['fit k = 1.00', 'fit k = 0.50']);
    expect(p.series[1]!.colourIndex).toBe(p.series[0]!.colourIndex);
    expect(p.logX && p.logY).toBe(true);
    expect(p.xTicks).toEqual([8, 16, 32, 64]);
    const svg = renderPlot(p);
    expect(checkWellFormed(svg)).toContain('polyline');
  });
});
