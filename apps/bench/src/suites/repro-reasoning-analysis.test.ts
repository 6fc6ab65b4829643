import { describe, expect, it } from 'vitest';
import { evalGroups, reproReasoningPreset } from './repro-reasoning-config.js';
import { boundaryCases, parseMetricsJsonl, runSummary, type GroupEval, type SeedResult } from './repro-reasoning-analysis.js';

describe('repro-reasoning analysis', () => {
  it('finds boundary cases only where the base is in format and never solves', () => {
    const row = (family: string, base_passk: number, fmt: number, trained_passk: number) => ({ family, trained_on: true, base_pass1: 0, trained_pass1: trained_passk / 4, base_passk, trained_passk, base_format_rate: fmt });
    const cases = boundaryCases([{ seed: 0, k: 16, families: [row('a@L2', 0, 0.9, 0.25), row('b@L2', 0, 0.3, 0.5), row('c@L2', 0.1, 1, 0.5), row('d@L2', 0, 0.95, 0)] }], 0.8);
    expect(cases.every((x) => x.trainedOn)).toBe(true);
    expect(cases.map((x) => [x.label, x.inFormat, x.crossed])).toEqual([
      ['a@L2', true, true],
      ['b@L2', false, true],
      ['d@L2', true, false],
    ]);
    expect(boundaryCases([{ seed: 0, k: 16, families: [{ ...row('e@L1', 0, 0.9, 0.1), trained_on: false }] }], 0.8).map((x) => x.trainedOn)).toEqual([false]);
    // k < 16 is not evidence of a boundary.
    expect(boundaryCases([{ seed: 0, k: 8, families: [row('a@L2', 0, 0.9, 0.25)] }], 0.8)).toEqual([]);
  });

  it('parses the trainer metrics into curves and resets', () => {
    const c = parseMetricsJsonl(['{"step":1,"actor/entropy":2.5,"acc/mean":0.5}', 'garbage', '{"step":2,"actor/entropy":null,"val/pass1":0.25,"reset/reason":"stagnation"}', ''].join('\n'));
    expect(c.entropy).toEqual([{ step: 1, value: 2.5 }]);
    expect(c.valPass1).toEqual([{ step: 2, value: 0.25 }]);
    expect(c.resets).toEqual([{ step: 2, reason: 'stagnation' }]);
  });

  it('summarises a seed in the demo shape, k = n, pass@k read at k = n', () => {
    const c = reproReasoningPreset('smoke');
    const groups = evalGroups(c);
    const ev = (pass1: number, passN: number, fmt: number): GroupEval[] =>
      groups.map((g) => ({ label: g.label, items: 2, n: 4, pass1, curve: [pass1, (pass1 + passN) / 2, (pass1 + passN) / 2, passN], formatRate: fmt, solvedItems: passN > 0 ? 1 : 0 }));
    const curves = { valPass1: [], entropy: [], kl: [], acc: [], resets: [] };
    const s: SeedResult = { seed: 7, base: ev(0.1, 0.5, 0.9), intermediate: ev(0.2, 0.5, 1), final: ev(0.3, 0.75, 1), regimes: [], curves, elapsedSec: 1 };
    const r = runSummary(s, groups);
    expect(r.seed).toBe(7);
    expect(r.k).toBe(4);
    expect(r.families.map((f) => f.family)).toEqual(groups.map((g) => g.label));
    expect(r.families[0]).toEqual({ family: groups[0]!.label, trained_on: groups[0]!.rlTrained, base_pass1: 0.1, trained_pass1: 0.3, base_passk: 0.5, trained_passk: 0.75, base_format_rate: 0.9 });
    expect(() => runSummary({ ...s, final: [] }, groups)).toThrow(/no evaluation of group/);
  });
});
