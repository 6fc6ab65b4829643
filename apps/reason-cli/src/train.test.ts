/**
 * The training commands end to end, by spawning the CLI from its TypeScript sources: `sft` writes a
 * tiny base (letter_counting, enough steps that sampled answers are sometimes right, so GRPO groups
 * vary and updates happen), `train` runs a few steps on it, is killed with SIGKILL and resumed, bad
 * configs fail with exit 2 before any work, `demo --json` runs on a tiny config, and a checkpoint
 * goes through `sample` and `export`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_DIR, NODE_ARGS, runCli, type CliRun } from './test-utils/run-cli.js';

const dir = await mkdtemp(join(tmpdir(), 'prorl-reason-train-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const cli = (...args: string[]): Promise<CliRun> => runCli(args);

const base = join(dir, 'base');
/** A tiny run on the base: 2 prompts x 4 samples, 1 prompt per mini-batch, a manual reset at step 3. */
const TRAIN: Record<string, string> = {
  init: base, families: 'letter_counting', 'held-out': '', 'prompts-per-step': '2', n: '4', 'mini-batch-prompts': '1', 'max-new-tokens': '40',
  temperature: '1', 'max-rounds': '2', lr: '1e-3', 'validate-every': '0', 'reset-patience': '0', 'reset-decline': '0', 'reset-at': '3', seed: '5',
};
/** `train` argv: TRAIN with `over` laid over it (each flag once). */
const train = (over: Record<string, string> = {}, ...flags: string[]): string[] => ['train', ...Object.entries({ ...TRAIN, ...over }).flatMap(([k, v]) => [`--${k}`, v]), ...flags];
const STEPS = 5;

/** metrics.jsonl without the timing fields. */
function metricsOf(runDir: string): Record<string, unknown>[] {
  return readFileSync(join(runDir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => Object.fromEntries(Object.entries(JSON.parse(l) as Record<string, unknown>).filter(([k]) => !k.startsWith('time/'))));
}

function checkpointStep(runDir: string): number {
  try {
    return (JSON.parse(readFileSync(join(runDir, 'checkpoints', 'last', 'config.json'), 'utf8')) as { step: number }).step;
  } catch {
    return 0; // not written yet (or being renamed into place)
  }
}

/** The SFT base, started at load so that tests without it (bad configs, --help) run meanwhile. */
const sftRun = cli('sft', '--families', 'letter_counting', '--steps', '100', '--batch-size', '16', '--lr', '1e-2', '--min-lr', '1e-3', '--warmup', '10',
  '--d-model', '48', '--heads', '2', '--layers', '1', '--max-seq-len', '128', '--seed', '1', '--out', base);
/** Waits for the base (and fails the caller if SFT failed). */
async function baseReady(): Promise<CliRun> {
  const r = await sftRun;
  if (r.code !== 0) throw new Error(`sft failed (${r.code}): ${r.stderr}`);
  return r;
}

describe.concurrent('prorl-reason training commands', () => {
  it('sft writes a base checkpoint and reports progress with rate and ETA', async () => {
    const sft = await sftRun;
    expect(sft.code, sft.stderr).toBe(0);
    expect(sft.stderr).toMatch(/sft step 100\/100 \([\d.]+ step\/s, ETA [\d.]+s\) loss \d/);
    expect(sft.stdout).toMatch(/SFT 100\/100 steps: loss [\d.]+ -> [\d.]+; trained on letter_counting L1\ncheckpoint: /);
    const [first, last] = /loss ([\d.]+) -> ([\d.]+)/.exec(sft.stdout)!.slice(1).map(Number) as [number, number];
    expect(last).toBeLessThan(first / 2);
    expect(existsSync(join(base, 'config.json'))).toBe(true);
  }, 120_000);

  it('train smoke run, then SIGKILL after a checkpoint and --resume reproduce the uninterrupted run', async () => {
    await baseReady();
    const full = join(dir, 'full');
    const killed = join(dir, 'killed');
    // The uninterrupted run (the smoke test of the real entry point) and the run to kill, side by side.
    const child = spawn(process.execPath, [...NODE_ARGS, ...train({ steps: String(STEPS), 'checkpoint-every': '1', out: killed })], { cwd: APP_DIR, stdio: 'ignore' });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const fullRun = cli(...train({ steps: String(STEPS), 'checkpoint-every': '1', out: full }));
    const k = 2;
    while (checkpointStep(killed) < k && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    const at = checkpointStep(killed);
    expect(at).toBeGreaterThanOrEqual(k);
    expect(at, 'the run finished before the kill; the test needs more steps').toBeLessThan(STEPS);

    const r = await fullRun;
    expect(r.code, r.stderr).toBe(0);
    // Per-step lines: reward, accuracy, KL, clip fraction, entropy, kept/dropped groups, rate, ETA; the reset with its reason.
    const stepLines = r.stderr.split('\n').filter((l) => l.startsWith('step '));
    expect(stepLines).toHaveLength(STEPS);
    expect(stepLines[0]).toMatch(/^step 1\/5 \| reward [\d.]+ \| acc [\d.]+ \| kl \S+ \| clip \S+ \| ent \S+ \| groups kept \d+\/\d+ dropped \d+.* \| [\d.]+ step\/s, ETA /);
    expect(r.stderr).toMatch(/RESET at step 3 \(manual\): /);
    expect(r.stdout).toMatch(/trained steps 1\.\.5; 1 reference reset\(s\)\ncheckpoint: .*last/);
    const want = metricsOf(full);
    expect(want.map((m) => m.step)).toEqual([1, 2, 3, 4, 5]);
    // Updates happened (some groups had varied rewards), so the resumed run must also restore weights and optimizer.
    expect(want.reduce((s, m) => s + (m['actor/updates'] as number), 0)).toBeGreaterThan(0);

    const resumed = await cli(...train({ steps: String(STEPS), 'checkpoint-every': '1', out: killed }, '--resume'));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`^step ${at + 1}/${STEPS} `, 'm'));
    expect(resumed.stderr).not.toMatch(new RegExp(`^step ${at}/${STEPS} `, 'm'));
    expect(metricsOf(killed)).toEqual(want);
  }, 120_000);

  it('bad configs fail before any work with exit 2 and say what to change', async () => {
    // Through the real entry point; the other invalid combinations (mini-batch, clipLow) take the
    // same path and are checked in process in commands/train.test.ts.
    const cfg = join(dir, 'random-init.json');
    await writeFile(cfg, JSON.stringify({ model: { init: { kind: 'random', model: { dModel: 16, nHeads: 2, nLayers: 1, maxSeqLen: 64 }, seed: 0 } } }));
    const runs = await Promise.all([cli('train', '--config', cfg, '--n', '1'), cli(...train({ init: join(dir, 'nope') })), cli('train', '--help')]);
    const help = runs.pop()!;
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).not.toMatch(/step 1\//);
    }
    const [n1, init] = runs.map((r) => r.stderr) as [string, string];
    expect(n1).toMatch(/config 'rollout\.n' \(--n\): is 1, but GRPO .* needs at least 2\. Fix: set rollout\.n >= 2/);
    expect(init).toMatch(/config 'model\.init\.dir' \(--init\): no checkpoint at '.*nope'.*Fix: run `prorl-reason sft --out <dir>` first/);

    // --help documents every train option with its default.
    const r = help;
    expect(r.code).toBe(0);
    // Option entries of the help text (an entry may wrap over several lines).
    const entries = new Map<string, string>();
    let cur = '';
    for (const line of r.stdout.split('\n')) {
      const m = /^\s+(--?[\w-]+)\s/.exec(line);
      if (m) entries.set((cur = m[1]!.replace(/^-(\w)$/, '--$1')), line);
      else if (cur && line.startsWith('   ')) entries.set(cur, `${entries.get(cur)!} ${line.trim()}`);
      else cur = '';
    }
    for (const flag of ['--config', '--init', '--out', '--resume', '--steps', '--seed', '--families', '--levels', '--held-out', '--n', '--prompts-per-step', '--mini-batch-prompts',
      '--temperature', '--top-p', '--max-new-tokens', '--lr', '--grad-clip', '--clip-low', '--clip-high', '--kl-coef', '--kl-type', '--dynamic-sampling', '--max-rounds',
      '--stop-properly-coef', '--overlong-buffer', '--overlong-penalty', '--validate-every', '--val-items', '--val-n', '--checkpoint-every', '--reset-at', '--reset-patience',
      '--reset-decline', '--reset-min-gap']) {
      expect(entries.get(flag) ?? 'missing', flag).toMatch(/\[default: /);
    }
    expect(entries.get('--clip-high')).toMatch(/\[default: 0\.4\]/);
  }, 120_000);

  it('demo --json on a tiny config prints the pass@k table, the report path and the summary as the last line', async () => {
    const cfg = join(dir, 'demo-tiny.json');
    await writeFile(cfg, JSON.stringify({
      trainFamilies: ['letter_counting'],
      heldOutFamilies: ['gcd'],
      prorl: {
        rollout: { promptsPerStep: 2, n: 2, maxNewTokens: 40 },
        algorithm: { miniBatchPrompts: 1, dynamicSampling: { enabled: true, maxRounds: 1 } },
        validation: { every: 0 },
        reset: { controller: { stagnation: null, decline: null }, manualAtSteps: [] },
        run: { steps: 1, checkpointEvery: 0 },
      },
      evalItems: 2,
      eval: { n: 2, k: 2 },
    }));
    await baseReady();
    const out = join(dir, 'demo');
    const r = await cli('demo', '--json', '--config', cfg, '--base', base, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const s = JSON.parse(lines.at(-1)!) as { k: number; families: { family: string; trained_on: boolean }[] };
    expect(s.k).toBe(2);
    expect(s.families.map((f) => [f.family, f.trained_on])).toEqual([['letter_counting', true], ['gcd', false]]);
    expect(Object.keys(s.families[0]!).sort()).toEqual(['base_format_rate', 'base_passk', 'base_pass1', 'family', 'trained_on', 'trained_passk', 'trained_pass1'].sort());
    expect(lines[0]).toMatch(/^family +trained +base p@1 +ProRL p@1 +base p@2/);
    expect(r.stdout).toContain(`report: ${join(out, 'report.md')}`);
    expect(r.stderr).toMatch(/prorl: step 1\/1 .*step\/s, ETA/);
    expect(existsSync(join(out, 'report.json'))).toBe(true);
  }, 120_000);

  it('sample and export round trip: completions from the checkpoint; the export loads back and matches it', async () => {
    await baseReady();
    const prompt = 'How many times does "g" occur in "mango"? Answer in <answer></answer>.';
    const out = join(dir, 'hf');
    const [a, ex, bad] = await Promise.all([
      cli('sample', '--checkpoint', base, '--prompt', prompt, '--n', '3', '--max-tokens', '40', '--seed', '4', '--json'),
      cli('export', '--checkpoint', base, '--out', out),
      cli('sample', '--checkpoint', join(dir, 'nope'), '--prompt', 'x'),
    ]);
    expect(a.code, a.stderr).toBe(0);
    const rows = a.stdout.trim().split('\n').map((l) => JSON.parse(l) as { index: number; text: string; finish_reason: string });
    expect(rows.map((r) => r.index)).toEqual([0, 1, 2]);
    // The SFT base has learned the answer format.
    expect(rows.some((r) => /<answer>\d+<\/answer>/.test(r.text))).toBe(true);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--checkpoint: no checkpoint directory at .*nope/);

    expect(ex.code, ex.stderr).toBe(0);
    expect(ex.stdout).toMatch(/loads back; greedy output on a probe prompt \(16 tokens\) equals the checkpoint's/);
    for (const f of ['model.onnx', 'config.json', 'tokenizer.json', 'tokenizer_config.json']) expect(existsSync(join(out, f)), f).toBe(true);
    const hfCfg = JSON.parse(await readFile(join(out, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(hfCfg).toMatchObject({ hidden_size: 48, num_hidden_layers: 1, num_attention_heads: 2, max_position_embeddings: 128, eos_token_id: 2 });
  }, 120_000);
});
