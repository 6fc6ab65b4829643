/**
 * How a cost grows with one size (batch rows, or sequence length): the measured points of a sweep, the
 * fitted power law time ≈ a·size^k (least squares on log time vs log size, `fitPowerLaw`), and their
 * report forms: one table per cost (both axes), a figure per fitted exponent, one log-log line plot
 * per axis. Pure: measurement happens in the suites.
 */
import type { Figure, PlotSpec, Table } from '../report/types.js';
import { fitPowerLaw, type PowerLawFit } from '../stats/power-law.js';

/** Which size varies; the other dimensions stay at `fixed`. */
export type ScalingAxis = 'batch' | 'length';
export const SCALING_AXES: readonly ScalingAxis[] = ['batch', 'length'];

export interface SweepPoint {
  /** The varied size (rows per call, or tokens / items per row). */
  size: number;
  /** Median wall time of one call, ms. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  reps: number;
  /** Work items per call (tokens, sequences, ...) in `ScalingSweep.itemUnit`. */
  items: number;
}

export interface ScalingSweep {
  /** Stable key of the cost, e.g. `policy_train_step`. */
  cost: string;
  /** Human name, e.g. 'policy train step (fwd + bwd + AdamW)'. */
  label: string;
  axis: ScalingAxis;
  /** What `size` counts, e.g. 'rows (B)', 'tokens per row (T)'. */
  sizeLabel: string;
  /** The dimensions held fixed, e.g. 'T = 64, ~1M params'. */
  fixed: string;
  /** Unit of `items`, e.g. 'tokens', 'sequences'. */
  itemUnit: string;
  points: SweepPoint[];
  /** Cores used by other processes while the sweep ran (`outsideCores`; null where /proc is unavailable). */
  outsideCores?: number | null;
}

export function axisName(axis: ScalingAxis): string {
  switch (axis) {
    case 'batch':
      return 'batch size';
    case 'length':
      return 'sequence length';
    default: {
      const never: never = axis;
      throw new RangeError(`unknown scaling axis ${String(never)}`);
    }
  }
}

/** Power-law fit of median time vs size; null with fewer than 2 usable points. */
export function fitSweep(s: ScalingSweep): PowerLawFit | null {
  try {
    return fitPowerLaw(s.points.map((p) => p.size), s.points.map((p) => p.medianMs));
  } catch {
    return null;
  }
}

/** `time_vs_<axis>_exponent_<cost>`: one figure per sweep, unit 'exponent'. */
export function sweepFigure(s: ScalingSweep, fit: PowerLawFit | null = fitSweep(s)): Figure {
  const sizes = s.points.map((p) => p.size);
  return {
    name: `${s.cost}_time_vs_${s.axis}_exponent`,
    value: fit?.exponent ?? null,
    unit: 'exponent k (time ∝ size^k)',
    label: `${s.label}: time vs ${axisName(s.axis)} (${s.fixed})`,
    note: fit ? `R² ${fit.r2.toFixed(3)} over ${fit.n} points, ${s.sizeLabel} ${Math.min(...sizes)}–${Math.max(...sizes)}` : 'needs at least 2 measured points',
  };
}

/** One table per cost: every point of its sweeps (both axes), with throughput and the fitted exponent. */
export function costTable(sweeps: readonly ScalingSweep[]): Table {
  const first = sweeps[0];
  if (!first) throw new RangeError('costTable needs at least one sweep');
  for (const s of sweeps) if (s.cost !== first.cost) throw new RangeError(`costTable got sweeps of ${first.cost} and ${s.cost}; give one cost per table`);
  const rows = sweeps.flatMap((s) => {
    const fit = fitSweep(s);
    const k = fit ? Number(fit.exponent.toFixed(3)) : null;
    return s.points.map((p) => [axisName(s.axis), s.fixed, `${s.sizeLabel} = ${p.size}`, p.medianMs, p.minMs, p.maxMs, p.items / (p.medianMs / 1000), k, s.outsideCores ?? null]);
  });
  return {
    title: `${first.label}: time vs batch size and sequence length`,
    columns: [
      { name: 'axis', unit: '' },
      { name: 'held fixed', unit: '' },
      { name: 'size', unit: '' },
      { name: 'median', unit: 'ms' },
      { name: 'min', unit: 'ms' },
      { name: 'max', unit: 'ms' },
      { name: 'throughput', unit: `${first.itemUnit}/s` },
      { name: 'fitted exponent k', unit: 'time ∝ size^k' },
      { name: 'others’ CPU during the sweep', unit: 'cores' },
    ],
    rows,
    note: 'median / min / max over the timed repetitions after one untimed warm-up call (which builds the onnxruntime session of that shape); k = least-squares slope of log time vs log size over the axis; others’ CPU = cores used by other processes while the sweep ran (0 = quiet; n/a off Linux).',
  };
}

/**
 * One log-log plot per axis: a measured line per cost and its dashed fit in the same colour. Costs
 * whose times differ by orders of magnitude still read well on the log y axis.
 */
export function axisPlot(id: string, axis: ScalingAxis, sweeps: readonly ScalingSweep[], xLabel: string): PlotSpec {
  const mine = sweeps.filter((s) => s.axis === axis);
  const ticks = [...new Set(mine.flatMap((s) => s.points.map((p) => p.size)))].sort((a, b) => a - b);
  const series = mine.flatMap((s, i) => {
    const fit = fitSweep(s);
    const measured = { name: `${s.label} (${s.fixed})`, colourIndex: i, points: s.points.map((p) => [p.size, p.medianMs] as const) };
    if (!fit || s.points.length < 2) return [measured];
    const xs = s.points.map((p) => p.size);
    const ends = [Math.min(...xs), Math.max(...xs)];
    return [measured, { name: `fit k = ${fit.exponent.toFixed(2)}`, dashed: true, colourIndex: i, points: ends.map((x) => [x, fit.scale * x ** fit.exponent] as const) }];
  });
  return {
    kind: 'line',
    id,
    title: `Time per call vs ${axisName(axis)} (log-log; dashed: fitted power law)`,
    xLabel,
    yLabel: 'time per call (ms, median)',
    logX: true,
    logY: true,
    xTicks: ticks,
    // The legend sits above the plot: grow the figure with it so the plot area keeps its height.
    height: 340 + 18 * series.length,
    series,
  };
}
