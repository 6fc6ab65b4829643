/**
 * Assembles the `repro-reasoning` SuiteResult (pure): figures (mean ± spread over seeds), tables, SVG
 * plot specs, the demo-shaped `runs` (copied to the record's top level) and the raw details.
 */
import type { Figure, Table, PlotSpec, SuiteResult } from '../report/types.js';
import { evalGroups, PAPER_EVAL, type ReproReasoningConfig } from './repro-reasoning-config.js';
import { boundaryCases, byLabel, mean, runSummary, std, type AblationResult, type CurvePoint, type GroupEval, type RunFamilyRow, type SeedResult, type TrainCurves } from './repro-reasoning-analysis.js';

/** Rounded to 4 decimals; null when not computable (e.g. a mean over nothing), since JSON has no NaN. */
const r4 = (x: number): number | null => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : null);

/** Evaluations with 4-decimal curves (keeps the committed JSON small). */
const compact = (xs: readonly GroupEval[]): GroupEval[] => xs.map((e) => ({ ...e, curve: e.curve.map((v) => r4(v) ?? 0) }));

/** Mean pass@k curve over seeds of one policy and group. */
function meanCurve(evals: readonly GroupEval[][], label: string): number[] {
  const cs = evals.map((e) => byLabel(e, label).curve);
  const n = Math.min(...cs.map((x) => x.length));
  return Array.from({ length: n }, (_, k) => mean(cs.map((cv) => cv[k]!)));
}

export function assembleResult(c: ReproReasoningConfig, seeds: readonly SeedResult[], ablations: readonly AblationResult[]): SuiteResult {
  const groups = evalGroups(c);
  const runs = seeds.map((s) => runSummary(s, groups));
  const k = c.evalN;
  const zeroBase = boundaryCases(runs, c.boundaryFormatRate);
  const cases = zeroBase.filter((x) => x.inFormat);
  const crossed = cases.filter((x) => x.crossed);
  const figures: Figure[] = [];
  const spread = (xs: number[]) => `±${std(xs).toFixed(3)} sd over ${xs.length} seed(s), range ${Math.min(...xs).toFixed(3)}..${Math.max(...xs).toFixed(3)}`;
  for (const g of groups) {
    const rows = runs.map((r) => r.families.find((f) => f.family === g.label)!);
    const tag = g.label.replace('@', '_').toLowerCase();
    const what = `${g.label} (${g.rlTrained ? 'RL-trained' : 'never trained'}${g.sftTrained ? ', SFT-seen' : g.rlTrained ? ', unseen by the base' : ''})`;
    for (const [key, pick, desc] of [
      ['base_pass1', (r: RunFamilyRow) => r.base_pass1, 'base pass@1'],
      ['trained_pass1', (r: RunFamilyRow) => r.trained_pass1, 'ProRL pass@1'],
      [`base_pass${k}`, (r: RunFamilyRow) => r.base_passk, `base pass@${k}`],
      [`trained_pass${k}`, (r: RunFamilyRow) => r.trained_passk, `ProRL pass@${k}`],
    ] as const) {
      const xs = rows.map(pick);
      figures.push({ name: `${tag}_${key}`, value: r4(mean(xs)), unit: 'fraction', label: `${desc}, ${what}, mean over seeds`, note: spread(xs) });
    }
  }
  const trainedRows = runs.flatMap((r) => r.families.filter((f) => f.trained_on));
  figures.push(
    { name: 'mean_pass1_gain_rl_groups', value: r4(mean(trainedRows.map((f) => f.trained_pass1 - f.base_pass1))), unit: 'fraction', label: 'ProRL − base pass@1, mean over RL-trained groups and seeds' },
    { name: `mean_pass${k}_gain_rl_groups`, value: r4(mean(trainedRows.map((f) => f.trained_passk - f.base_passk))), unit: 'fraction', label: `ProRL − base pass@${k}, mean over RL-trained groups and seeds` },
    { name: 'boundary_cases', value: cases.length, unit: 'count', label: `(seed, group) pairs with base pass@${k} = 0 and base format rate >= ${c.boundaryFormatRate}` },
    { name: 'boundary_cases_crossed', value: crossed.length, unit: 'count', label: `of those, trained pass@${k} > 0 (RL solves what the base never did)` },
    { name: 'boundary_cases_rl_trained', value: cases.filter((x) => x.trainedOn).length, unit: 'count', label: 'boundary cases on groups in the RL training data' },
    { name: 'boundary_cases_rl_trained_crossed', value: crossed.filter((x) => x.trainedOn).length, unit: 'count', label: 'of those, crossed by RL' },
    { name: 'boundary_cases_untrained_crossed', value: crossed.filter((x) => !x.trainedOn).length, unit: 'count', label: `boundary cases on never-trained groups (control) with trained pass@${k} > 0: transfer or chance` },
    { name: 'base_never_solves_cases', value: zeroBase.length, unit: 'count', label: `(seed, group) pairs with base pass@${k} = 0 at any format rate` },
    { name: 'base_never_solves_crossed', value: zeroBase.filter((x) => x.crossed).length, unit: 'count', label: `of those, trained pass@${k} > 0` },
    { name: 'phases_wall_time', value: r4((seeds.reduce((a, x) => a + x.elapsedSec, 0) + ablations.reduce((a, x) => a + x.elapsedSec, 0)) / 60), unit: 'min', label: 'wall time of the SFT, ProRL and evaluation phases when they ran (sum over seeds and ablations; kept when a rerun reuses them)' },
    { name: 'paper_boxnet_pass1_base', value: 0, unit: '%', source: 'quoted', citation: 'ProRL [P] Table (RG OOD): R1-Distill-1.5B boxnet pass@1 0.00', label: 'paper: base boxnet pass@1' },
    { name: 'paper_boxnet_pass1_prorl', value: 7.91, unit: '%', source: 'quoted', citation: 'ProRL [P] Table (RG OOD): ProRL-1.5B boxnet pass@1 7.91', label: 'paper: ProRL boxnet pass@1 (base pass@256 = 0)' },
    { name: 'paper_rg_avg_pass1_prorl', value: 59.06, unit: '%', source: 'quoted', citation: 'ProRL [P] Table: RG avg 4.24 (R1-Distill-1.5B) → 59.06 (ProRL-1.5B)', label: 'paper: Reasoning Gym average pass@1' },
  );

  const tables: Table[] = [];
  tables.push({
    title: `pass@1 and pass@${k}, base → ProRL (mean ± sd over ${seeds.length} seed(s))`,
    columns: [{ name: 'group', unit: '' }, { name: 'RL-trained', unit: '' }, { name: 'SFT-seen', unit: '' }, { name: 'base pass@1', unit: 'fraction' }, { name: 'ProRL pass@1', unit: 'fraction' }, { name: `base pass@${k}`, unit: 'fraction' }, { name: `ProRL pass@${k}`, unit: 'fraction' }, { name: 'base format rate', unit: 'fraction' }, { name: 'sd ProRL pass@1', unit: 'fraction' }],
    rows: groups.map((g) => {
      const rows = runs.map((r) => r.families.find((f) => f.family === g.label)!);
      const m = (f: (r: RunFamilyRow) => number) => r4(mean(rows.map(f)));
      return [g.label, g.rlTrained ? 'yes' : 'no', g.sftTrained ? 'yes' : 'no', m((r) => r.base_pass1), m((r) => r.trained_pass1), m((r) => r.base_passk), m((r) => r.trained_passk), m((r) => r.base_format_rate), r4(std(rows.map((r) => r.trained_pass1)))];
    }),
    note: `Evaluation: ${k} samples per test item (${c.evalItems} items per group) at T ${PAPER_EVAL.temperature}, top-p ${PAPER_EVAL.topP}; unbiased pass@k. SFT on ${c.trainFamilies.join(', ')} at levels ${c.sftLevels.join(', ')}; ProRL on them at levels ${c.rlLevels.join(', ')}${c.rlOnlyFamilies.length ? ` and on ${c.rlOnlyFamilies.join(', ')} (never seen by SFT) at levels ${c.rlOnlyLevels.join(', ')}` : ''}, ${c.steps} steps.`,
  });
  tables.push({
    title: 'Reasoning-boundary regimes per seed (classifyRegime on base / intermediate / final pass@k curves)',
    columns: [{ name: 'seed', unit: '' }, { name: 'group', unit: '' }, { name: 'regime', unit: '' }, { name: 'rule', unit: '' }],
    rows: seeds.flatMap((s) => s.regimes.map((r) => [s.seed, r.label, r.regime, r.reason])),
    note: `Intermediate = step ${c.midStep} of ${c.steps}. Thresholds: rl-core DEFAULT_REGIME_THRESHOLDS with kLarge = ${Math.min(128, k)}.`,
  });
  tables.push({
    title: `Groups where the base never solves (base pass@${k} = 0); a boundary case needs base format rate >= ${c.boundaryFormatRate}`,
    columns: [{ name: 'seed', unit: '' }, { name: 'group', unit: '' }, { name: 'RL-trained', unit: '' }, { name: 'base format rate', unit: 'fraction' }, { name: 'boundary case', unit: '' }, { name: `ProRL pass@${k}`, unit: 'fraction' }, { name: 'ProRL pass@1', unit: 'fraction' }, { name: 'RL solves some item', unit: '' }],
    rows: zeroBase.map((x) => [x.seed, x.label, x.trainedOn ? 'yes' : 'no', r4(x.baseFormatRate), x.inFormat ? 'yes' : 'no (format failure)', r4(x.trainedPassK), r4(x.trainedPass1), x.crossed ? 'yes' : 'no']),
    note: `${cases.length} boundary case(s) (in format), ${crossed.length} crossed by RL; ${zeroBase.length - cases.length} further zero-pass group(s) where the base mostly failed the format.`,
  });
  // Item level (supplementary, not the boundary claim): items solved at least once in n samples. Only
  // counts are stored per group, so max(0, ProRL − base) is a lower bound on the items newly solved.
  const itemRows = seeds.flatMap((s) =>
    groups.map((g) => ({ seed: s.seed, g, base: byLabel(s.base, g.label), fin: byLabel(s.final, g.label) })).filter((x) => x.base.solvedItems !== x.fin.solvedItems),
  );
  const rlItemRows = itemRows.filter((x) => x.g.rlTrained);
  figures.push(
    { name: 'items_gained_rl_groups', value: rlItemRows.reduce((a, x) => a + Math.max(0, x.fin.solvedItems - x.base.solvedItems), 0), unit: 'count', label: `test items solved at least once in ${k} samples by ProRL but not the base (lower bound), summed over RL-trained groups and seeds` },
    { name: 'items_lost_rl_groups', value: rlItemRows.reduce((a, x) => a + Math.max(0, x.base.solvedItems - x.fin.solvedItems), 0), unit: 'count', label: `test items solved by the base but no longer by ProRL in ${k} samples (lower bound), summed over RL-trained groups and seeds` },
  );
  tables.push({
    title: `Items solved at least once in ${k} samples, base → ProRL, where the count changed (item-level boundary; supplementary to the group-level claim)`,
    columns: [{ name: 'seed', unit: '' }, { name: 'group', unit: '' }, { name: 'RL-trained', unit: '' }, { name: 'base format rate', unit: 'fraction' }, { name: 'base solved items', unit: 'count' }, { name: 'ProRL solved items', unit: 'count' }, { name: 'items', unit: 'count' }],
    rows: itemRows.map((x) => [x.seed, x.g.label, x.g.rlTrained ? 'yes' : 'no', r4(x.base.formatRate), x.base.solvedItems, x.fin.solvedItems, x.base.items]),
    note: 'A group counts as a boundary case only when the base solves none of its items; an item the base never solves in a group where it solves others is not counted by the claim.',
  });
  const resetsOf = (cv: TrainCurves) => cv.resets.length;
  const upTo = (cv: TrainCurves, step: number): TrainCurves => {
    const cut = (xs: CurvePoint[]) => xs.filter((p) => p.step <= step);
    return { valPass1: cut(cv.valPass1), entropy: cut(cv.entropy), kl: cut(cv.kl), acc: cut(cv.acc), resets: cv.resets.filter((r) => r.step <= step) };
  };
  const lastOf = (xs: CurvePoint[]) => (xs.length ? xs[xs.length - 1]!.value : null);
  if (ablations.length) {
    const rowsFor = (name: string, seed: number, final: GroupEval[], curves: TrainCurves): (string | number | null)[] => {
      const rl = groups.filter((g) => g.rlTrained).map((g) => byLabel(final, g.label));
      return [name, seed, r4(mean(rl.map((e) => e.pass1))), lastOf(curves.valPass1), lastOf(curves.entropy), r4(mean(curves.entropy.map((p) => p.value))), resetsOf(curves)];
    };
    tables.push({
      title: `Ablations (one thing turned off each, ${c.ablationSteps} RL steps; same base and seed as the ProRL run, compared at the same step)`,
      columns: [{ name: 'run', unit: '' }, { name: 'seed', unit: '' }, { name: 'final pass@1, RL groups', unit: 'fraction' }, { name: 'final val pass@1', unit: 'fraction' }, { name: 'final entropy', unit: 'nats/token' }, { name: 'mean entropy', unit: 'nats/token' }, { name: 'resets', unit: 'count' }],
      rows: [
        ...seeds.filter((s) => ablations.some((a) => a.seed === s.seed)).map((s) => rowsFor(`ProRL (all on), step ${c.ablationSteps}`, s.seed, c.ablationSteps === c.steps ? s.final : s.intermediate, upTo(s.curves, c.ablationSteps))),
        ...ablations.map((a) => rowsFor(a.ablation, a.seed, a.final, a.curves)),
      ],
      note: `ProRL row: pass@1 from its ${k}-sample evaluation; ablations: ${c.ablationEvalN} samples per item. no_kl: klCoef 0; no_reset: no reference resets; symmetric_clip: ε 0.2/0.2; no_dynamic_sampling: every group kept.`,
    });
    for (const a of ablations) {
      const rl = groups.filter((g) => g.rlTrained).map((g) => byLabel(a.final, g.label));
      figures.push({ name: `ablation_${a.ablation}_seed${a.seed}_pass1_rl_groups`, value: r4(mean(rl.map((e) => e.pass1))), unit: 'fraction', label: `ablation ${a.ablation}: final pass@1 on RL-trained groups` });
      figures.push({ name: `ablation_${a.ablation}_seed${a.seed}_final_entropy`, value: lastOf(a.curves.entropy), unit: 'nats/token', label: `ablation ${a.ablation}: policy entropy at the last step` });
    }
  }
  tables.push({
    title: 'Reference resets of the ProRL runs',
    columns: [{ name: 'seed', unit: '' }, { name: 'resets', unit: 'count' }, { name: 'at steps (reason)', unit: '' }],
    rows: seeds.map((s) => [s.seed, s.curves.resets.length, s.curves.resets.map((r) => `${r.step} (${r.reason})`).join('; ')]),
  });

  const plots: PlotSpec[] = [];
  const kTicks = [1, 2, 4, 8, 16, 32, 64, 128, 256].filter((x) => x <= k);
  for (const g of groups) {
    const series = [
      { name: 'base', points: meanCurve(seeds.map((s) => s.base), g.label).map((v, i) => [i + 1, v] as const) },
      { name: `intermediate (step ${c.midStep})`, points: meanCurve(seeds.map((s) => s.intermediate), g.label).map((v, i) => [i + 1, v] as const) },
      { name: `final (step ${c.steps})`, points: meanCurve(seeds.map((s) => s.final), g.label).map((v, i) => [i + 1, v] as const) },
    ];
    plots.push({ kind: 'line', id: `passk-${g.label.replace('@', '-').toLowerCase()}`, title: `pass@k, ${g.label}${g.rlTrained ? '' : ' (never trained)'}, mean over ${seeds.length} seed(s)`, xLabel: 'k', yLabel: 'pass@k', logX: true, xTicks: kTicks, series });
  }
  const meanOf = (label: string, pick: (r: RunFamilyRow) => number) => mean(runs.map((r) => pick(r.families.find((f) => f.family === label)!)));
  plots.push({
    kind: 'bar',
    id: 'pass1-base-vs-prorl',
    title: `pass@1 per group, base vs ProRL (mean over ${seeds.length} seed(s))`,
    valueLabel: 'pass@1',
    bars: groups.flatMap((g) => [
      { label: `${g.label} base`, value: meanOf(g.label, (r) => r.base_pass1) },
      { label: `${g.label} ProRL`, value: meanOf(g.label, (r) => r.trained_pass1) },
    ]),
  });
  plots.push({
    kind: 'bar',
    id: `pass${k}-base-vs-prorl`,
    title: `pass@${k} per group, base vs ProRL (mean over ${seeds.length} seed(s))`,
    valueLabel: `pass@${k}`,
    bars: groups.flatMap((g) => [
      { label: `${g.label} base`, value: meanOf(g.label, (r) => r.base_passk) },
      { label: `${g.label} ProRL`, value: meanOf(g.label, (r) => r.trained_passk) },
    ]),
  });
  const curveSeries = (pick: (cv: TrainCurves) => CurvePoint[]) => [
    ...seeds.map((s) => ({ name: `ProRL seed ${s.seed}`, points: pick(s.curves).map((p) => [p.step, p.value] as const) })),
    ...ablations.map((a) => ({ name: `${a.ablation} seed ${a.seed}`, points: pick(a.curves).map((p) => [p.step, p.value] as const), dashed: true })),
  ];
  plots.push({ kind: 'line', id: 'train-val-pass1', title: 'Validation pass@1 during ProRL (ablations dashed)', xLabel: 'step', yLabel: 'val pass@1', series: curveSeries((cv) => cv.valPass1) });
  plots.push({ kind: 'line', id: 'train-entropy', title: 'Policy entropy during ProRL (ablations dashed)', xLabel: 'step', yLabel: 'entropy (nats/token)', series: curveSeries((cv) => cv.entropy) });
  plots.push({ kind: 'line', id: 'train-kl', title: 'KL to the reference during ProRL (ablations dashed)', xLabel: 'step', yLabel: 'k3 KL', series: curveSeries((cv) => cv.kl) });

  const gain1 = mean(trainedRows.map((f) => f.trained_pass1 - f.base_pass1));
  const crossedTrained = crossed.filter((x) => x.trainedOn).length;
  const summary = `${seeds.length} seed(s), ${c.steps} ProRL steps: pass@1 on RL-trained groups ${gain1 >= 0 ? '+' : ''}${(100 * gain1).toFixed(1)} pts; boundary cases (base pass@${k} = 0, in format) ${cases.length}, crossed by RL ${crossed.length} (${crossedTrained} on RL-trained groups, ${crossed.length - crossedTrained} on untrained control groups); ${ablations.length} ablation run(s)`;
  return {
    status: 'ok',
    summary,
    figures,
    tables,
    plots,
    // The demo's `--json` object per seed, at the record's top level (issue #5).
    runs,
    details: {
      config: c,
      boundary: cases,
      seeds: seeds.map((s) => ({ seed: s.seed, elapsedSec: s.elapsedSec, regimes: s.regimes, curves: s.curves, base: compact(s.base), intermediate: compact(s.intermediate), final: compact(s.final) })),
      ablations,
    },
  };
}
