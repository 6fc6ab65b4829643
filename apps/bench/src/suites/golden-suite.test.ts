import { describe, expect, it } from 'vitest';
import { findRepoRoot } from '../repo-root.js';
import { goldenSuite } from './golden-suite.js';
import { SuiteSkipped, type SuiteOptions } from './suite.js';
import { perfRlCorePreset, snake } from './perf-rl-core-suite.js';
import { resolveSuiteNames } from '../run-suites.js';
import { BenchInputError } from '../errors.js';
import { SUITE_NAMES } from './registry.js';

const opts = (env: NodeJS.ProcessEnv = {}): SuiteOptions => ({ repoRoot: findRepoRoot(), dir: '/unused', log: () => {}, env });

describe('golden suite', () => {
  it('checks the repo fixtures and reports counts with units', async () => {
    const r = await goldenSuite('smoke', opts());
    expect(r.status).toBe('ok');
    expect(r.figures.find((f) => f.name === 'cases_passed')!.value).toBeGreaterThan(0);
    expect(r.figures.find((f) => f.name === 'cases_failed')!.value).toBe(0);
    expect(r.tables![0]!.rows.length).toBeGreaterThan(0);
  });
  it('is skipped with the path and the fix when the fixtures are missing', async () => {
    const err = await goldenSuite('smoke', opts({ PRORL_GOLDEN_FIXTURES: '/nonexistent/fixtures' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SuiteSkipped);
    expect((err as SuiteSkipped).reason).toContain('PRORL_GOLDEN_FIXTURES');
  });
});

describe('suite names and presets', () => {
  it('defaults to every suite and rejects unknown names listing the valid ones', () => {
    expect(resolveSuiteNames(undefined)).toEqual(SUITE_NAMES);
    expect(SUITE_NAMES.slice(0, 3)).toEqual(['golden', 'perf-rl-core', 'perf-policy']);
    expect(resolveSuiteNames(['golden', 'golden'])).toEqual(['golden']);
    expect(() => resolveSuiteNames(['gold'])).toThrow(BenchInputError);
    expect(() => resolveSuiteNames(['gold'])).toThrow(new RegExp(SUITE_NAMES.join(', ')));
  });
  it('stage labels become snake_case figure keys', () => {
    expect(snake('k3 kl (value + grad)')).toBe('k3_kl_value_grad');
    expect(snake('GRPO advantages')).toBe('grpo_advantages');
  });
  it('perf-rl-core presets grow from smoke to full', () => {
    expect(perfRlCorePreset('smoke').tokens).toBeLessThan(perfRlCorePreset('default').tokens);
    expect(perfRlCorePreset('full').reps).toBeGreaterThan(perfRlCorePreset('default').reps);
  });
});
