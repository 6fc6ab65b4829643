import { describe, expect, test } from 'vitest';
import { InvalidParamError } from '../errors.js';
import { ReferenceResetController, resolveReferenceResetConfig, type ResetEvent } from './reference-reset.js';

const only = { stagnation: null, decline: null, klDominance: null, schedule: null, minGapSteps: 0 } as const;

describe('ReferenceResetController', () => {
  test('stagnation: no improvement > minDelta for `patience` validations', () => {
    const c = new ReferenceResetController({ ...only, stagnation: { patience: 2, minDelta: 0.01 } });
    expect(c.observe(10, { validation: 0.5 })).toBeNull(); // first best
    expect(c.observe(20, { validation: 0.505 })).toBeNull(); // +0.005 is not an improvement: 1
    expect(c.observe(30, { validation: 0.53 })).toBeNull(); // improvement: counter back to 0
    expect(c.observe(40, { validation: 0.535 })).toBeNull(); // 1
    const ev = c.observe(50, { validation: 0.52 }); // 2 → reset
    expect(ev?.reason).toBe('stagnation');
    expect(ev?.step).toBe(50);
    expect(ev?.resetReference).toBe(true);
    expect(ev?.resetOptimizer).toBe(true);
    expect(ev?.detail).toMatch(/best 0\.53.*step 30.*2 validations/);
    // afresh: the validation at the reset step is the new best
    expect(c.getState().best).toBe(0.52);
    expect(c.observe(60, { validation: 0.52 })).toBeNull();
  });

  test('decline: drop > declineDelta below the best since the last reset', () => {
    const c = new ReferenceResetController({ ...only, decline: { declineDelta: 0.05 } });
    c.observe(1, { validation: 0.6 });
    expect(c.observe(2, { validation: 0.56 })).toBeNull(); // −0.04
    const ev = c.observe(3, { validation: 0.54 }); // −0.06
    expect(ev?.reason).toBe('decline');
    expect(ev?.detail).toMatch(/dropped by 0\.06/);
    // 'min' direction: a rise is a decline
    const m = new ReferenceResetController({ ...only, decline: { declineDelta: 0.5 }, direction: 'min' });
    m.observe(1, { validation: 2 });
    expect(m.observe(2, { validation: 1 })).toBeNull();
    expect(m.observe(3, { validation: 1.6 })?.reason).toBe('decline');
  });

  test('kl_dominance: share above the threshold for consecutive steps', () => {
    const c = new ReferenceResetController({ ...only, klDominance: { shareThreshold: 0.5, consecutiveSteps: 3 } });
    expect(c.observe(1, { klTerm: 0.6, policyTerm: -0.4 })).toBeNull(); // 0.6 → streak 1
    expect(c.observe(2, { klTerm: 0.3, policyTerm: 0.7 })).toBeNull(); // 0.3 → streak 0
    expect(c.observe(3, { klShare: 0.7 })).toBeNull();
    expect(c.observe(4, { klShare: 0.8 })).toBeNull();
    const ev = c.observe(5, { klTerm: 2, policyTerm: 1 });
    expect(ev?.reason).toBe('kl_dominance');
    expect(ev?.detail).toMatch(/3 consecutive steps/);
    expect(c.getState().klStreak).toBe(0);
  });

  test('schedule: every N steps since the last reset', () => {
    const c = new ReferenceResetController({ ...only, schedule: { everySteps: 100 } });
    const events: ResetEvent[] = [];
    for (let s = 1; s <= 350; s++) {
      const e = c.observe(s);
      if (e) events.push(e);
    }
    expect(events.map((e) => [e.step, e.reason])).toEqual([
      [100, 'schedule'],
      [200, 'schedule'],
      [300, 'schedule'],
    ]);
  });

  test('manual: fires at the next observation and ignores the gap', () => {
    const c = new ReferenceResetController({ ...only, minGapSteps: 1000 });
    c.requestReset('new data mix (run 3)');
    const ev = c.observe(5);
    expect(ev).toMatchObject({ step: 5, reason: 'manual', detail: 'new data mix (run 3)' });
    expect(c.observe(6)).toBeNull();
  });

  test('minimum gap: suppressed conditions fire once the gap has passed', () => {
    const c = new ReferenceResetController({ ...only, decline: { declineDelta: 0.05 }, stagnation: { patience: 1, minDelta: 0 }, minGapSteps: 100 });
    c.observe(10, { validation: 0.5 });
    expect(c.observe(50, { validation: 0.4 })).toBeNull(); // decline and stagnation, but within the gap
    expect(c.observe(90, { validation: 0.49 })).toBeNull(); // still within the gap
    const ev = c.observe(110, { validation: 0.49 }); // no decline now (−0.01) but stagnation (3 validations)
    expect(ev?.reason).toBe('stagnation');
    expect(c.observe(150, { validation: 0.3 })).toBeNull(); // gap counts from the reset at 110
    expect(c.observe(210, { validation: 0.3 })?.reason).toBe('decline'); // 0.49 − 0.3 > 0.05 after the gap
    expect(c.history.map((e) => e.step)).toEqual([110, 210]);
  });

  test('priority: decline over stagnation over kl_dominance over schedule', () => {
    const c = new ReferenceResetController({
      stagnation: { patience: 1, minDelta: 0 },
      decline: { declineDelta: 0.1 },
      klDominance: { shareThreshold: 0.5, consecutiveSteps: 1 },
      schedule: { everySteps: 5 },
      minGapSteps: 0,
    });
    c.observe(1, { validation: 1 });
    expect(c.observe(5, { validation: 0.5, klShare: 0.9 })?.reason).toBe('decline');
    c.observe(6, { validation: 1 });
    expect(c.observe(11, { validation: 1, klShare: 0.9 })?.reason).toBe('stagnation');
    expect(c.observe(12, { klShare: 0.9 })?.reason).toBe('kl_dominance');
    expect(c.observe(17)?.reason).toBe('schedule');
  });

  test('state round trip through JSON resumes identically', () => {
    const cfg = { stagnation: { patience: 3, minDelta: 0.001 }, klDominance: { shareThreshold: 0.4, consecutiveSteps: 4 }, minGapSteps: 10 };
    const a = new ReferenceResetController(cfg);
    const vals = [0.2, 0.25, 0.24, 0.26, 0.26, 0.259, 0.258, 0.3, 0.29, 0.29, 0.28, 0.2];
    for (let i = 0; i < 6; i++) a.observe(i * 5, { validation: vals[i]!, klShare: (i * 0.13) % 1 });
    a.requestReset('pending at save');
    const b = ReferenceResetController.fromState(JSON.parse(JSON.stringify(a.getState())), cfg);
    expect(b.getState()).toEqual(a.getState());
    for (let i = 6; i < vals.length; i++) {
      const obs = { validation: vals[i]!, klShare: (i * 0.37) % 1 };
      expect(b.observe(i * 5, obs)).toEqual(a.observe(i * 5, obs));
    }
    expect(b.getState()).toEqual(a.getState());
    expect(a.history.length).toBeGreaterThan(0);
  });

  test('invalid configs, states and observations throw typed errors', () => {
    expect(() => resolveReferenceResetConfig({ schedule: { everySteps: 50 }, minGapSteps: 100 })).toThrow(InvalidParamError);
    expect(() => resolveReferenceResetConfig({ stagnation: { patience: 0, minDelta: 0 } })).toThrow(InvalidParamError);
    expect(() => resolveReferenceResetConfig({ stagnation: { patience: 2, minDelta: 0.1 }, decline: { declineDelta: 0.05 } })).toThrow(InvalidParamError);
    expect(() => resolveReferenceResetConfig({ decline: { declineDelta: 0 } })).toThrow(InvalidParamError);
    expect(() => resolveReferenceResetConfig({ klDominance: { shareThreshold: 1, consecutiveSteps: 3 } })).toThrow(InvalidParamError);
    expect(() => resolveReferenceResetConfig({ klDominance: { shareThreshold: 0.5, consecutiveSteps: 0 } })).toThrow(InvalidParamError);
    expect(() => resolveReferenceResetConfig({ minGapSteps: -1 })).toThrow(InvalidParamError);
    expect(() => resolveReferenceResetConfig({ direction: 'up' as never })).toThrow(InvalidParamError);
    // a partial trigger merges with the default
    expect(resolveReferenceResetConfig({ stagnation: { patience: 5 } as never }).stagnation).toEqual({ patience: 5, minDelta: 0 });
    expect(resolveReferenceResetConfig({ schedule: { everySteps: 200 } }).schedule).toEqual({ everySteps: 200 });
    const c = new ReferenceResetController();
    c.observe(10);
    expect(() => c.observe(9)).toThrow(InvalidParamError);
    expect(() => c.observe(11, { validation: NaN })).toThrow(InvalidParamError);
    expect(() => c.observe(11, { klShare: 1.5 })).toThrow(InvalidParamError);
    expect(() => c.observe(11, { klTerm: 1 })).toThrow(InvalidParamError);
    expect(() => ReferenceResetController.fromState({ ...c.getState(), klStreak: -1 })).toThrow(InvalidParamError);
  });
});
