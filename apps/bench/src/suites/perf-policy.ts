/**
 * `perf policy`: our policy engine (onnxruntime training graph + TS AdamW; KV-cache rollouts) against a
 * PyTorch peer of the same architecture, side by side in one invocation, and the sgemm peak in the same
 * window (research/ort-training-probe.md: only adjacent measurements compare fairly on a shared machine).
 *
 * Per measurement point, `pairs` adjacent pairs run: ours (median of `steps` steps), then torch (same);
 * a ratio is the median over pairs of ours/torch. The sgemm peak (numpy and torch matmul through the
 * peer, and onnxruntime's MatMul) is measured at the start and at the end; the best value is the peak.
 *
 * Reports: train step time ratio at ~1M and ~10M params (2048 tokens/step), our achieved GFLOP/s / peak
 * at ~10M, rollout tokens/s ratio (batch 64, 128 new tokens), and step time vs tokens per step on ~1M
 * with the fitted power-law exponent of each side.
 */
import { performance } from 'node:perf_hooks';
import { resolveModelConfig, type ModelConfig } from '@prorl/policy';
import { ortSgemm, type SgemmPoint } from '../peers/ort-sgemm.js';
import { probeTorch, TorchPeer, type PeerRequest, type TorchProbe } from '../peers/torch.js';
import type { BackendInfo, Figure, PlotSpec, Preset, SuiteResult, Table } from '../report/types.js';
import { pairRatios, type PairStats } from '../stats/pairs.js';
import { fitPowerLaw, type PowerLawFit } from '../stats/power-law.js';
import { cpuSnapshot, outsideCores } from '../stats/outside-load.js';
import { median } from '../timing.js';
import { perfPolicyPlan, trainStepFlops, type PerfPolicyPlan } from './perf-policy-plan.js';
import { OurPolicyBench } from './policy-ours.js';
import type { SuiteFn, SuiteOptions } from './suite.js';

export interface PerfPolicyRatios {
  /** Our step time / torch's at ~1M params, 2048 tokens per step (median over adjacent pairs). */
  train_step_time_vs_torch_1m: number | null;
  train_step_time_vs_torch_10m: number | null;
  /** Our achieved GFLOP/s at ~10M / the sgemm peak of the same window. */
  train_step_fraction_of_peak_10m: number | null;
  /** Torch's achieved GFLOP/s at ~10M / the same peak (for context). */
  torch_train_step_fraction_of_peak_10m: number | null;
  /** Our rollout tokens/s / torch's (batch 64, 128 new tokens, KV cache both sides). */
  rollout_tokens_per_s_vs_torch: number | null;
}

export interface TrainPoint {
  model: '1m' | '10m';
  params: number | null;
  B: number;
  T: number;
  tokens: number;
  flops: number;
  ours: number[];
  torch: number[];
  ratio: PairStats | null;
  /** Cores used by other processes during each pair (null where /proc is unavailable). */
  outside: (number | null)[];
}

export interface SgemmWindow {
  at: 'start' | 'end';
  numpy: Record<string, number> | null;
  torch: Record<string, number> | null;
  ort: SgemmPoint[];
}

export interface PerfPolicyResult {
  suite: 'perf-policy';
  preset: Preset;
  /** What was measured (models, sizes, pairs). */
  plan: PerfPolicyPlan;
  /** skipped: the peer or our engine is not available; failed: the peer crashed mid-run. */
  status: 'ok' | 'skipped' | 'failed';
  reason?: string;
  ratios: PerfPolicyRatios;
  peakGflops: number | null;
  train: TrainPoint[];
  rollout: { ours: number[]; torch: number[]; ratio: PairStats | null; params: number | null; outside: (number | null)[] };
  /** Median over all pairs of the cores used by other processes (0 = quiet machine). */
  outsideCoresMedian: number | null;
  fits: { ours: PowerLawFit | null; torch: PowerLawFit | null };
  sgemm: SgemmWindow[];
  torch: { version: string; numpy: string | null; blas: string | null; env: Record<string, string> } | null;
  ourEngineError: string | null;
  torchError: string | null;
}

interface TorchTrainReply {
  params: number;
  stepMs: number[];
  medianStepMs: number;
}
interface TorchRolloutReply {
  tokensPerS: number;
  ms: number[];
}
interface TorchSgemmReply {
  numpy: Record<string, number> | null;
  torch: Record<string, number>;
}

function fitOrNull(xs: number[], ys: number[]): PowerLawFit | null {
  try {
    return fitPowerLaw(xs, ys);
  } catch {
    return null;
  }
}

/** Runs the whole comparison; never throws for a missing peer or engine (it records why instead). */
export async function runPerfPolicy(preset: Preset, opts: Pick<SuiteOptions, 'log' | 'env'>, plan: PerfPolicyPlan = perfPolicyPlan(preset)): Promise<PerfPolicyResult> {
  const log = opts.log;
  const probe: TorchProbe = probeTorch(opts.env);
  if (!probe.available) log(`perf-policy: ${probe.reason}`);
  const peer = probe.available ? TorchPeer.start(probe) : null;
  const ours = new OurPolicyBench(plan.seed);
  let ourEngineError: string | null = null;
  const oursOr = async <T>(f: () => Promise<T>): Promise<T | null> => {
    if (ourEngineError) return null;
    try {
      return await f();
    } catch (err) {
      ourEngineError = `${(err as Error).name}: ${(err as Error).message}`;
      log(`perf-policy: our engine failed: ${ourEngineError}`);
      return null;
    }
  };
  let torchError: string | null = null;
  /** Runs a peer request; after a peer failure, records it once and stops asking (our side continues). */
  const peerOr = async <T>(req: PeerRequest): Promise<T | null> => {
    if (!peer || torchError) return null;
    try {
      return await peer.request<T>(req);
    } catch (err) {
      torchError = (err as Error).message;
      log(`perf-policy: PyTorch peer failed: ${torchError}`);
      return null;
    }
  };
  const sgemm: SgemmWindow[] = [];
  const measureSgemm = async (at: 'start' | 'end') => {
    const w: SgemmWindow = { at, numpy: null, torch: null, ort: [] };
    const r = await peerOr<TorchSgemmReply>({ task: 'sgemm', sizes: plan.sgemmSizes, reps: plan.sgemmReps });
    if (r) {
      w.numpy = r.numpy;
      w.torch = r.torch;
    }
    try {
      w.ort = await ortSgemm(plan.sgemmSizes, plan.sgemmReps, plan.seed);
    } catch (err) {
      log(`perf-policy: onnxruntime sgemm probe failed: ${(err as Error).message}`);
    }
    sgemm.push(w);
    log(`perf-policy: sgemm (${at}) numpy ${JSON.stringify(w.numpy)} torch ${JSON.stringify(w.torch)} ort ${w.ort.map((p) => `${p.n}:${p.gflops.toFixed(0)}`).join(' ')} GFLOP/s`);
  };

  const train: TrainPoint[] = [];
  const rollout = { ours: [] as number[], torch: [] as number[], ratio: null as PairStats | null, params: null as number | null, outside: [] as (number | null)[] };
  const snap = () => cpuSnapshot([process.pid, ...(peer?.pid !== undefined ? [peer.pid] : [])]);
  try {
    await measureSgemm('start');
    const points: { model: '1m' | '10m'; cfg: Partial<ModelConfig>; tokens: number }[] = [
      ...plan.sweepTokens.map((tokens) => ({ model: '1m' as const, cfg: plan.small, tokens })),
      { model: '10m', cfg: plan.large, tokens: plan.ratioTokens },
    ];
    const t0 = performance.now();
    for (const [pi, p] of points.entries()) {
      const cfg = resolveModelConfig(p.cfg);
      const T = plan.seqLen;
      const B = Math.max(1, Math.round(p.tokens / T));
      const pt: TrainPoint = { model: p.model, params: null, B, T, tokens: B * T, flops: trainStepFlops(cfg, B, T), ours: [], torch: [], ratio: null, outside: [] };
      for (let i = 0; i < plan.pairs; i++) {
        const warmup = i === 0 ? 1 : 0;
        const s0 = snap();
        const o = await oursOr(() => ours.trainSteps(p.cfg, B, T, plan.steps, warmup));
        if (o) {
          pt.ours.push(o.medianStepMs);
          pt.params = o.params;
        }
        const t = await peerOr<TorchTrainReply>({ task: 'train', model: cfg, batch: B, seqLen: T, steps: plan.steps, warmup, seed: plan.seed });
        if (t) {
          pt.torch.push(t.medianStepMs);
          pt.params ??= t.params;
        }
        pt.outside.push(outsideCores(s0, snap()));
      }
      pt.ratio = pairRatios(pt.ours, pt.torch);
      train.push(pt);
      const elapsed = (performance.now() - t0) / 1000;
      log(`perf-policy: [${pi + 1}/${points.length}, ${elapsed.toFixed(0)} s] train ${p.model} B=${B} T=${T}: ours ${fmtMs(pt.ours)} torch ${fmtMs(pt.torch)}${pt.ratio ? ` ratio ${pt.ratio.median.toFixed(3)}` : ''}${fmtOutside(pt.outside)}`);
    }
    await ours.release();

    const rcfg = resolveModelConfig(plan.small);
    const ro = plan.rollout;
    for (let i = 0; i < plan.pairs; i++) {
      const warmup = i === 0 ? 1 : 0;
      const s0 = snap();
      const o = await oursOr(() => ours.rolloutRuns(plan.small, ro.batch, ro.promptLen, ro.newTokens, plan.rolloutReps, warmup));
      if (o) {
        rollout.ours.push(o.tokensPerS);
        rollout.params = o.params;
      }
      const t = await peerOr<TorchRolloutReply>({ task: 'rollout', model: rcfg, ...ro, reps: plan.rolloutReps, warmup, seed: plan.seed });
      if (t) rollout.torch.push(t.tokensPerS);
      rollout.outside.push(outsideCores(s0, snap()));
    }
    rollout.ratio = pairRatios(rollout.ours, rollout.torch);
    log(`perf-policy: rollout tokens/s ours ${rollout.ours.map((x) => x.toFixed(0)).join(',')} torch ${rollout.torch.map((x) => x.toFixed(0)).join(',')}${fmtOutside(rollout.outside)}`);
    await measureSgemm('end');
  } finally {
    await ours.release();
    await peer?.close();
  }

  const peaks = sgemm.flatMap((w) => [...Object.values(w.numpy ?? {}), ...Object.values(w.torch ?? {}), ...w.ort.map((p) => p.gflops)]);
  const peakGflops = peaks.length > 0 ? Math.max(...peaks) : null;
  const at = (model: '1m' | '10m', tokens: number) => train.find((t) => t.model === model && t.tokens === tokens);
  const p1 = at('1m', plan.ratioTokens);
  const p10 = at('10m', plan.ratioTokens);
  const frac = (xs: number[] | undefined, flops: number | undefined) =>
    xs && xs.length > 0 && flops && peakGflops ? flops / (median(xs) * 1e6) / peakGflops : null;
  const sweep = train.filter((t) => t.model === '1m');
  const ratios: PerfPolicyRatios = {
    train_step_time_vs_torch_1m: p1?.ratio?.median ?? null,
    train_step_time_vs_torch_10m: p10?.ratio?.median ?? null,
    train_step_fraction_of_peak_10m: frac(p10?.ours, p10?.flops),
    torch_train_step_fraction_of_peak_10m: frac(p10?.torch, p10?.flops),
    rollout_tokens_per_s_vs_torch: rollout.ratio?.median ?? null,
  };
  const outsideAll = [...train.flatMap((t) => t.outside), ...rollout.outside].filter((x): x is number => x !== null);
  const reasons: string[] = [];
  if (!probe.available) reasons.push(`PyTorch peer not available: ${probe.reason}`);
  if (ourEngineError) reasons.push(`policy engine not available: ${ourEngineError}`);
  if (torchError) reasons.push(`PyTorch peer failed: ${torchError}`);
  return {
    suite: 'perf-policy',
    preset,
    plan,
    status: torchError ? 'failed' : reasons.length > 0 ? 'skipped' : 'ok',
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
    ratios,
    peakGflops,
    train,
    rollout,
    outsideCoresMedian: outsideAll.length > 0 ? median(outsideAll) : null,
    fits: {
      ours: fitOrNull(sweep.filter((t) => t.ours.length > 0).map((t) => t.tokens), sweep.filter((t) => t.ours.length > 0).map((t) => median(t.ours))),
      torch: fitOrNull(sweep.filter((t) => t.torch.length > 0).map((t) => t.tokens), sweep.filter((t) => t.torch.length > 0).map((t) => median(t.torch))),
    },
    sgemm,
    torch: probe.available ? { version: probe.torch, numpy: probe.numpy, blas: probe.blas, env: probe.env } : null,
    ourEngineError,
    torchError,
  };
}

function fmtOutside(xs: (number | null)[]): string {
  const v = xs.filter((x): x is number => x !== null);
  return v.length > 0 ? ` (others used ${median(v).toFixed(2)} cores)` : '';
}

function fmtMs(xs: number[]): string {
  return xs.length === 0 ? '-' : `${median(xs).toFixed(1)} ms`;
}

const med = (xs: number[]): number | null => (xs.length > 0 ? median(xs) : null);

/** The record the report renders. */
export function perfPolicyToSuiteResult(r: PerfPolicyResult): SuiteResult {
  const RATIO_TOKENS = r.plan.ratioTokens;
  const ROLLOUT = r.plan.rollout;
  const p1 = r.train.find((t) => t.model === '1m' && t.tokens === RATIO_TOKENS);
  const p10 = r.train.find((t) => t.model === '10m');
  const gf = (xs: number[] | undefined, flops: number | undefined) => (xs && xs.length > 0 && flops ? flops / (median(xs) * 1e6) : null);
  const pairNote = (s: PairStats | null | undefined) => (s ? `median of ${s.n} adjacent pair(s), range ${s.min.toFixed(3)}–${s.max.toFixed(3)}` : 'needs both sides');
  const figures: Figure[] = [
    { name: 'train_step_time_vs_torch_1m', value: r.ratios.train_step_time_vs_torch_1m, unit: 'ratio (ours/torch time)', label: `train step time, ~1M params, ${RATIO_TOKENS} tokens`, note: pairNote(p1?.ratio) },
    { name: 'train_step_time_vs_torch_10m', value: r.ratios.train_step_time_vs_torch_10m, unit: 'ratio (ours/torch time)', label: `train step time, ~10M params, ${RATIO_TOKENS} tokens`, note: pairNote(p10?.ratio) },
    { name: 'train_step_fraction_of_peak_10m', value: r.ratios.train_step_fraction_of_peak_10m, unit: 'fraction of sgemm peak', label: 'our achieved GFLOP/s at ~10M / sgemm peak' },
    { name: 'torch_train_step_fraction_of_peak_10m', value: r.ratios.torch_train_step_fraction_of_peak_10m, unit: 'fraction of sgemm peak', label: "PyTorch's achieved GFLOP/s at ~10M / sgemm peak" },
    { name: 'rollout_tokens_per_s_vs_torch', value: r.ratios.rollout_tokens_per_s_vs_torch, unit: 'ratio (ours/torch tokens/s)', label: `rollout throughput, batch ${ROLLOUT.batch}, ${ROLLOUT.newTokens} new tokens, KV cache`, note: pairNote(r.rollout.ratio) },
    {
      name: 'outside_load_cores',
      value: r.outsideCoresMedian,
      unit: 'cores',
      label: 'CPU used by other processes during the pairs (median; 0 = quiet)',
      ...(r.outsideCoresMedian !== null && r.outsideCoresMedian > 0.25 ? { note: 'the machine was shared: absolute times are inflated and ratios noisier' } : {}),
    },
    { name: 'sgemm_peak', value: r.peakGflops, unit: 'GFLOP/s', label: 'best sgemm of the window (numpy / torch / onnxruntime MatMul)' },
    { name: 'train_step_ms_ours_1m', value: med(p1?.ours ?? []), unit: 'ms', label: 'our train step, ~1M' },
    { name: 'train_step_ms_torch_1m', value: med(p1?.torch ?? []), unit: 'ms', label: 'PyTorch train step, ~1M' },
    { name: 'train_step_ms_ours_10m', value: med(p10?.ours ?? []), unit: 'ms', label: 'our train step, ~10M' },
    { name: 'train_step_ms_torch_10m', value: med(p10?.torch ?? []), unit: 'ms', label: 'PyTorch train step, ~10M' },
    { name: 'train_gflops_ours_10m', value: gf(p10?.ours, p10?.flops), unit: 'GFLOP/s', label: 'our achieved rate, ~10M' },
    { name: 'train_gflops_torch_10m', value: gf(p10?.torch, p10?.flops), unit: 'GFLOP/s', label: 'PyTorch achieved rate, ~10M' },
    { name: 'rollout_tokens_per_s_ours', value: med(r.rollout.ours), unit: 'tokens/s', label: 'our rollout' },
    { name: 'rollout_tokens_per_s_torch', value: med(r.rollout.torch), unit: 'tokens/s', label: 'PyTorch rollout' },
    { name: 'step_time_exponent_ours', value: r.fits.ours?.exponent ?? null, unit: 'exponent k (time ∝ tokens^k)', label: 'our step time vs tokens per step, ~1M', ...(r.fits.ours ? { note: `R² ${r.fits.ours.r2.toFixed(3)}, ${r.fits.ours.n} points` } : {}) },
    { name: 'step_time_exponent_torch', value: r.fits.torch?.exponent ?? null, unit: 'exponent k (time ∝ tokens^k)', label: 'PyTorch step time vs tokens per step, ~1M', ...(r.fits.torch ? { note: `R² ${r.fits.torch.r2.toFixed(3)}, ${r.fits.torch.n} points` } : {}) },
  ];
  const trainTable: Table = {
    title: 'Training step (forward + backward + AdamW), medians; ratio = median over adjacent pairs of ours/torch',
    columns: [
      { name: 'model', unit: '' },
      { name: 'params', unit: 'count' },
      { name: 'B×T', unit: '' },
      { name: 'tokens', unit: 'count' },
      { name: 'ours', unit: 'ms' },
      { name: 'PyTorch', unit: 'ms' },
      { name: 'ratio', unit: 'ours/torch' },
      { name: 'ours', unit: 'GFLOP/s' },
      { name: 'PyTorch', unit: 'GFLOP/s' },
      { name: 'others’ CPU', unit: 'cores' },
    ],
    rows: r.train.map((t) => [t.model === '1m' ? '~1M' : '~10M', t.params, `${t.B}×${t.T}`, t.tokens, med(t.ours), med(t.torch), t.ratio?.median ?? null, gf(t.ours, t.flops), gf(t.torch, t.flops), med(t.outside.filter((x): x is number => x !== null))]),
    note: 'FLOPs per step = 6·(matmul params)·tokens + 12·B·T²·D·L. Every number measured in this run.',
  };
  const sgemmTable: Table = {
    title: 'sgemm probe (square float32 matmul), start and end of the window',
    columns: [{ name: 'when', unit: '' }, { name: 'engine', unit: '' }, { name: 'n', unit: '' }, { name: 'rate', unit: 'GFLOP/s' }],
    rows: r.sgemm.flatMap((w) => [
      ...Object.entries(w.numpy ?? {}).map(([n, v]) => [w.at, 'numpy', n, v]),
      ...Object.entries(w.torch ?? {}).map(([n, v]) => [w.at, 'torch', n, v]),
      ...w.ort.map((p) => [w.at, 'onnxruntime MatMul', String(p.n), p.gflops]),
    ]),
  };
  const sweep = r.train.filter((t) => t.model === '1m');
  const fitSeries = (f: PowerLawFit | null, name: string, colourIndex: number) =>
    f && sweep.length > 1 ? [{ name: `${name} fit: time ∝ tokens^${f.exponent.toFixed(2)}`, dashed: true, colourIndex, points: [sweep[0]!, sweep[sweep.length - 1]!].map((t) => [t.tokens, f.scale * t.tokens ** f.exponent] as [number, number]) }] : [];
  const plots: PlotSpec[] = [
    {
      kind: 'line',
      id: 'step-vs-tokens',
      title: 'Train step time vs tokens per step (~1M params)',
      xLabel: 'tokens per step',
      yLabel: 'step time (ms)',
      logX: true,
      logY: true,
      xTicks: sweep.map((t) => t.tokens),
      series: [
        { name: 'ours (onnxruntime + TS AdamW)', points: sweep.filter((t) => t.ours.length).map((t) => [t.tokens, median(t.ours)] as [number, number]) },
        { name: 'PyTorch', points: sweep.filter((t) => t.torch.length).map((t) => [t.tokens, median(t.torch)] as [number, number]) },
        ...fitSeries(r.fits.ours, 'ours', 0),
        ...fitSeries(r.fits.torch, 'PyTorch', 1),
      ],
    },
    {
      kind: 'bar',
      id: 'ratios',
      title: 'Ours vs PyTorch (adjacent pairs, medians)',
      valueLabel: 'ratio (time: < 1 is faster; tokens/s: > 1 is faster)',
      reference: 1,
      bars: [
        { label: 'train step time, ~1M', value: r.ratios.train_step_time_vs_torch_1m ?? Number.NaN },
        { label: 'train step time, ~10M', value: r.ratios.train_step_time_vs_torch_10m ?? Number.NaN },
        { label: 'rollout tokens/s', value: r.ratios.rollout_tokens_per_s_vs_torch ?? Number.NaN },
        { label: 'ours: fraction of peak, ~10M', value: r.ratios.train_step_fraction_of_peak_10m ?? Number.NaN },
        { label: 'torch: fraction of peak, ~10M', value: r.ratios.torch_train_step_fraction_of_peak_10m ?? Number.NaN },
      ],
    },
  ];
  const backends: BackendInfo[] = [
    r.torch
      ? { name: 'torch', version: r.torch.version, note: `peer; BLAS ${r.torch.blas ?? 'unknown'}; ${Object.entries(r.torch.env).map(([k, v]) => `${k}=${v}`).join(' ')}, torch.set_num_threads(1)` }
      : { name: 'torch', version: null, note: 'peer not available' },
    { name: 'numpy', version: r.torch?.numpy ?? null },
  ];
  const fmt = (v: number | null) => (v === null ? 'n/a' : v.toFixed(2));
  return {
    status: r.status,
    ...(r.reason ? { reason: r.reason } : {}),
    summary: `train step time ours/torch: ${fmt(r.ratios.train_step_time_vs_torch_1m)} (~1M), ${fmt(r.ratios.train_step_time_vs_torch_10m)} (~10M); fraction of sgemm peak at ~10M: ${fmt(r.ratios.train_step_fraction_of_peak_10m)}; rollout tokens/s ours/torch: ${fmt(r.ratios.rollout_tokens_per_s_vs_torch)}`,
    figures,
    tables: [trainTable, sgemmTable],
    plots,
    details: r,
    backends,
  };
}

export const perfPolicySuite: SuiteFn = async (preset, opts) => perfPolicyToSuiteResult(await runPerfPolicy(preset, opts));

/** Text form for `prorl-bench perf policy`. */
export function formatPerfPolicy(r: PerfPolicyResult): string {
  const lines = [`perf policy (${r.preset})${r.reason ? ` — ${r.status}: ${r.reason}` : ''}`];
  for (const [k, v] of Object.entries(r.ratios)) lines.push(`  ${k.padEnd(40)} ${v === null ? 'n/a' : v.toFixed(3)}`);
  lines.push(`  ${'sgemm peak (GFLOP/s)'.padEnd(40)} ${r.peakGflops === null ? 'n/a' : r.peakGflops.toFixed(1)}`);
  for (const [side, f] of Object.entries(r.fits)) if (f) lines.push(`  step time ∝ tokens^k, ${side.padEnd(27)} k = ${f.exponent.toFixed(3)} (R² ${f.r2.toFixed(3)})`);
  return lines.join('\n');
}
