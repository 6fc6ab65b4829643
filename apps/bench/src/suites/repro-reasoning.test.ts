import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SuiteResult } from '../report/types.js';
import { PRESETS } from '../report/types.js';
import {
  assembleResult,
  boundaryCases,
  evalGroups,
  parseMetricsJsonl,
  reproReasoningPreset,
  runReproReasoning,
  type GroupEval,
  type ReproReasoningConfig,
  type SeedResult,
} from './repro-reasoning.js';
import { SUITE_NAMES } from './registry.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const ROW_KEYS = ['base_format_rate', 'base_pass1', 'base_passk', 'family', 'trained_on', 'trained_pass1', 'trained_passk'];

function tinyConfig(): ReproReasoningConfig {
  return {
    ...reproReasoningPreset('smoke'),
    seeds: [3],
    trainFamilies: ['basic_arithmetic'],
    heldOutFamilies: ['gcd'],
    sft: { steps: 3, batchSize: 4, lr: 3e-3, warmupSteps: 1, model: { dModel: 32, nHeads: 2, nLayers: 1, maxSeqLen: 96 } },
    steps: 2,
    midStep: 1,
    rollout: { promptsPerStep: 2, n: 2, temperature: 1.0, maxNewTokens: 12 },
    miniBatchPrompts: 1,
    validation: { every: 1, items: 2, n: 2 },
    evalItems: 2,
    evalN: 16,
    ablations: ['no_dynamic_sampling'],
    ablationSeeds: 1,
    ablationEvalN: 2,
  };
}

function checkResult(r: SuiteResult, c: ReproReasoningConfig): void {
  expect(r.status).toBe('ok');
  for (const f of r.figures) {
    expect(typeof f.unit).toBe('string');
    expect(f.unit.length).toBeGreaterThan(0);
    if (f.source === 'quoted') expect(f.citation).toBeTruthy();
  }
  const d = r.details as { runs: { seed: number; k: number; families: Record<string, unknown>[] }[] };
  expect(d.runs.map((x) => x.seed)).toEqual(c.seeds);
  for (const run of d.runs) {
    expect(run.k).toBe(c.evalN);
    expect(run.families.map((f) => f['family'])).toEqual(evalGroups(c).map((g) => g.label));
    for (const f of run.families) {
      expect(Object.keys(f).sort()).toEqual(ROW_KEYS);
      for (const k of ['base_pass1', 'trained_pass1', 'base_passk', 'trained_passk', 'base_format_rate']) {
        expect(f[k] as number).toBeGreaterThanOrEqual(0);
        expect(f[k] as number).toBeLessThanOrEqual(1);
      }
      expect(f['base_passk'] as number).toBeGreaterThanOrEqual((f['base_pass1'] as number) - 1e-12);
    }
  }
  expect(new Set((r.plots ?? []).map((p) => p.kind))).toEqual(new Set(['line', 'bar']));
  expect(JSON.parse(JSON.stringify(r))).toEqual(r); // plain JSON (written to bench-results)
}

describe('repro-reasoning suite', () => {
  it('is registered and every preset is valid (n >= 16, intermediate before final)', () => {
    expect(SUITE_NAMES).toContain('repro-reasoning');
    for (const p of PRESETS) {
      const c = reproReasoningPreset(p);
      expect(c.evalN).toBeGreaterThanOrEqual(16);
      expect(c.midStep).toBeLessThan(c.steps);
      // SFT sees fewer levels than RL, so some RL-trained groups are unseen by the base.
      expect(evalGroups(c).some((g) => g.rlTrained && !g.sftTrained)).toBe(true);
    }
    expect(reproReasoningPreset('default').evalN).toBeGreaterThanOrEqual(64);
    expect(reproReasoningPreset('default').seeds).toHaveLength(3);
  });

  it('finds boundary cases only where the base is in format and never solves', () => {
    const row = (family: string, base_passk: number, fmt: number, trained_passk: number) => ({ family, trained_on: true, base_pass1: 0, trained_pass1: trained_passk / 4, base_passk, trained_passk, base_format_rate: fmt });
    const cases = boundaryCases([{ seed: 0, k: 16, families: [row('a@L2', 0, 0.9, 0.25), row('b@L2', 0, 0.3, 0.5), row('c@L2', 0.1, 1, 0.5), row('d@L2', 0, 0.95, 0)] }], 0.8);
    expect(cases.map((x) => [x.label, x.inFormat, x.crossed])).toEqual([
      ['a@L2', true, true],
      ['b@L2', false, true],
      ['d@L2', true, false],
    ]);
    // k < 16 is not evidence of a boundary.
    expect(boundaryCases([{ seed: 0, k: 8, families: [row('a@L2', 0, 0.9, 0.25)] }], 0.8)).toEqual([]);
  });

  it('parses the trainer metrics into curves and resets', () => {
    const c = parseMetricsJsonl(['{"step":1,"actor/entropy":2.5,"acc/mean":0.5}', 'garbage', '{"step":2,"actor/entropy":null,"val/pass1":0.25,"reset/reason":"stagnation"}', ''].join('\n'));
    expect(c.entropy).toEqual([{ step: 1, value: 2.5 }]);
    expect(c.valPass1).toEqual([{ step: 2, value: 0.25 }]);
    expect(c.resets).toEqual([{ step: 2, reason: 'stagnation' }]);
  });

  it('assembles figures with the mean over seeds and a boundary case that RL crosses', () => {
    const c: ReproReasoningConfig = { ...tinyConfig(), seeds: [0, 1], ablations: [] };
    const groups = evalGroups(c);
    const ev = (pass: number, fmt = 1): GroupEval[] =>
      groups.map((g) => ({ label: g.label, items: 2, n: 16, pass1: pass, curve: Array.from({ length: 16 }, (_, k) => (pass === 0 ? 0 : Math.min(1, pass * (k + 1)))), formatRate: fmt, solvedItems: pass > 0 ? 2 : 0 }));
    const curves = { valPass1: [{ step: 1, value: 0.1 }], entropy: [{ step: 1, value: 2 }], kl: [], acc: [], resets: [] };
    const seed = (s: number, fin: number): SeedResult => ({ seed: s, base: ev(0), intermediate: ev(fin / 2), final: ev(fin), regimes: [], curves, elapsedSec: 1 });
    const r = assembleResult(c, [seed(0, 0.1), seed(1, 0.3)], []);
    checkResult(r, c);
    const fig = r.figures.find((f) => f.name === 'basic_arithmetic_l1_trained_pass1');
    expect(fig?.value).toBeCloseTo(0.2, 10);
    expect(r.figures.find((f) => f.name === 'boundary_cases')?.value).toBe(2 * groups.length);
    expect(r.figures.find((f) => f.name === 'boundary_cases_crossed')?.value).toBe(2 * groups.length);
  });

  it('runs end to end at a tiny config, and a rerun reuses the finished work', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'repro-reasoning-'));
    dirs.push(dir);
    const c = tinyConfig();
    const log1: string[] = [];
    const r1 = await runReproReasoning(c, { dir, log: (l) => log1.push(l) }, 'test');
    checkResult(r1, c);
    expect(log1.some((l) => /: SFT \d+ steps/.test(l))).toBe(true);
    const d = r1.details as { seeds: { regimes: { regime: string }[] }[]; ablations: { ablation: string; curves: { entropy: unknown[] } }[] };
    expect(d.seeds[0]!.regimes).toHaveLength(evalGroups(c).length);
    expect(d.ablations.map((a) => a.ablation)).toEqual(['no_dynamic_sampling']);
    expect(d.ablations[0]!.curves.entropy.length).toBeGreaterThan(0); // without dynamic sampling every step updates
    expect(r1.plots?.some((p) => p.id === 'train-entropy')).toBe(true);
    const log2: string[] = [];
    const r2 = await runReproReasoning(c, { dir, log: (l) => log2.push(l) }, 'test');
    expect(log2.some((l) => l.includes('reusing'))).toBe(true);
    expect(log2.some((l) => /: SFT \d+ steps/.test(l))).toBe(false);
    expect(r2.details).toEqual(r1.details);
    // An interrupted seed (final evaluation missing) resumes from the run's checkpoint, same result.
    const seedDir = path.join(dir, 'repro-reasoning', 'test', 'seed-3');
    rmSync(path.join(seedDir, 'result.json'));
    rmSync(path.join(seedDir, 'eval-final.json'));
    const log3: string[] = [];
    const r3 = await runReproReasoning(c, { dir, log: (l) => log3.push(l) }, 'test');
    expect(log3.some((l) => l.includes('final (step 2): evaluated'))).toBe(true);
    expect(log3.some((l) => /: SFT \d+ steps/.test(l))).toBe(false);
    expect((r3.details as { runs: unknown }).runs).toEqual((r1.details as { runs: unknown }).runs);
  }, 120_000);
});
