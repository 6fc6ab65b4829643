import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { Rng } from '@prorl/rl-core';
import type { CompletionEngine, CompletionRequest, CompletionResponse } from '../eval/engine.js';
import { RemoteEngine } from '../eval/remote-engine.js';
import { runEval } from '../eval/run-eval.js';
import { generateItem } from '../suite/generate.js';
import { startServer } from './server.js';

/** TEST DOUBLE: answers a prompt's oracle with probability 1/2 per sample, seeded by the request seed. */
class CoinEngine implements CompletionEngine {
  readonly name = 'coin';
  readonly maxN = 8;
  readonly maxTokens = 64;
  constructor(private readonly oracles: ReadonlyMap<string, string>) {}
  async complete(req: CompletionRequest): Promise<CompletionResponse> {
    const rng = new Rng(req.seed ?? 0);
    const oracle = this.oracles.get(req.prompt) ?? '?';
    return { choices: Array.from({ length: req.n }, () => ({ text: rng.next() < 0.5 ? `<answer>${oracle}</answer>` : 'no idea', finishReason: 'stop' as const })) };
  }
}

test('runEval → RemoteEngine → startServer → engine: the same samples as calling the engine directly', async () => {
  const items = [generateItem('gcd', 1, 3), generateItem('word_sorting', 1, 4)];
  const engine = new CoinEngine(new Map(items.map((it) => [it.prompt, it.oracle])));
  const server = await startServer({ engine, port: 0, modelName: 'coin-served', limits: { maxN: 8, maxTokens: 64, maxConcurrent: 2 } });
  const out = await mkdtemp(join(tmpdir(), 'prorl-e2e-'));
  try {
    const remote = new RemoteEngine({ endpoint: server.url, model: 'coin-served', maxN: 4, maxTokens: 64, maxConcurrent: 2 });
    const viaHttp = await runEval({ items, engines: [{ label: 'remote', engine: remote }], n: 8, maxTokens: 32, outDir: join(out, 'a'), plots: false });
    // the remote engine draws in chunks of 4 (its maxN), so the direct run uses maxN 4 too: same request seeds
    const direct4 = await runEval({
      items,
      engines: [{ label: 'remote', engine: Object.assign(new CoinEngine(new Map(items.map((it) => [it.prompt, it.oracle]))), { maxN: 4 }) }],
      n: 8,
      maxTokens: 32,
      outDir: join(out, 'c'),
      plots: false,
    });
    expect(viaHttp.summary.byEngine).toEqual(direct4.summary.byEngine);
    expect(viaHttp.summary.byEngine.remote!.overall.samples).toBe(16);
    expect(viaHttp.summary.byEngine.remote!.overall.pass1).toBeGreaterThan(0);
    expect(server.stats.completions).toBe(4); // 2 items × 2 chunks of 4
    expect(remote.stats.retries).toBe(0);
  } finally {
    await server.close();
    await rm(out, { recursive: true, force: true });
  }
});
