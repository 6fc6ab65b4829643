/**
 * Regenerates `REPORT.md` and its SVG plots in a results directory from the suite records found
 * there. Old plots of this report (`*--*.svg`) that are no longer referenced are removed.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { renderReport } from './markdown.js';
import { readSuiteRecords } from './store.js';

export interface WrittenReport {
  reportPath: string;
  plotPaths: string[];
  suites: string[];
  ignored: { file: string; why: string }[];
}

export function writeReport(dir: string, now: Date = new Date()): WrittenReport {
  const { records, ignored } = readSuiteRecords(dir);
  const rendered = renderReport(records, now.toISOString());
  const plotPaths: string[] = [];
  for (const p of rendered.plots) {
    const path = join(dir, p.name);
    writeFileAtomic(path, p.content);
    plotPaths.push(path);
  }
  const keep = new Set(rendered.plots.map((p) => p.name));
  if (existsSync(dir)) {
    for (const n of readdirSync(dir)) if (n.endsWith('.svg') && n.includes('--') && !keep.has(n)) rmSync(join(dir, n), { force: true });
  }
  const reportPath = join(dir, 'REPORT.md');
  writeFileAtomic(reportPath, rendered.markdown);
  return { reportPath, plotPaths, suites: records.map((r) => r.suite), ignored };
}
