import { describe, expect, it } from 'vitest';
import { PRESETS } from '../report/types.js';
import { evalGroups, reproReasoningPreset, validateReproReasoningConfig } from './repro-reasoning-config.js';

describe('repro-reasoning config', () => {
  it('every preset is valid (n >= 16, intermediate before final) and the default has 3 seeds, n >= 64', () => {
    for (const p of PRESETS) {
      const c = reproReasoningPreset(p);
      expect(() => validateReproReasoningConfig(c)).not.toThrow();
      expect(c.evalN).toBeGreaterThanOrEqual(16);
      expect(c.midStep).toBeLessThan(c.steps);
      // SFT sees fewer levels than RL, so some RL-trained groups are unseen by the base.
      expect(evalGroups(c).some((g) => g.rlTrained && !g.sftTrained)).toBe(true);
      // The boundary claim's format gate is not weakened.
      expect(c.boundaryFormatRate).toBeGreaterThanOrEqual(0.8);
    }
    expect(reproReasoningPreset('default').evalN).toBeGreaterThanOrEqual(64);
    expect(reproReasoningPreset('default').seeds).toHaveLength(3);
  });

  it('labels groups <family>@L<level> and marks what SFT and RL saw', () => {
    const c = reproReasoningPreset('default');
    const gs = evalGroups(c);
    expect(new Set(gs.map((g) => g.label)).size).toBe(gs.length);
    for (const g of gs) {
      expect(g.label).toBe(`${g.family}@L${g.level}`);
      if (g.sftTrained) expect(g.rlTrained || c.rlLevels.length === 0).toBe(true);
    }
  });

  it('rejects configs that cannot give pass@k curves or an intermediate checkpoint', () => {
    const c = reproReasoningPreset('smoke');
    expect(() => validateReproReasoningConfig({ ...c, evalN: 1 })).toThrow(/evalN must be >= 2/);
    expect(() => validateReproReasoningConfig({ ...c, midStep: c.steps })).toThrow(/midStep must be in \[1, steps\)/);
    expect(() => validateReproReasoningConfig({ ...c, midStep: 0 })).toThrow(/midStep/);
  });
});

describe('repro-reasoning config: families and ablation steps', () => {
  const c = reproReasoningPreset('smoke');
  it('evaluates RL-only families (never seen by SFT) at their RL levels, marked RL-trained and not SFT-seen', () => {
    const gs = evalGroups({ ...c, rlOnlyFamilies: ['chain_sum'], rlOnlyLevels: [1, 2] });
    expect(gs.filter((g) => g.family === 'chain_sum').map((g) => [g.label, g.rlTrained, g.sftTrained])).toEqual([
      ['chain_sum@L1', true, false],
      ['chain_sum@L2', true, false],
    ]);
  });
  it('rejects a family listed twice, RL-only families without levels, and ablation steps off the checkpoints', () => {
    expect(() => validateReproReasoningConfig({ ...c, rlOnlyFamilies: [c.heldOutFamilies[0]!], rlOnlyLevels: [1] })).toThrow(/more than one of/);
    expect(() => validateReproReasoningConfig({ ...c, rlOnlyFamilies: ['chain_sum'], rlOnlyLevels: [] })).toThrow(/rlOnlyLevels/);
    expect(() => validateReproReasoningConfig({ ...c, ablationSteps: c.midStep + 1 })).toThrow(/ablationSteps must be midStep/);
    expect(() => validateReproReasoningConfig({ ...c, ablationSteps: c.midStep })).not.toThrow();
  });
});
