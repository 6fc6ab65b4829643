/**
 * `prorl-reason serve` and `prorl-reason eval` end to end, by spawning the CLI: a tiny checkpoint
 * (random weights, char tokenizer) is served on a loopback port, evaluated through the endpoint and
 * directly from the checkpoint; both paths draw the same samples with the same seeds.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CharTokenizer, ParamLayout, resolveModelConfig, saveCheckpoint } from '@prorl/policy';
import { Rng } from '@prorl/rl-core';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_DIR, NODE_ARGS, runCli, type CliRun } from './test-utils/run-cli.js';

const dir = await mkdtemp(join(tmpdir(), 'prorl-reason-eval-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const cli = (...args: string[]): Promise<CliRun> => runCli(args, 180_000);

async function tinyCheckpoint(): Promise<string> {
  const tok = new CharTokenizer();
  const config = resolveModelConfig({ vocabSize: tok.vocabSize, dModel: 16, nHeads: 2, nLayers: 1, maxSeqLen: 512 });
  const ckpt = join(dir, 'tiny');
  await saveCheckpoint(ckpt, { config, params: new ParamLayout(config).init(new Rng(1)), step: 0, tokenizer: tok.toJSON() });
  return ckpt;
}

describe('prorl-reason serve + eval', () => {
  it('serves a checkpoint over HTTP; eval through the endpoint equals eval from the checkpoint', async () => {
    const ckpt = await tinyCheckpoint();
    const server = spawn(process.execPath, [...NODE_ARGS, 'serve', '--checkpoint', ckpt, '--port', '0', '--model-name', 'tiny'], { cwd: APP_DIR });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /on (http:\/\/[\d.]+:\d+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
      });
      const common = ['--suite', 'default', '--count', '3', '--n', '2', '--max-tokens', '6', '--json'];
      const remote = await cli('eval', '--endpoint', url, '--model', 'tiny', '--out', join(dir, 'remote'), ...common);
      expect(remote.stderr).not.toMatch(/internal error/);
      expect(remote.code).toBe(0);
      const local = await cli('eval', '--checkpoint', `remote=${ckpt}`, '--out', join(dir, 'local'), ...common);
      expect(local.code).toBe(0);
      const a = JSON.parse(remote.stdout.trim().split('\n').pop()!);
      const b = JSON.parse(local.stdout.trim().split('\n').pop()!);
      // Same seeds, same weights: the same samples and metrics (only timestamps and engine names differ).
      const norm = (x: { createdAt?: string; engines: { name?: string }[] }) => ({ ...x, createdAt: '', engines: x.engines.map((e) => ({ ...e, name: '' })) });
      expect(norm(a)).toEqual(norm(b));
      const samples = (await readFile(join(dir, 'remote', 'samples', 'remote.jsonl'), 'utf8')).trim().split('\n');
      expect(samples).toHaveLength(6);
      // A bad request gets an OpenAI-shaped error and the server stays up.
      const bad = await fetch(`${url}/v1/completions`, { method: 'POST', body: '{not json' });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { message: string } }).error.message).toBeTruthy();
      expect((await fetch(`${url}/health`)).status).toBe(200);
    } finally {
      server.kill('SIGINT');
    }
  }, 240_000);

  it('bad input: missing checkpoint, no engine', async () => {
    const r = await cli('eval', '--checkpoint', join(dir, 'nope'), '--out', join(dir, 'x'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no checkpoint directory/);
    const s = await cli('eval', '--out', join(dir, 'y'), '--count', '1');
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/no engine to evaluate/);
  }, 120_000);
});
