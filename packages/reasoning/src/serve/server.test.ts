import { connect } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import type { CompletionEngine, CompletionRequest, CompletionResponse } from '../eval/engine.js';
import { RemoteEngine } from '../eval/remote-engine.js';
import { RemoteEngineError } from '../eval/errors.js';
import { startServer, type RunningServer, type ServerConfigInput } from './server.js';

/**
 * TEST DOUBLE: a deterministic engine. Sample i of a request with seed s is
 * `s:<seed> i:<i> <answer>${prompt.length}</answer>`; log-probs are -(i+1)/10 per "token".
 * `hold` makes every call wait until `releaseAll()` (or its AbortSignal fires), to test concurrency,
 * disconnects and shutdown; `fail` makes calls throw.
 */
class EchoEngine implements CompletionEngine {
  readonly name = 'echo-test';
  readonly maxN = 4;
  readonly maxTokens = 64;
  calls: CompletionRequest[] = [];
  active = 0;
  aborts = 0;
  hold = false;
  fail = false;
  private waiters: Array<() => void> = [];

  releaseAll(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  async complete(req: CompletionRequest, signal?: AbortSignal): Promise<CompletionResponse> {
    this.calls.push(req);
    this.active++;
    try {
      if (this.hold) {
        await new Promise<void>((resolve, reject) => {
          this.waiters.push(resolve);
          signal?.addEventListener('abort', () => {
            this.aborts++;
            reject(signal.reason);
          }, { once: true });
        });
      }
      if (this.fail) throw new Error('test engine exploded');
      return {
        choices: Array.from({ length: req.n }, (_, i) => ({
          text: `s:${req.seed ?? 'none'} i:${i} <answer>${req.prompt.length}</answer>`,
          finishReason: i % 2 === 0 ? ('stop' as const) : ('length' as const),
          tokenLogprobs: [-(i + 1) / 10, -(i + 1) / 10],
          tokens: ['a', 'b'],
        })),
        usage: { promptTokens: req.prompt.length, completionTokens: 2 * req.n },
      };
    } finally {
      this.active--;
    }
  }
}

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(engine: CompletionEngine, extra: Partial<ServerConfigInput> = {}): Promise<RunningServer> {
  running = await startServer({ engine, port: 0, host: '127.0.0.1', modelName: 'tiny', shutdownGraceMs: 50, ...extra, limits: { maxN: 8, maxTokens: 32, maxPromptChars: 200, maxConcurrent: 4, maxBodyBytes: 4096, ...extra.limits } });
  return running;
}

async function post(s: RunningServer, body: unknown, path = '/v1/completions'): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(s.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: await res.json(), headers: res.headers };
}

async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}

const ok = { model: 'tiny', prompt: 'hello', n: 2, max_tokens: 8, temperature: 0.6, top_p: 0.95, seed: 7 };

describe('POST /v1/completions', () => {
  test('OpenAI-shaped response; array prompts index choices p·n + j; n above the engine maxN is split', async () => {
    const engine = new EchoEngine();
    const s = await start(engine);
    const r = await post(s, { ...ok, prompt: ['ab', 'abc'], n: 6, logprobs: 1, stop: '</answer>' });
    expect(r.status).toBe(200);
    expect(r.json.id).toMatch(/^cmpl-/);
    expect(r.json.object).toBe('text_completion');
    expect(r.json.model).toBe('tiny');
    expect(typeof r.json.created).toBe('number');
    expect(r.json.choices).toHaveLength(12);
    expect(r.json.choices.map((c: any) => c.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    // n = 6 > engine.maxN = 4: chunks of 4 (seed 7) and 2 (seed 8)
    expect(r.json.choices[0].text).toBe('s:7 i:0 <answer>2</answer>');
    expect(r.json.choices[4].text).toBe('s:8 i:0 <answer>2</answer>');
    expect(r.json.choices[6].text).toBe('s:7 i:0 <answer>3</answer>');
    expect(r.json.choices[1].finish_reason).toBe('length');
    expect(r.json.choices[1].logprobs.token_logprobs).toEqual([-0.2, -0.2]);
    expect(r.json.usage).toEqual({ prompt_tokens: 2 + 3, completion_tokens: 24, total_tokens: 29 });
    expect(engine.calls.map((c) => c.n)).toEqual([4, 2, 4, 2]);
    expect(engine.calls[0]).toMatchObject({ temperature: 0.6, topP: 0.95, maxTokens: 8, stop: ['</answer>'], logprobs: true });
    const plain = await post(s, { model: 'tiny', prompt: 'x' });
    expect(plain.json.choices).toHaveLength(1); // OpenAI defaults n = 1, max_tokens 16
    expect(plain.json.choices[0].logprobs).toBeNull();
    expect(engine.calls.at(-1)).toMatchObject({ n: 1, maxTokens: 16, temperature: 1, topP: 1 });
  });

  test('round trip through RemoteEngine, with concurrent clients', async () => {
    const engine = new EchoEngine();
    const s = await start(engine);
    const remote = new RemoteEngine({ endpoint: s.url, model: 'tiny', maxConcurrent: 3, maxN: 8, maxTokens: 32 });
    const reqs = Array.from({ length: 10 }, (_, i) => ({ prompt: 'p'.repeat(i + 1), n: 3, temperature: 0.6, topP: 0.95, maxTokens: 8, seed: i, logprobs: true }));
    const got = await Promise.all(reqs.map((r) => remote.complete(r)));
    for (let i = 0; i < reqs.length; i++) {
      const direct = await new EchoEngine().complete(reqs[i]!);
      expect(got[i]!.choices.map((c) => c.text)).toEqual(direct.choices.map((c) => c.text));
      expect(got[i]!.choices.map((c) => c.finishReason)).toEqual(['stop', 'length', 'stop']);
      expect(got[i]!.choices[2]!.tokenLogprobs).toEqual([-0.3, -0.3]);
      expect(got[i]!.usage).toEqual({ promptTokens: i + 1, completionTokens: 6 });
    }
    expect(remote.stats.retries).toBe(0);
    expect(s.stats.completions).toBe(10);
  });

  test('validation errors name the field or the limit', async () => {
    const s = await start(new EchoEngine());
    const cases: Array<[unknown, number, string, string | null]> = [
      ['{"model": "tiny", "prompt": ', 400, 'invalid_json', 'body'],
      [[1, 2], 400, 'invalid_body', 'body'],
      [{ prompt: 'x' }, 400, 'missing_field', 'model'],
      [{ model: 'tiny' }, 400, 'missing_field', 'prompt'],
      [{ model: 'tiny', prompt: [1, 2] }, 400, 'invalid_value', 'prompt'],
      [{ ...ok, n: 0 }, 400, 'invalid_value', 'n'],
      [{ ...ok, n: 2.5 }, 400, 'invalid_value', 'n'],
      [{ ...ok, n: 9 }, 400, 'limit_exceeded', 'n'],
      [{ ...ok, max_tokens: 33 }, 400, 'limit_exceeded', 'max_tokens'],
      [{ ...ok, temperature: 'hot' }, 400, 'invalid_value', 'temperature'],
      [{ ...ok, top_p: 0 }, 400, 'invalid_value', 'top_p'],
      [{ ...ok, stop: [3] }, 400, 'invalid_value', 'stop'],
      [{ ...ok, logprobs: 9 }, 400, 'invalid_value', 'logprobs'],
      [{ ...ok, prompt: 'x'.repeat(201) }, 400, 'limit_exceeded', 'prompt'],
      [{ ...ok, stream: true }, 400, 'unsupported', 'stream'],
      [{ ...ok, model: 'gpt-5' }, 404, 'model_not_found', 'model'],
    ];
    for (const [body, status, code, param] of cases) {
      const r = await post(s, body);
      expect({ status: r.status, code: r.json.error.code, param: r.json.error.param }).toEqual({ status, code, param });
      expect(typeof r.json.error.message).toBe('string');
      expect(typeof r.json.error.type).toBe('string');
    }
    expect((await post(s, { ...ok, n: 9 })).json.error.message).toContain('maxN is 8');
    expect((await post(s, { ...ok, max_tokens: 33 })).json.error.message).toContain('maxTokens is 32');
    expect((await post(s, ok)).status).toBe(200); // still serving
  });

  test('body too large → 413; the server keeps serving', async () => {
    const s = await start(new EchoEngine());
    const r = await post(s, { ...ok, prompt: 'y'.repeat(5000) });
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe('body_too_large');
    expect(r.json.error.message).toContain('maxBodyBytes = 4096');
    expect((await post(s, ok)).status).toBe(200);
  });

  test('engine failure → 500 with an OpenAI error; the server stays up', async () => {
    const engine = new EchoEngine();
    const s = await start(engine);
    engine.fail = true;
    const r = await post(s, ok);
    expect(r.status).toBe(500);
    expect(r.json.error).toMatchObject({ type: 'server_error', code: 'engine_error' });
    expect(r.json.error.message).toContain('test engine exploded');
    engine.fail = false;
    expect((await post(s, ok)).status).toBe(200);
  });
});

describe('routes, concurrency, disconnects, shutdown', () => {
  test('GET /v1/models, /health; unknown route 404; wrong method 405', async () => {
    const s = await start(new EchoEngine());
    const models = (await (await fetch(`${s.url}/v1/models`)).json()) as any;
    expect(models.object).toBe('list');
    expect(models.data[0]).toMatchObject({ id: 'tiny', object: 'model' });
    const health = await fetch(`${s.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', model: 'tiny', inFlight: 0 });
    const nf = await fetch(`${s.url}/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(nf.status).toBe(404);
    expect(((await nf.json()) as any).error.code).toBe('route_not_found');
    const wm = await fetch(`${s.url}/v1/completions`);
    expect(wm.status).toBe(405);
    expect(wm.headers.get('allow')).toBe('POST');
    expect(((await wm.json()) as any).error.code).toBe('method_not_allowed');
  });

  test('over maxConcurrent → 429 with Retry-After; held requests then complete', async () => {
    const engine = new EchoEngine();
    engine.hold = true;
    const s = await start(engine, { limits: { maxConcurrent: 2 }, retryAfterSeconds: 3 });
    const first = [post(s, ok), post(s, { ...ok, seed: 8 })];
    await waitFor(() => engine.active === 2);
    const third = await post(s, ok);
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('3');
    expect(third.json.error.code).toBe('rate_limit_exceeded');
    engine.releaseAll();
    const done = await Promise.all(first);
    expect(done.map((d) => d.status)).toEqual([200, 200]);
    expect(done[1]!.json.choices[0].text).toBe('s:8 i:0 <answer>5</answer>');
    engine.hold = false;
    expect((await post(s, ok)).status).toBe(200);
    expect(s.stats.rejected429).toBe(1);
  });

  test('a client that disconnects mid-request aborts the engine call; the next request works', async () => {
    const engine = new EchoEngine();
    engine.hold = true;
    const s = await start(engine);
    const ac = new AbortController();
    const pending = fetch(`${s.url}/v1/completions`, { method: 'POST', body: JSON.stringify(ok), signal: ac.signal });
    await waitFor(() => engine.active === 1);
    ac.abort();
    await expect(pending).rejects.toThrow();
    await waitFor(() => engine.aborts === 1 && engine.active === 0);
    expect(s.stats.clientAborts).toBe(1);
    engine.hold = false;
    const r = await post(s, ok);
    expect(r.status).toBe(200);
    expect(r.json.choices).toHaveLength(2);
  });

  test('a client that disconnects while sending the body does not count as an engine error', async () => {
    const engine = new EchoEngine();
    const s = await start(engine);
    await new Promise<void>((resolve, reject) => {
      const sock = connect(s.port, '127.0.0.1', () => {
        sock.write('POST /v1/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"model":');
        setTimeout(() => {
          sock.destroy();
          resolve();
        }, 20);
      });
      sock.on('error', reject);
    });
    await waitFor(() => s.stats.requests === 1);
    const r = await post(s, ok);
    expect(r.status).toBe(200);
    expect(engine.calls).toHaveLength(1);
    expect(s.stats.engineErrors).toBe(0);
  });

  test('close() aborts in-flight calls after the grace period and stops listening', async () => {
    const engine = new EchoEngine();
    engine.hold = true;
    const s = await start(engine);
    const pending = fetch(`${s.url}/v1/completions`, { method: 'POST', body: JSON.stringify(ok) }).then(
      (r) => r.status,
      () => 'closed',
    );
    await waitFor(() => engine.active === 1);
    await s.close();
    expect(engine.aborts).toBe(1);
    expect(await pending).toBe('closed');
    await expect(fetch(`${s.url}/health`)).rejects.toThrow();
  });

  test('config is validated', async () => {
    await expect(startServer({ engine: new EchoEngine(), port: 0, limits: { maxTokens: 65 } })).rejects.toThrow(/limits.maxTokens/);
    await expect(startServer({ engine: new EchoEngine(), port: -1 })).rejects.toThrow(/port/);
    await expect(startServer({ engine: new EchoEngine(), port: 0, limits: { maxN: 0 } })).rejects.toThrow(/limits.maxN/);
  });

  test('RemoteEngine surfaces a 4xx as a typed error without retrying', async () => {
    const s = await start(new EchoEngine());
    const remote = new RemoteEngine({ endpoint: `${s.url}/v1`, model: 'not-served', maxN: 8, maxTokens: 32 });
    const err = await remote.complete({ prompt: 'x', n: 1, temperature: 0, topP: 1, maxTokens: 4 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteEngineError);
    expect((err as RemoteEngineError).code).toBe('http_client_error');
    expect((err as RemoteEngineError).status).toBe(404);
    expect((err as RemoteEngineError).apiMessage).toContain("'not-served' does not exist");
    expect(remote.stats.attempts).toBe(1);
  });
});
