/**
 * The data a suite hands to the report, and the JSON record written to `bench-results/<suite>.json`.
 * Every number carries its unit; numbers not measured in the run are `source: 'quoted'` with a citation
 * (e.g. a paper's table), and the report labels them as such.
 */
import type { LineChartSpec } from './plot/line-chart.js';
import type { BarChartSpec } from './plot/bar-chart.js';

export type Preset = 'smoke' | 'default' | 'full';
export const PRESETS: readonly Preset[] = ['smoke', 'default', 'full'];

/** ok: measured; failed: ran to the end but a check failed; skipped: inputs missing (see `reason`). */
export type SuiteStatus = 'ok' | 'failed' | 'skipped';

export type FigureSource = 'measured' | 'quoted';

export interface Figure {
  /** Stable key, e.g. `train_step_time_vs_torch_1m`. */
  name: string;
  /** null when it could not be computed (then `note` says why). */
  value: number | null;
  /** Unit, e.g. 'ms', 'tokens/s', 'GFLOP/s', 'ratio', 'count'. */
  unit: string;
  /** Default 'measured'. */
  source?: FigureSource;
  /** Required when quoted: where the number comes from. */
  citation?: string;
  /** Short human description. */
  label?: string;
  note?: string;
}

export interface TableColumn {
  name: string;
  /** '' for label columns. */
  unit: string;
}

export interface Table {
  title: string;
  columns: TableColumn[];
  rows: (string | number | null)[][];
  /** Free text under the table (e.g. "ratios are medians over 5 adjacent pairs"). */
  note?: string;
}

export type PlotSpec =
  | ({ kind: 'line'; id: string } & LineChartSpec)
  | ({ kind: 'bar'; id: string } & BarChartSpec);

export interface SuiteResult {
  status: SuiteStatus;
  /** Why it was skipped or failed. */
  reason?: string;
  /** One line for the report's overview table. */
  summary: string;
  figures: Figure[];
  tables?: Table[];
  plots?: PlotSpec[];
  /** Suite-specific raw data kept in the JSON (not rendered). */
  details?: unknown;
  /** Backends this suite ran beyond the JS ones recorded for every suite (e.g. torch with its version). */
  backends?: BackendInfo[];
  /**
   * One object per run in a tool's own JSON shape, kept as the record's top-level `runs` key (`toRecord`
   * spreads the result into the record), e.g. `repro-reasoning`: the demo's `--json` object per seed.
   */
  runs?: unknown[];
  /**
   * A suite whose result file must be an array (e.g. `repro-rec.json`: one `compare --json` object per
   * dataset) returns its figures, tables and plots here, one part per element, and leaves the top-level
   * `figures` / `tables` / `plots` empty. `<suite>.json` is then an array whose element i is `parts[i].head`
   * merged with the record's header (schema, suite, preset, machine, backends, status, summary) and that
   * part's figures, tables, plots and details; reading it back concatenates the parts into one record.
   */
  parts?: SuitePart[];
}

export interface SuitePart {
  /** Keys placed first in the element (e.g. `{ dataset, rows }`); must not use the record's keys. */
  head: Record<string, unknown>;
  figures: Figure[];
  tables?: Table[];
  plots?: PlotSpec[];
  details?: unknown;
}

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  platform: string;
  arch: string;
  hostname: string;
  node: string;
  /** os.loadavg() when the record was written (1, 5, 15 min); absent in old records. */
  loadAvg?: number[];
}

export interface BackendInfo {
  name: string;
  /** null when not installed / not found. */
  version: string | null;
  note?: string;
}

export interface SuiteRecord extends SuiteResult {
  schema: 'prorl-bench/suite@1';
  suite: string;
  preset: Preset;
  /** ISO 8601, when the suite finished. */
  timestamp: string;
  durationMs: number;
  machine: MachineInfo;
  backends: BackendInfo[];
}
