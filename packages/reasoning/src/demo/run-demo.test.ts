import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProRLConfigError } from '../train/errors.js';
import { demoReportPaths, formatPassAtKTable, resolveDemoConfig, runDemo, type DemoSummary } from './run-demo.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('demo', () => {
  it('validates its config', () => {
    expect(() => resolveDemoConfig({ heldOutFamilies: ['number_sorting'] })).toThrow(ProRLConfigError);
    expect(() => resolveDemoConfig({ eval: { n: 4, k: 8 } })).toThrow(/k <= n/);
    expect(() => resolveDemoConfig({ trainFamilies: ['nope'] })).toThrow(/nope/);
  });

  it('runs end to end on a tiny config and returns the documented shape', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'prorl-demo-'));
    dirs.push(out);
    const printed: string[] = [];
    const phases = new Set<string>();
    const s = await runDemo({
      outDir: out,
      json: true,
      print: (l) => printed.push(l),
      onProgress: (p) => phases.add(p.phase),
      config: {
        trainFamilies: ['basic_arithmetic'],
        heldOutFamilies: ['gcd'],
        sft: { steps: 4, batchSize: 4, warmupSteps: 1, model: { dModel: 32, nHeads: 2, nLayers: 1, maxSeqLen: 96 } },
        prorl: {
          rollout: { promptsPerStep: 2, n: 2, maxNewTokens: 12 },
          algorithm: { miniBatchPrompts: 1, dynamicSampling: { enabled: true, maxRounds: 1 } },
          validation: { every: 0 },
          reset: { controller: { stagnation: null, decline: null }, manualAtSteps: [] },
          run: { steps: 1, checkpointEvery: 0 },
        },
        evalItems: 2,
        eval: { n: 2, k: 2 },
      },
    });
    expect(s.k).toBe(2);
    expect(s.families.map((f) => [f.family, f.trained_on])).toEqual([
      ['basic_arithmetic', true],
      ['gcd', false],
    ]);
    for (const f of s.families) {
      expect(Object.keys(f).sort()).toEqual(['base_format_rate', 'base_pass1', 'base_passk', 'family', 'trained_on', 'trained_pass1', 'trained_passk']);
      for (const k of ['base_pass1', 'trained_pass1', 'base_passk', 'trained_passk', 'base_format_rate'] as const) expect(f[k]).toBeGreaterThanOrEqual(0);
      expect(f.base_passk).toBeGreaterThanOrEqual(f.base_pass1);
    }
    expect(JSON.parse(printed[printed.length - 1]!)).toEqual(s);
    expect(printed.some((l) => l.includes('report:'))).toBe(true);
    expect([...phases]).toEqual(['sft', 'prorl', 'eval', 'report']);
    const paths = demoReportPaths(out);
    expect(existsSync(paths.markdown)).toBe(true);
    expect((JSON.parse(readFileSync(paths.json, 'utf8')) as { summary: DemoSummary }).summary).toEqual(s);
  }, 60_000);

  it('formats the table with a mean row over the training families', () => {
    const lines = formatPassAtKTable({
      k: 4,
      families: [
        { family: 'a', trained_on: true, base_pass1: 0.1, trained_pass1: 0.3, base_passk: 0.2, trained_passk: 0.5, base_format_rate: 1 },
        { family: 'b', trained_on: false, base_pass1: 0, trained_pass1: 0, base_passk: 0, trained_passk: 0, base_format_rate: 0.5 },
      ],
    });
    expect(lines[0]).toMatch(/p@4/);
    expect(lines[lines.length - 1]).toMatch(/mean \(trained on\)\s+10\.0\s+30\.0/);
  });
});
