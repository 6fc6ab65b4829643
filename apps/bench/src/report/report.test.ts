import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkWellFormed } from '../test-utils/xml.js';
import { sampleRecord } from '../test-utils/records.js';
import { installedVersion, machineInfo } from './environment.js';
import { fmtNum, plotFileName, renderReport } from './markdown.js';
import { completedRecord, readSuiteRecords, writeSuiteRecord } from './store.js';
import { writeReport } from './write-report.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'prorl-bench-report-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('suite record store', () => {
  it('round-trips records and leaves no temp files', () => {
    const d = tmp();
    writeSuiteRecord(d, sampleRecord({ suite: 'b' }));
    writeSuiteRecord(d, sampleRecord({ suite: 'a' }));
    writeFileSync(join(d, 'junk.json'), '{"x":1}');
    writeFileSync(join(d, 'torn.json'), '{"schema":');
    const { records, ignored } = readSuiteRecords(d);
    expect(records.map((r) => r.suite)).toEqual(['a', 'b']);
    expect(records[0]!.figures[0]).toEqual({ name: 'step_ms', value: 12.5, unit: 'ms', label: 'step time' });
    expect(ignored.map((i) => i.file).sort()).toEqual(['junk.json', 'torn.json']);
    expect(readdirSync(d).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
  it('counts a suite as completed only when ok at the same preset', () => {
    const d = tmp();
    writeSuiteRecord(d, sampleRecord({ suite: 'x', preset: 'smoke' }));
    writeSuiteRecord(d, sampleRecord({ suite: 'y', preset: 'smoke', status: 'skipped', reason: 'no torch' }));
    writeSuiteRecord(d, sampleRecord({ suite: 'w', preset: 'smoke', status: 'failed', reason: 'crashed' }));
    expect(completedRecord(d, 'w', 'smoke')).toBeUndefined();
    expect(completedRecord(d, 'x', 'smoke')?.suite).toBe('x');
    expect(completedRecord(d, 'x', 'default')).toBeUndefined();
    expect(completedRecord(d, 'y', 'smoke')).toBeUndefined();
    expect(completedRecord(d, 'z', 'smoke')).toBeUndefined();
  });
  it('writes a record with parts as an array (one element per part, header repeated) and reads it back merged', () => {
    const d = tmp();
    const base = sampleRecord({ suite: 'arr' });
    const parts = [
      { head: { dataset: 'one', rows: [{ method: 'm', ioi: 1 }] }, figures: [base.figures[0]!], tables: base.tables!, details: { n: 1 } },
      { head: { dataset: 'two', rows: [] }, figures: [base.figures[1]!], plots: base.plots! },
    ];
    const path = writeSuiteRecord(d, { ...base, figures: [], tables: [], plots: [], parts });
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>[];
    expect(Array.isArray(raw)).toBe(true);
    expect(raw.map((e) => e['dataset'])).toEqual(['one', 'two']);
    expect(Object.keys(raw[0]!).slice(0, 2)).toEqual(['dataset', 'rows']);
    for (const e of raw) expect(e).toMatchObject({ schema: 'prorl-bench/suite@1', suite: 'arr', preset: 'smoke', status: 'ok', machine: base.machine });
    expect(raw[0]!['details']).toEqual({ n: 1 });
    const { records } = readSuiteRecords(d);
    expect(records).toHaveLength(1);
    expect(records[0]!.figures.map((f) => f.name)).toEqual(['step_ms', 'paper_pass1']);
    expect(records[0]!.tables).toHaveLength(1);
    expect(records[0]!.plots).toHaveLength(2);
    expect(completedRecord(d, 'arr', 'smoke')?.suite).toBe('arr');
    expect(() => writeSuiteRecord(d, { ...base, parts })).toThrow(/parts and also top-level/);
    expect(() => writeSuiteRecord(d, { ...base, figures: [], tables: [], plots: [], parts: [{ head: { status: 'x' }, figures: [] }] })).toThrow(/clashes/);
  });
});

describe('REPORT.md rendering', () => {
  const r = renderReport([sampleRecord(), sampleRecord({ suite: 'peer', status: 'skipped', reason: 'torch is not installed', figures: [], tables: [], plots: [] })], '2026-11-27T00:00:00.000Z');
  it('has an overview with every suite and the skip reason', () => {
    expect(r.markdown).toContain('## Overview');
    expect(r.markdown).toMatch(/\| \[demo\]\(#demo\) \| smoke \| ok \| demo summary \|/);
    expect(r.markdown).toContain('skipped: torch is not installed');
  });
  it('prints figures with units and marks quoted numbers with their citation', () => {
    expect(r.markdown).toContain('| step time (`step_ms`) | 12.5 | ms | measured |');
    expect(r.markdown).toContain('| `paper_pass1` | 0.42 | fraction | quoted: ProRL paper, Table 1 |');
    expect(r.markdown).toContain('| `missing` | n/a | ratio | measured — peer absent |');
  });
  it('puts units in table headers and escapes pipes', () => {
    expect(r.markdown).toContain('**step time \\| sizes**');
    expect(r.markdown).toContain('| size | step (ms) |');
    expect(r.markdown).toContain('| 10M | 130.3 |');
  });
  it('links one SVG per plot and renders them', () => {
    expect(r.plots.map((p) => p.name)).toEqual([plotFileName('demo', 'scaling'), plotFileName('demo', 'ratios')]);
    expect(r.markdown).toContain('![step vs tokens](demo--scaling.svg)');
    for (const p of r.plots) checkWellFormed(p.content);
  });
  it('says what to do when there are no records', () => {
    expect(renderReport([], 'now').markdown).toContain('prorl-bench run --preset smoke');
  });
  it('formats numbers to 4 significant digits', () => {
    expect(fmtNum(1234.5678)).toBe('1235');
    expect(fmtNum(0.012345)).toBe('0.01235');
    expect(fmtNum(12_345_678.5)).toBe('1.235e+7');
    expect(fmtNum(11_019_648)).toBe('11019648');
    expect(fmtNum(Number.NaN)).toBe('n/a');
  });
});

describe('writeReport', () => {
  it('writes REPORT.md and the plots, and removes plots no longer referenced', () => {
    const d = tmp();
    writeSuiteRecord(d, sampleRecord());
    writeFileSync(join(d, 'old--gone.svg'), '<svg/>');
    const w = writeReport(d, new Date('2026-11-27T00:00:00Z'));
    expect(w.suites).toEqual(['demo']);
    expect(readFileSync(w.reportPath, 'utf8')).toContain('Generated 2026-11-27T00:00:00.000Z');
    for (const p of w.plotPaths) checkWellFormed(readFileSync(p, 'utf8'));
    expect(existsSync(join(d, 'old--gone.svg'))).toBe(false);
  });
});

describe('environment', () => {
  it('reads the machine from os', () => {
    const m = machineInfo();
    expect(m.cores).toBeGreaterThan(0);
    expect(m.memoryGiB).toBeGreaterThan(0);
    expect(m.node).toBe(process.version);
    expect(m.loadAvg).toHaveLength(3);
  });
  it('finds installed package versions through the pnpm store, null when absent', () => {
    expect(installedVersion('onnxruntime-node')).toMatch(/^\d+\.\d+\.\d+/);
    expect(installedVersion('@tensorflow/tfjs')).toMatch(/^\d+\.\d+\.\d+/);
    expect(installedVersion('no-such-package-prorl')).toBeNull();
  });
});
