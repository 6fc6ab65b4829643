import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SuiteResult } from '../report/types.js';
import { evalGroups, reproReasoningPreset, runReproReasoning, type ReproReasoningConfig } from './repro-reasoning.js';
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
    ablationSteps: 2,
  };
}

function checkResult(r: SuiteResult, c: ReproReasoningConfig): void {
  expect(r.status).toBe('ok');
  for (const f of r.figures) {
    expect(typeof f.unit).toBe('string');
    expect(f.unit.length).toBeGreaterThan(0);
    if (f.source === 'quoted') expect(f.citation).toBeTruthy();
  }
  const runs = r.runs as { seed: number; k: number; families: Record<string, unknown>[] }[];
  expect(runs.map((x) => x.seed)).toEqual(c.seeds);
  for (const run of runs) {
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
  it('is registered', () => {
    expect(SUITE_NAMES).toContain('repro-reasoning');
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
    expect(r2.runs).toEqual(r1.runs);
    // An interrupted seed (final evaluation missing) resumes from the run's checkpoint, same result.
    const seedDir = path.join(dir, 'repro-reasoning', 'test', 'seed-3');
    rmSync(path.join(seedDir, 'result.json'));
    rmSync(path.join(seedDir, 'eval-final.json'));
    const log3: string[] = [];
    const r3 = await runReproReasoning(c, { dir, log: (l) => log3.push(l) }, 'test');
    expect(log3.some((l) => l.includes('final (step 2): evaluated'))).toBe(true);
    expect(log3.some((l) => /: SFT \d+ steps/.test(l))).toBe(false);
    expect(r3.runs).toEqual(r1.runs);
  }, 120_000);
});
