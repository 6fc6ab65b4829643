import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSuiteRecords, writeSuiteRecord } from '../report/store.js';
import { toRecord } from '../run-suites.js';
import { evalGroups, reproReasoningPreset, type ReproReasoningConfig } from './repro-reasoning-config.js';
import type { GroupEval, SeedResult } from './repro-reasoning-analysis.js';
import { assembleResult } from './repro-reasoning-report.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const ROW_KEYS = ['base_format_rate', 'base_pass1', 'base_passk', 'family', 'trained_on', 'trained_pass1', 'trained_passk'];

function fixture(): { c: ReproReasoningConfig; seeds: SeedResult[] } {
  const c: ReproReasoningConfig = { ...reproReasoningPreset('smoke'), seeds: [0, 1], ablations: [] };
  const groups = evalGroups(c);
  const ev = (pass: number, fmt = 1): GroupEval[] =>
    groups.map((g) => ({ label: g.label, items: 2, n: c.evalN, pass1: pass, curve: Array.from({ length: c.evalN }, (_, k) => (pass === 0 ? 0 : Math.min(1, pass * (k + 1)))), formatRate: fmt, solvedItems: pass > 0 ? 2 : 0 }));
  const curves = { valPass1: [{ step: 1, value: 0.1 }], entropy: [{ step: 1, value: 2 }], kl: [], acc: [], resets: [] };
  const seed = (s: number, fin: number): SeedResult => ({ seed: s, base: ev(0), intermediate: ev(fin / 2), final: ev(fin), regimes: [], curves, elapsedSec: 1 });
  return { c, seeds: [seed(0, 0.1), seed(1, 0.3)] };
}

describe('repro-reasoning report assembly', () => {
  it('assembles figures with the mean over seeds and boundary cases that RL crosses', () => {
    const { c, seeds } = fixture();
    const groups = evalGroups(c);
    const r = assembleResult(c, seeds, []);
    expect(r.status).toBe('ok');
    for (const f of r.figures) {
      expect(f.unit.length).toBeGreaterThan(0);
      if (f.source === 'quoted') expect(f.citation).toBeTruthy();
    }
    const g0 = groups[0]!.label.replace('@', '_').toLowerCase();
    expect(r.figures.find((f) => f.name === `${g0}_trained_pass1`)?.value).toBeCloseTo(0.2, 10);
    expect(r.figures.find((f) => f.name === 'boundary_cases')?.value).toBe(2 * groups.length);
    expect(r.figures.find((f) => f.name === 'boundary_cases_crossed')?.value).toBe(2 * groups.length);
    const trained = groups.filter((g) => g.rlTrained).length;
    expect(r.figures.find((f) => f.name === 'boundary_cases_rl_trained_crossed')?.value).toBe(2 * trained);
    expect(r.figures.find((f) => f.name === 'boundary_cases_untrained_crossed')?.value).toBe(2 * (groups.length - trained));
    // Base solves no item, ProRL solves both items of every group: 2 items gained per (seed, RL group).
    expect(r.figures.find((f) => f.name === 'items_gained_rl_groups')?.value).toBe(2 * 2 * trained);
    expect(r.figures.find((f) => f.name === 'items_lost_rl_groups')?.value).toBe(0);
    expect(r.tables!.find((t) => t.title.startsWith('Items solved'))!.rows).toHaveLength(2 * groups.length);
    expect(new Set((r.plots ?? []).map((p) => p.kind))).toEqual(new Set(['line', 'bar']));
    expect(JSON.parse(JSON.stringify(r))).toEqual(r); // plain JSON (written to bench-results)
  });

  it('puts the demo-shaped runs at the top level of the written record, one per seed', () => {
    const { c, seeds } = fixture();
    const r = assembleResult(c, seeds, []);
    const dir = mkdtempSync(path.join(tmpdir(), 'repro-reasoning-report-'));
    dirs.push(dir);
    const file = writeSuiteRecord(dir, toRecord('repro-reasoning', 'smoke', r, 1000));
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(raw['schema']).toBe('prorl-bench/suite@1');
    const runs = raw['runs'] as { seed: number; k: number; families: Record<string, unknown>[] }[];
    expect(runs.map((x) => x.seed)).toEqual([0, 1]);
    for (const run of runs) {
      expect(Object.keys(run).sort()).toEqual(['families', 'k', 'seed']);
      expect(run.k).toBe(c.evalN);
      expect(run.families.map((f) => f['family'])).toEqual(evalGroups(c).map((g) => g.label));
      for (const f of run.families) expect(Object.keys(f).sort()).toEqual(ROW_KEYS);
    }
    expect(runs[1]!.families[0]!['trained_pass1']).toBeCloseTo(0.3, 10);
    expect((raw['details'] as Record<string, unknown>)['runs']).toBeUndefined(); // not duplicated
    // The record is still read back as a suite record (the report keeps working).
    const { records, ignored } = readSuiteRecords(dir);
    expect(ignored).toEqual([]);
    expect(records.map((x) => x.suite)).toEqual(['repro-reasoning']);
    expect(records[0]!.runs).toEqual(runs);
  });

  it('compares each ablation with the main run at the same step (the intermediate checkpoint when ablationSteps = midStep)', () => {
    const { c, seeds } = fixture();
    const cc: ReproReasoningConfig = { ...c, ablations: ['no_kl'], ablationSteps: c.midStep };
    const s0 = seeds[0]!;
    const curves = { valPass1: [{ step: 1, value: 0.1 }, { step: c.steps, value: 0.9 }], entropy: [], kl: [], acc: [], resets: [{ step: c.steps, reason: 'decline' }] };
    const abl = { ablation: 'no_kl' as const, seed: 0, final: s0.base, curves: { ...curves, resets: [] }, elapsedSec: 1 };
    const r = assembleResult(cc, [{ ...s0, curves }, seeds[1]!], [abl]);
    const t = r.tables!.find((x) => x.title.startsWith('Ablations'))!;
    expect(t.title).toContain(`${c.midStep} RL steps`);
    const main = t.rows[0]!;
    expect(main[0]).toBe(`ProRL (all on), step ${c.midStep}`);
    expect(main[2]).toBeCloseTo(0.05, 10); // intermediate pass@1 of seed 0 (final 0.1, intermediate half)
    expect(main[3]).toBe(0.1); // validation up to the ablation's last step only
    expect(main[6]).toBe(0); // the reset at the last step is after it
    expect(t.rows[1]![0]).toBe('no_kl');
  });
});
