import { describe, expect, test } from 'vitest';
import { engineMetrics, groupMetrics, regimeOf, type ItemSamples } from './metrics.js';
import type { SampleRecord } from './samples-log.js';

function item(id: string, family: string, domain: string, scores: number[], formats?: boolean[]): ItemSamples {
  const records: SampleRecord[] = scores.map((score, sample) => ({
    engine: 'e',
    item: id,
    family,
    domain,
    level: 1,
    sample,
    seed: 0,
    text: '',
    finishReason: sample === 0 ? 'length' : 'stop',
    score,
    reason: '',
    extracted: null,
    format: formats ? formats[sample]! : true,
  }));
  return { item: id, family, domain, records };
}

describe('groupMetrics', () => {
  test('hand-worked: pass@1 is the mean reward, pass@k thresholds at 1', () => {
    // item a: rewards 1, 0.5, 0, 0 → c = 1 of 4; item b: 1, 1, 0, 0.9 → c = 2 of 4
    const g = groupMetrics([item('a', 'f', 'math', [1, 0.5, 0, 0], [true, true, false, false]), item('b', 'f', 'math', [1, 1, 0, 0.9])], [1, 2, 4]);
    expect(g.items).toBe(2);
    expect(g.samples).toBe(8);
    expect(g.pass1).toBeCloseTo((1.5 + 2.9) / 8, 14);
    expect(g.solvedRate).toBeCloseTo(3 / 8, 14);
    expect(g.formatRate).toBeCloseTo(6 / 8, 14);
    expect(g.truncatedRate).toBeCloseTo(2 / 8, 14);
    // pass@1 = (1/4 + 2/4)/2; pass@2 = (1 − C(3,2)/C(4,2) + 1 − C(2,2)/C(4,2))/2 = (0.5 + 5/6)/2; pass@4 = 1
    expect(g.passAtK['1']).toBeCloseTo(0.375, 14);
    expect(g.passAtK['2']).toBeCloseTo((0.5 + 5 / 6) / 2, 14);
    expect(g.passAtK['4']).toBeCloseTo(1, 14);
    expect(g.curve).toHaveLength(4);
  });

  test('a lower threshold counts partial credit as correct', () => {
    const g = groupMetrics([item('a', 'f', 'math', [0.5, 0.4])], [1], 0.5);
    expect(g.passAtK['1']).toBeCloseTo(0.5, 14);
  });

  test('engineMetrics groups by family and domain', () => {
    const m = engineMetrics([item('a', 'f1', 'math', [1, 0]), item('b', 'f2', 'math', [0, 0]), item('c', 'f3', 'logic', [1, 1])], [1, 2]);
    expect(Object.keys(m.families).sort()).toEqual(['f1', 'f2', 'f3']);
    expect(m.families.f3!.domain).toBe('logic');
    expect(m.domains.math!.items).toBe(2);
    expect(m.domains.math!.passAtK['2']).toBeCloseTo(0.5, 14);
    expect(m.overall.pass1).toBeCloseTo(3 / 6, 14);
  });

  test('regimeOf reports a classification error as regime null', () => {
    expect(regimeOf([0.1], [0.2], [0.3]).regime).toBeNull(); // n = 1: no k beyond pass@1
    expect(regimeOf([0.1, 0.5], [0.3, 0.5], [0.6, 0.5]).regime).toBe('diminish');
  });
});
