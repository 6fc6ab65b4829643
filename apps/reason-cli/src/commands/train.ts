import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_PRORL_CONFIG,
  DEFAULT_PRORL_SUITE,
  ProRLConfigError,
  resolveProRLConfig,
  trainProRL,
  type ProRLConfig,
  type ProRLConfigInput,
  type ProRLStepMetrics,
  type SuiteSpec,
} from '@prorl/reasoning';
import type { Argv } from 'yargs';
import { CliInputError } from '../errors.js';
import { abortOnSigint, formatDuration, num, parseIntList, parseList } from './common.js';

const D = DEFAULT_PRORL_CONFIG;

/** The flag that sets each config field, so a config error can name the option to change. */
const FLAG_OF: Record<string, string> = {
  seed: '--seed',
  'model.init.dir': '--init',
  'data.suite.heldOut': '--held-out',
  'rollout.promptsPerStep': '--prompts-per-step',
  'rollout.n': '--n',
  'rollout.temperature': '--temperature',
  'rollout.topP': '--top-p',
  'rollout.maxNewTokens': '--max-new-tokens',
  'algorithm.miniBatchPrompts': '--mini-batch-prompts',
  'algorithm.clipLow': '--clip-low',
  'algorithm.clipHigh': '--clip-high',
  'algorithm.klCoef': '--kl-coef',
  'algorithm.klType': '--kl-type',
  'algorithm.dynamicSampling.maxRounds': '--max-rounds',
  'algorithm.stopProperlyCoef': '--stop-properly-coef',
  'algorithm.overlong.bufferLength': '--overlong-buffer',
  'algorithm.overlong.penaltyFactor': '--overlong-penalty',
  'optimizer.lr': '--lr',
  'optimizer.gradClip': '--grad-clip',
  'reset.manualAtSteps': '--reset-at',
  'validation.every': '--validate-every',
  'validation.items': '--val-items',
  'validation.n': '--val-n',
  'run.steps': '--steps',
  'run.checkpointEvery': '--checkpoint-every',
  'run.resume': '--resume',
};

/** The `train` options as yargs parses them (undefined = not given: the config file or default applies). */
export interface TrainArgs {
  config?: string | undefined;
  init?: string | undefined;
  out?: string | undefined;
  resume?: boolean | undefined;
  steps?: number | undefined;
  seed?: number | undefined;
  families?: string | undefined;
  levels?: string | undefined;
  'held-out'?: string | undefined;
  n?: number | undefined;
  'prompts-per-step'?: number | undefined;
  'mini-batch-prompts'?: number | undefined;
  temperature?: number | undefined;
  'top-p'?: number | undefined;
  'max-new-tokens'?: number | undefined;
  lr?: number | undefined;
  'grad-clip'?: number | undefined;
  'clip-low'?: number | undefined;
  'clip-high'?: number | undefined;
  'kl-coef'?: number | undefined;
  'kl-type'?: string | undefined;
  'dynamic-sampling'?: boolean | undefined;
  'max-rounds'?: number | undefined;
  'stop-properly-coef'?: number | undefined;
  'overlong-buffer'?: number | undefined;
  'overlong-penalty'?: number | undefined;
  'validate-every'?: number | undefined;
  'val-items'?: number | undefined;
  'val-n'?: number | undefined;
  'checkpoint-every'?: number | undefined;
  'reset-at'?: string | undefined;
  'reset-patience'?: number | undefined;
  'reset-decline'?: number | undefined;
  'reset-min-gap'?: number | undefined;
}

function readConfigFile(file: string): ProRLConfigInput {
  if (!existsSync(file)) throw new CliInputError(`--config ${file}`, 'no such file', 'pass a JSON file shaped like the ProRL config input (sections seed, model, data, rollout, algorithm, optimizer, reset, validation, run)');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliInputError(`--config ${file}`, `is not valid JSON (${(e as Error).message})`, 'fix the JSON syntax');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new CliInputError(`--config ${file}`, 'must hold a JSON object', 'write { "rollout": { "n": 8 }, ... }');
  const known = new Set(['seed', ...Object.keys(D)]);
  const unknown = Object.keys(json).filter((k) => !known.has(k));
  if (unknown.length) throw new CliInputError(`--config ${file}`, `unknown section(s) ${unknown.join(', ')}`, `use only ${[...known].join(', ')}`);
  return json as ProRLConfigInput;
}

/** The config file (or {}) with the given flags laid over it; sections are merged field by field. */
export function trainInput(a: TrainArgs): ProRLConfigInput {
  for (const [k, v] of Object.entries(a)) {
    if (Array.isArray(v) && /^[a-z-]+$/.test(k)) {
      throw new CliInputError(`--${k}`, `is given more than once (${v.map(String).join(', ')})`, `pass --${k} once`);
    }
  }
  const file = a.config !== undefined ? readConfigFile(a.config) : {};
  const def = <T>(v: T | undefined): v is T => v !== undefined;
  const c: ProRLConfigInput = { ...file };
  if (def(a.seed)) c.seed = a.seed;
  if (def(a.init)) c.model = { ...c.model, init: { kind: 'checkpoint', dir: a.init } };

  // data: --families / --levels / --held-out rebuild the suite from the file's (or the default) suite.
  const families = parseList(a.families);
  const levels = parseIntList('--levels', a.levels);
  const heldOut = parseList(a['held-out']);
  if (families || levels || heldOut) {
    const base: SuiteSpec = c.data?.suite ?? DEFAULT_PRORL_SUITE;
    const trainFams = families ?? base.entries.map((e) => e.family).filter((f) => !(base.heldOut ?? []).includes(f));
    const held = heldOut ?? (families ? [] : [...(base.heldOut ?? [])]);
    const levelsOf = (f: string) => levels ?? base.entries.find((e) => e.family === f)?.levels;
    const entries = [...new Set([...trainFams, ...held])].map((family) => {
      const ls = levelsOf(family);
      return ls ? { family, levels: [...ls] } : { family };
    });
    c.data = { ...c.data, suite: { name: families ? 'cli' : base.name, entries, heldOut: held } };
  }

  const rollout = { ...c.rollout };
  if (def(a.n)) rollout.n = a.n;
  if (def(a['prompts-per-step'])) rollout.promptsPerStep = a['prompts-per-step'];
  if (def(a.temperature)) rollout.temperature = a.temperature;
  if (def(a['top-p'])) rollout.topP = a['top-p'];
  if (def(a['max-new-tokens'])) rollout.maxNewTokens = a['max-new-tokens'];
  c.rollout = rollout;

  const alg = { ...c.algorithm };
  if (def(a['mini-batch-prompts'])) alg.miniBatchPrompts = a['mini-batch-prompts'];
  if (def(a['clip-low'])) alg.clipLow = a['clip-low'];
  if (def(a['clip-high'])) alg.clipHigh = a['clip-high'];
  if (def(a['kl-coef'])) alg.klCoef = a['kl-coef'];
  if (def(a['kl-type'])) alg.klType = a['kl-type'] as ProRLConfig['algorithm']['klType'];
  if (def(a['dynamic-sampling']) || def(a['max-rounds'])) {
    alg.dynamicSampling = { ...(alg.dynamicSampling ?? D.algorithm.dynamicSampling) };
    if (def(a['dynamic-sampling'])) alg.dynamicSampling.enabled = a['dynamic-sampling'];
    if (def(a['max-rounds'])) alg.dynamicSampling.maxRounds = a['max-rounds'];
  }
  if (def(a['stop-properly-coef'])) alg.stopProperlyCoef = a['stop-properly-coef'];
  if (def(a['overlong-buffer']) || def(a['overlong-penalty'])) {
    const have = alg.overlong ?? null;
    const bufferLength = a['overlong-buffer'] ?? have?.bufferLength;
    if (bufferLength === undefined) throw new CliInputError('--overlong-penalty', 'needs a soft buffer length', 'pass --overlong-buffer N as well (e.g. 16)');
    alg.overlong = { bufferLength, penaltyFactor: a['overlong-penalty'] ?? have?.penaltyFactor ?? 1 };
  }
  c.algorithm = alg;

  const opt = { ...c.optimizer };
  if (def(a.lr)) opt.lr = a.lr;
  if (def(a['grad-clip'])) opt.gradClip = a['grad-clip'];
  c.optimizer = opt;

  const reset = { ...c.reset };
  const resetAt = parseIntList('--reset-at', a['reset-at']);
  if (resetAt) reset.manualAtSteps = resetAt;
  if (def(a['reset-patience']) || def(a['reset-decline']) || def(a['reset-min-gap'])) {
    const ctl = { ...(reset.controller ?? D.reset.controller) };
    if (def(a['reset-patience'])) ctl.stagnation = a['reset-patience'] === 0 ? null : { ...(ctl.stagnation ?? { minDelta: 0 }), patience: a['reset-patience'] };
    if (def(a['reset-decline'])) ctl.decline = a['reset-decline'] === 0 ? null : { ...(ctl.decline ?? {}), declineDelta: a['reset-decline'] };
    if (def(a['reset-min-gap'])) ctl.minGapSteps = a['reset-min-gap'];
    reset.controller = ctl;
  }
  c.reset = reset;

  const val = { ...c.validation };
  if (def(a['validate-every'])) val.every = a['validate-every'];
  if (def(a['val-items'])) val.items = a['val-items'];
  if (def(a['val-n'])) val.n = a['val-n'];
  c.validation = val;

  const run = { ...c.run };
  if (def(a.out)) run.outDir = a.out;
  if (def(a.resume)) run.resume = a.resume;
  if (def(a.steps)) run.steps = a.steps;
  if (def(a['checkpoint-every'])) run.checkpointEvery = a['checkpoint-every'];
  c.run = run;
  return c;
}

/** resolveProRLConfig, with errors naming the CLI flag of the field. */
export function resolveTrainConfig(input: ProRLConfigInput): ProRLConfig {
  try {
    return resolveProRLConfig(input);
  } catch (err) {
    if (err instanceof ProRLConfigError) {
      const field = /^config '(.+)'$/.exec(err.where)?.[1];
      const flag = field !== undefined ? FLAG_OF[field] : undefined;
      throw new CliInputError(flag ? `${err.where} (${flag})` : err.where, err.rule, err.fix);
    }
    throw err;
  }
}

/** One progress line per step: reward, accuracy, KL, clip fraction, entropy, groups, validation, resets. */
export function formatTrainStep(m: ProRLStepMetrics, steps: number, done: number): string {
  const elapsed = m['time/elapsed_sec'] as number;
  const rate = elapsed > 0 ? done / elapsed : 0;
  const parts = [
    `step ${m.step}/${steps}`,
    `reward ${num(m['reward/mean'])}`,
    `acc ${num(m['acc/mean'])}`,
    `kl ${num(m['actor/kl_loss'])}`,
    `clip ${num(m['actor/pg_clipfrac'])}`,
    `ent ${num(m['actor/entropy'])}`,
    `groups kept ${String(m['dynamic/kept_groups'])}/${String(m['dynamic/generated_groups'])} dropped ${String(m['dynamic/dropped_groups'])}${m['dynamic/exhausted'] === true ? ' (rounds exhausted)' : ''}`,
  ];
  if (typeof m['val/pass1'] === 'number') parts.push(`val pass@1 ${num(m['val/pass1'])}`);
  parts.push(`${rate.toFixed(3)} step/s, ETA ${formatDuration(m['time/eta_sec'] as number)}`);
  let line = parts.join(' | ');
  if (m['reset/reason'] !== undefined) line += `\n  RESET at step ${m.step} (${String(m['reset/reason'])}): ${String(m['reset/detail'])}`;
  return line;
}

export function trainCommand(y: Argv): Argv {
  const R = D.rollout;
  const A = D.algorithm;
  const V = D.validation;
  const ctl = D.reset.controller;
  return y.command(
    'train',
    'ProRL training (GRPO + clip-higher + dynamic sampling + KL + reference resets) from a base checkpoint. Flags override --config FILE, which overrides the defaults. Writes <out>/metrics.jsonl and <out>/checkpoints/; SIGINT stops after the current step with a checkpoint; --resume continues exactly.',
    (c) =>
      c
        .option('config', { type: 'string', describe: 'JSON file shaped like the config input ({ seed, model, data, rollout, algorithm, optimizer, reset, validation, run }, every section partial)', defaultDescription: 'none (defaults)' })
        .group(['config', 'init', 'out', 'resume', 'steps', 'seed', 'checkpoint-every'], 'Run:')
        .option('init', { type: 'string', describe: 'base checkpoint directory (e.g. written by `sft`)', defaultDescription: JSON.stringify(D.model.init.kind === 'checkpoint' ? D.model.init.dir : 'random') })
        .option('out', { type: 'string', describe: 'run directory (metrics.jsonl, checkpoints/)', defaultDescription: 'none (nothing written)' })
        .option('resume', { type: 'boolean', describe: 'continue from <out>/checkpoints/last (same seed, data and rollout settings)', defaultDescription: 'false' })
        .option('steps', { type: 'number', describe: 'training steps (paper: > 2,000)', defaultDescription: String(D.run.steps) })
        .option('seed', { type: 'number', describe: 'seed of the data order and the rollout RNG stream', defaultDescription: String(D.seed) })
        .option('checkpoint-every', { type: 'number', describe: 'checkpoint every N steps (0: only at exit)', defaultDescription: String(D.run.checkpointEvery) })
        .group(['families', 'levels', 'held-out'], 'Data:')
        .option('families', { type: 'string', describe: 'comma-separated training families', defaultDescription: DEFAULT_PRORL_SUITE.entries.map((e) => e.family).filter((f) => !(DEFAULT_PRORL_SUITE.heldOut ?? []).includes(f)).join(',') })
        .option('levels', { type: 'string', describe: 'comma-separated levels for every family', defaultDescription: '1' })
        .option('held-out', { type: 'string', describe: 'comma-separated families seen only in validation', defaultDescription: (DEFAULT_PRORL_SUITE.heldOut ?? []).join(',') })
        .group(['n', 'prompts-per-step', 'temperature', 'top-p', 'max-new-tokens'], 'Rollout:')
        .option('n', { type: 'number', describe: 'responses per prompt, the GRPO group size (paper: 16)', defaultDescription: String(R.n) })
        .option('prompts-per-step', { type: 'number', describe: 'prompts per step (paper: 256)', defaultDescription: String(R.promptsPerStep) })
        .option('temperature', { type: 'number', describe: 'rollout temperature (paper: 1.2)', defaultDescription: String(R.temperature) })
        .option('top-p', { type: 'number', describe: 'rollout nucleus mass', defaultDescription: String(R.topP) })
        .option('max-new-tokens', { type: 'number', describe: 'maximum response tokens', defaultDescription: String(R.maxNewTokens) })
        .group(['mini-batch-prompts', 'clip-low', 'clip-high', 'kl-coef', 'kl-type', 'dynamic-sampling', 'max-rounds', 'stop-properly-coef', 'overlong-buffer', 'overlong-penalty'], 'Algorithm:')
        .option('mini-batch-prompts', { type: 'number', describe: 'prompts per mini-batch; must divide --prompts-per-step (paper: 64 of 256)', defaultDescription: String(A.miniBatchPrompts) })
        .option('clip-low', { type: 'number', describe: 'ε_low, in (0, 1) (paper: 0.2)', defaultDescription: String(A.clipLow) })
        .option('clip-high', { type: 'number', describe: 'ε_high, clip-higher (paper: 0.4)', defaultDescription: String(A.clipHigh) })
        .option('kl-coef', { type: 'number', describe: 'β of the KL-to-reference loss (0 turns it off)', defaultDescription: String(A.klCoef) })
        .option('kl-type', { type: 'string', describe: 'KL estimator (k1, k2, k3, ...)', defaultDescription: A.klType })
        .option('dynamic-sampling', { type: 'boolean', describe: 'DAPO dynamic sampling; --no-dynamic-sampling keeps every group', defaultDescription: String(A.dynamicSampling.enabled) })
        .option('max-rounds', { type: 'number', describe: 'generation rounds per step to refill dropped groups', defaultDescription: String(A.dynamicSampling.maxRounds) })
        .option('stop-properly-coef', { type: 'number', describe: 'reward factor of truncated responses, in [0, 1]', defaultDescription: 'off' })
        .option('overlong-buffer', { type: 'number', describe: 'DAPO overlong soft buffer (tokens before --max-new-tokens)', defaultDescription: 'off' })
        .option('overlong-penalty', { type: 'number', describe: 'DAPO overlong penalty at the maximum length (with --overlong-buffer)', defaultDescription: '1.0' })
        .group(['lr', 'grad-clip'], 'Optimizer:')
        .option('lr', { type: 'number', describe: 'AdamW learning rate (paper: 2e-6 at 1.5B)', defaultDescription: String(D.optimizer.lr) })
        .option('grad-clip', { type: 'number', describe: 'global gradient-norm clip', defaultDescription: String(D.optimizer.gradClip) })
        .group(['validate-every', 'val-items', 'val-n', 'reset-at', 'reset-patience', 'reset-decline', 'reset-min-gap'], 'Validation and reference resets:')
        .option('validate-every', { type: 'number', describe: 'validate every N steps (0: never)', defaultDescription: String(V.every) })
        .option('val-items', { type: 'number', describe: 'validation items', defaultDescription: String(V.items) })
        .option('val-n', { type: 'number', describe: 'samples per validation item', defaultDescription: String(V.n) })
        .option('reset-at', { type: 'string', describe: 'comma-separated steps with a manual reference reset, e.g. 10,20', defaultDescription: 'none' })
        .option('reset-patience', { type: 'number', describe: 'validations without improvement before a reset (0 disables)', defaultDescription: String(ctl.stagnation?.patience ?? 'off') })
        .option('reset-decline', { type: 'number', describe: 'validation drop from the best that triggers a reset (0 disables)', defaultDescription: String(ctl.decline?.declineDelta ?? 'off') })
        .option('reset-min-gap', { type: 'number', describe: 'minimum steps between automatic resets', defaultDescription: String(ctl.minGapSteps ?? 'default') })
        .option('json', { type: 'boolean', default: false, describe: 'print a one-line JSON summary at the end' }),
    async (a) => {
      const config = resolveTrainConfig(trainInput(a as TrainArgs));
      const where = config.run.outDir === null ? 'no output directory (pass --out to keep metrics and checkpoints)' : `metrics: ${path.join(config.run.outDir, 'metrics.jsonl')}`;
      process.stderr.write(`train: ${config.run.steps} steps${config.run.resume ? ' (resuming)' : ''}, ${config.rollout.promptsPerStep} prompts x ${config.rollout.n} samples per step; ${where}\n`);
      const sig = abortOnSigint('training');
      let done = 0;
      try {
        const res = await trainProRL(config, {
          signal: sig.signal,
          onStep: (m) => process.stderr.write(`${formatTrainStep(m, config.run.steps, ++done)}\n`),
        });
        const first = res.metrics[0]?.step;
        const summary = {
          step: res.step,
          stepsRun: res.metrics.length,
          interrupted: sig.signal.aborted && res.step < config.run.steps,
          checkpoint: res.checkpointDir,
          metrics: config.run.outDir === null ? null : path.join(config.run.outDir, 'metrics.jsonl'),
          resets: res.resets.map((e) => ({ step: e.step, reason: e.reason, detail: e.detail })),
          last: res.metrics.at(-1) ?? null,
        };
        // Interrupted by SIGINT: the checkpoint is written; exit 130 tells scripts the run is incomplete.
        if (summary.interrupted) process.exitCode = 130;
        if (a.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
        else {
          process.stdout.write(
            `trained steps ${first ?? '-'}..${res.step}${summary.interrupted ? ' (interrupted)' : ''}; ${res.resets.length} reference reset(s)\n` +
              `checkpoint: ${res.checkpointDir ?? 'none'}\n${summary.metrics ? `metrics: ${summary.metrics}\n` : ''}`,
          );
        }
      } finally {
        sig.dispose();
      }
    },
  );
}
