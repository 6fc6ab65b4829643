import { describe, expect, it } from 'vitest';
import { codeFunction } from '../tasks/families/code/index.js';
import { ALL_FAMILIES } from '../tasks/registry.js';
import { sampleSuite } from './sample.js';
import { splitOf } from './split.js';
import { PAPER_HELD_OUT_FAMILIES, resolveSuite, type SuiteSpec } from './suite-spec.js';

const SPEC: SuiteSpec = {
  name: 'test-suite',
  entries: [{ family: 'code_function', levels: [1, 2, 3, 4, 5], levelWeights: [4, 1, 1, 1, 1] }],
};

describe('sampleSuite', () => {
  it('is deterministic in (suite, split, n, seed)', () => {
    const a = sampleSuite(SPEC, { split: 'train', n: 30, seed: 5 });
    expect(sampleSuite(SPEC, { split: 'train', n: 30, seed: 5 })).toEqual(a);
    expect(sampleSuite(SPEC, { split: 'train', n: 30, seed: 6 }).map((x) => x.id)).not.toEqual(a.map((x) => x.id));
    expect(sampleSuite(SPEC, { split: 'train', n: 10, seed: 5 })).toEqual(a.slice(0, 10));
  });

  it('splits never overlap, by id or by prompt', () => {
    const train = sampleSuite(SPEC, { split: 'train', n: 300, seed: 1 });
    const val = sampleSuite(SPEC, { split: 'validation', n: 60, seed: 1 });
    const test = sampleSuite(SPEC, { split: 'test', n: 60, seed: 1 });
    for (const [items, split] of [[train, 'train'], [val, 'validation'], [test, 'test']] as const) {
      for (const it of items) {
        expect(it.split).toBe(split);
        expect(splitOf(it)).toBe(split);
      }
    }
    const ids = (xs: { id: string }[]) => new Set(xs.map((x) => x.id));
    const prompts = (xs: { prompt: string }[]) => new Set(xs.map((x) => x.prompt));
    for (const [a, b] of [[train, val], [train, test], [val, test]] as const) {
      for (const id of ids(a)) expect(ids(b).has(id)).toBe(false);
      for (const p of prompts(a)) expect(prompts(b).has(p)).toBe(false);
    }
    // No repeated question inside a sample either.
    expect(prompts(train).size).toBe(train.length);
  });

  it('follows the level weights roughly', () => {
    const items = sampleSuite(SPEC, { split: 'train', n: 400, seed: 2 });
    const l1 = items.filter((x) => x.level === 1).length / items.length;
    expect(l1).toBeGreaterThan(0.4);
    expect(l1).toBeLessThan(0.7);
  });

  it('holds families out of training but not out of test', () => {
    const spec: SuiteSpec = { ...SPEC, heldOut: [codeFunction.name] };
    expect(() => sampleSuite(spec, { split: 'train', n: 1 })).toThrow(/held out/);
    expect(sampleSuite(spec, { split: 'test', n: 5 }).every((x) => x.family === codeFunction.name)).toBe(true);
  });

  it("named suites keep the paper's out-of-distribution families (boxnet...) out of training", () => {
    const suite = resolveSuite('default');
    expect(suite.heldOut).toEqual(PAPER_HELD_OUT_FAMILIES.filter((f) => ALL_FAMILIES.some((x) => x.name === f)));
    const train = sampleSuite(suite, { split: 'train', n: 300, seed: 3 });
    for (const it of train) expect(suite.heldOut).not.toContain(it.family);
    if (suite.heldOut.length > 0) {
      const test = sampleSuite(suite, { split: 'test', n: 300, seed: 3 });
      expect(test.some((it) => suite.heldOut.includes(it.family))).toBe(true);
    }
  });

  it('restricts to one family on request and validates n', () => {
    expect(sampleSuite('code', { split: 'test', n: 5, family: 'code_function' })).toHaveLength(5);
    expect(() => sampleSuite(SPEC, { split: 'test', n: -1 })).toThrow(/n/);
    expect(sampleSuite(SPEC, { split: 'test', n: 0 })).toEqual([]);
  });
});
