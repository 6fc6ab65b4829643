/**
 * Assembles `REPORT.md` (and its SVG plots) from suite records. Pure: returns the text of every file;
 * `write-report.ts` puts them on disk. Quoted numbers are marked "quoted" with their citation; every
 * other number was measured by the run that wrote its record.
 */
import { barChartSvg } from './plot/bar-chart.js';
import { lineChartSvg } from './plot/line-chart.js';
import type { Figure, PlotSpec, SuiteRecord, Table } from './types.js';

export interface RenderedFile {
  /** File name relative to the report directory. */
  name: string;
  content: string;
}

export interface RenderedReport {
  markdown: string;
  plots: RenderedFile[];
}

/** Four significant digits, no exponent for ordinary magnitudes. */
export function fmtNum(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (Number.isInteger(v) && a < 1e15) return String(v);
  if (a >= 1e6 || a < 1e-3) return v.toExponential(3);
  return Number(v.toPrecision(4)).toString();
}

function mdEscape(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function cell(v: string | number | null): string {
  return typeof v === 'number' || v === null ? fmtNum(v) : mdEscape(v);
}

/** File name of a plot: `<suite>--<id>.svg` (ids sanitised). */
export function plotFileName(suite: string, id: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, '-');
  return `${safe(suite)}--${safe(id)}.svg`;
}

export function renderPlot(p: PlotSpec): string {
  switch (p.kind) {
    case 'line':
      return lineChartSvg(p);
    case 'bar':
      return barChartSvg(p);
    default: {
      const never: never = p;
      throw new Error(`unknown plot kind ${JSON.stringify(never)}`);
    }
  }
}

function figureSource(f: Figure): string {
  return f.source === 'quoted' ? `quoted: ${f.citation ?? 'source not given'}` : 'measured';
}

function figuresTable(figs: readonly Figure[]): string[] {
  const lines = ['| figure | value | unit | source |', '|---|---:|---|---|'];
  for (const f of figs) {
    const name = f.label ? `${mdEscape(f.label)} (\`${f.name}\`)` : `\`${f.name}\``;
    const note = f.note ? ` — ${mdEscape(f.note)}` : '';
    lines.push(`| ${name} | ${fmtNum(f.value)} | ${mdEscape(f.unit)} | ${mdEscape(figureSource(f))}${note} |`);
  }
  return lines;
}

function tableMd(t: Table): string[] {
  const head = t.columns.map((c) => mdEscape(c.unit ? `${c.name} (${c.unit})` : c.name));
  const lines = [`**${mdEscape(t.title)}**`, '', `| ${head.join(' | ')} |`, `|${t.columns.map((c) => (c.unit ? '---:' : '---')).join('|')}|`];
  for (const r of t.rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
  if (t.note) lines.push('', `_${t.note}_`);
  return lines;
}

function machineLine(r: SuiteRecord): string {
  const m = r.machine;
  return `${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}/${m.arch}, Node ${m.node}`;
}

function loadLine(r: SuiteRecord): string {
  const l = r.machine.loadAvg;
  return l ? ` (load average when it finished: ${l.map((x) => x.toFixed(1)).join(' / ')} over 1 / 5 / 15 min${l[0]! > r.machine.cores ? '; the machine was busy, so absolute times are pessimistic; ratios come from adjacent pairs' : ''})` : '';
}

function backendsLine(r: SuiteRecord): string {
  return r.backends.map((b) => `${b.name} ${b.version ?? 'absent'}${b.note ? ` (${b.note})` : ''}`).join('; ');
}

export function renderReport(records: readonly SuiteRecord[], generatedAt: string): RenderedReport {
  const plots: RenderedFile[] = [];
  const md: string[] = [
    '# ProRL.ts benchmark report',
    '',
    `Generated ${generatedAt} by \`prorl-bench report\` from the suite records (\`<suite>.json\`) in this folder.`,
    'Every number was measured by the run that wrote its record, on the machine named in its section, unless its',
    'source says **quoted** (then it is copied from the cited paper or document, not measured here).',
    '',
  ];
  if (records.length === 0) {
    md.push('No suite records found. Run `prorl-bench run --preset smoke` first.', '');
    return { markdown: md.join('\n'), plots };
  }
  md.push('## Overview', '', '| suite | preset | status | summary | finished (UTC) | duration (s) |', '|---|---|---|---|---|---:|');
  for (const r of records) {
    const status = r.status === 'ok' ? 'ok' : r.status === 'failed' ? '**FAILED**' : 'skipped';
    const summary = r.status === 'skipped' ? `skipped: ${r.reason ?? 'no reason given'}` : r.summary;
    md.push(`| [${mdEscape(r.suite)}](#${r.suite.toLowerCase().replace(/[^a-z0-9-]/g, '')}) | ${r.preset} | ${status} | ${mdEscape(summary)} | ${r.timestamp} | ${fmtNum(r.durationMs / 1000)} |`);
  }
  const machines = new Set(records.map(machineLine));
  md.push('', '## Machine', '');
  if (machines.size === 1) md.push(`All suites ran on: ${machineLine(records[0]!)}.`);
  else md.push('The suites ran on different machines; each section names its own.');
  md.push('');

  for (const r of records) {
    md.push(`## ${r.suite}`, '');
    md.push(`- status: **${r.status}**${r.reason ? ` — ${mdEscape(r.reason)}` : ''}`);
    md.push(`- preset: ${r.preset}; finished ${r.timestamp}; took ${fmtNum(r.durationMs / 1000)} s`);
    md.push(`- machine: ${machineLine(r)}${loadLine(r)}`);
    md.push(`- backends: ${backendsLine(r)}`);
    md.push('');
    if (r.summary) md.push(mdEscape(r.summary), '');
    if (r.figures.length > 0) md.push(...figuresTable(r.figures), '');
    for (const t of r.tables ?? []) md.push(...tableMd(t), '');
    for (const p of r.plots ?? []) {
      const name = plotFileName(r.suite, p.id);
      plots.push({ name, content: renderPlot(p) });
      md.push(`![${mdEscape(p.title)}](${name})`, '');
    }
  }
  return { markdown: md.join('\n'), plots };
}
