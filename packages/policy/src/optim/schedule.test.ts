import { describe, expect, it } from 'vitest';
import { OptimConfigError } from './errors.js';
import { lrAt, resolveLrSchedule } from './schedule.js';

describe('learning-rate schedules', () => {
  it('constant (ProRL: 2e-6) is flat', () => {
    const s = resolveLrSchedule({ kind: 'constant', lr: 2e-6 });
    expect([0, 1, 1000, 1e6].map((t) => lrAt(s, t))).toEqual([2e-6, 2e-6, 2e-6, 2e-6]);
  });

  it('warmup ramps linearly then holds', () => {
    const s = resolveLrSchedule({ kind: 'constant', lr: 1, warmupSteps: 4 });
    expect([0, 1, 2, 3, 4, 10].map((t) => lrAt(s, t))).toEqual([0.25, 0.5, 0.75, 1, 1, 1]);
  });

  it('linear and cosine decay from lr to minLr at totalSteps and stay there', () => {
    const lin = resolveLrSchedule({ kind: 'linear', lr: 1, minLr: 0.1, warmupSteps: 2, totalSteps: 12 });
    expect(lrAt(lin, 2)).toBe(1);
    expect(lrAt(lin, 7)).toBeCloseTo(0.55, 12);
    expect(lrAt(lin, 12)).toBeCloseTo(0.1, 12);
    expect(lrAt(lin, 50)).toBeCloseTo(0.1, 12);
    const cos = resolveLrSchedule({ kind: 'cosine', lr: 1, minLr: 0, totalSteps: 10 });
    expect(lrAt(cos, 0)).toBe(1);
    expect(lrAt(cos, 5)).toBeCloseTo(0.5, 12);
    expect(lrAt(cos, 10)).toBeCloseTo(0, 12);
    for (let t = 1; t <= 10; t++) expect(lrAt(cos, t)).toBeLessThan(lrAt(cos, t - 1));
  });

  it('rejects invalid schedules with the field and fix', () => {
    expect(() => resolveLrSchedule({ kind: 'cosine', lr: 1 })).toThrow(/totalSteps/);
    expect(() => resolveLrSchedule({ kind: 'wsd' as never })).toThrow(/constant, linear, cosine/);
    expect(() => resolveLrSchedule({ lr: 1, minLr: 2 })).toThrow(OptimConfigError);
  });
});
