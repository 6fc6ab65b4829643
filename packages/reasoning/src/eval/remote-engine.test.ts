import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { EvalError, RemoteEngineError } from './errors.js';
import { backoffDelayMs, completionsUrl, parseOpenAiCompletion, parseRemoteEngineFlag, parseRetryAfter, RemoteEngine, resolveRemoteEngineConfig, toOpenAiBody } from './remote-engine.js';

/**
 * TEST DOUBLE: a raw loopback HTTP server scripted per request number (1-based). It records every
 * request body.
 */
interface Scripted {
  url: string;
  bodies: any[];
  server: Server;
}
let servers: Server[] = [];
afterEach(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  servers = [];
});

async function scripted(handler: (nr: number, body: any, res: ServerResponse, req: IncomingMessage) => void | Promise<void>): Promise<Scripted> {
  const out: Scripted = { url: '', bodies: [], server: undefined as unknown as Server };
  let nr = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      nr++;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      out.bodies.push(body);
      void handler(nr, body, res, req);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  out.server = server;
  out.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return out;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function completion(n: number, tag = 'ok'): unknown {
  return {
    id: 'cmpl-x',
    object: 'text_completion',
    choices: Array.from({ length: n }, (_, i) => ({ text: `${tag}${n - 1 - i}`, index: n - 1 - i, finish_reason: i === 0 ? 'length' : 'stop', logprobs: null })),
    usage: { prompt_tokens: 3, completion_tokens: 5 },
  };
}

const req = { prompt: 'q', n: 2, temperature: 0.6, topP: 0.95, maxTokens: 16 };
const fast = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 4 };

describe('RemoteEngine retries', () => {
  test('503 on the first 2 requests, then success; the body carries every OpenAI field', async () => {
    const s = await scripted((nr, body, res) => (nr <= 2 ? json(res, 503, { error: { message: 'warming up' } }) : json(res, 200, completion(body.n))));
    const e = new RemoteEngine({ endpoint: s.url, model: 'm', ...fast });
    const r = await e.complete({ ...req, stop: ['</answer>'], seed: 11, logprobs: true });
    expect(r.choices.map((c) => c.text)).toEqual(['ok0', 'ok1']); // sorted by index
    expect(r.choices.map((c) => c.finishReason)).toEqual(['stop', 'length']);
    expect(r.usage).toEqual({ promptTokens: 3, completionTokens: 5 });
    expect(e.stats).toMatchObject({ requests: 1, attempts: 3, retries: 2, failures: 0 });
    expect(s.bodies[0]).toEqual({ model: 'm', prompt: 'q', n: 2, temperature: 0.6, top_p: 0.95, max_tokens: 16, stop: ['</answer>'], seed: 11, logprobs: 1 });
  });

  test('429 with Retry-After is honoured (a 60 s backoff would time the test out)', async () => {
    const s = await scripted((nr, body, res) => (nr === 1 ? json(res, 429, { error: { message: 'slow down' } }, { 'retry-after': '0' }) : json(res, 200, completion(body.n))));
    const e = new RemoteEngine({ endpoint: s.url, model: 'm', maxAttempts: 2, baseDelayMs: 60_000, maxDelayMs: 60_000 });
    const r = await e.complete(req);
    expect(r.choices).toHaveLength(2);
    expect(e.stats.attempts).toBe(2);
  });

  test('always 503 → retries_exhausted after maxAttempts, naming the status', async () => {
    const s = await scripted((_nr, _b, res) => json(res, 503, { error: { message: 'overloaded' } }));
    const e = new RemoteEngine({ endpoint: s.url, model: 'm', ...fast });
    const err = await e.complete(req).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(RemoteEngineError);
    expect((err as RemoteEngineError).code).toBe('retries_exhausted');
    expect((err as RemoteEngineError).status).toBe(503);
    expect((err as RemoteEngineError).attempts).toBe(4);
    expect((err as Error).message).toContain('overloaded');
    expect(s.bodies).toHaveLength(4);
  });

  test('400 is not retried and carries the server message', async () => {
    const s = await scripted((_nr, _b, res) => json(res, 400, { error: { message: "'n' is too large", type: 'invalid_request_error', param: 'n', code: null } }));
    const e = new RemoteEngine({ endpoint: s.url, model: 'm', ...fast });
    const err = (await e.complete(req).catch((x: unknown) => x)) as RemoteEngineError;
    expect(err.code).toBe('http_client_error');
    expect(err.status).toBe(400);
    expect(err.apiMessage).toBe("'n' is too large");
    expect(s.bodies).toHaveLength(1);
  });

  test('network errors (nothing listening) and timeouts are retried, then fail', async () => {
    const dead = await scripted(() => undefined);
    const deadUrl = dead.url;
    dead.server.close();
    servers = servers.filter((x) => x !== dead.server);
    const e1 = new RemoteEngine({ endpoint: deadUrl, model: 'm', ...fast, maxAttempts: 2 });
    const err1 = (await e1.complete(req).catch((x: unknown) => x)) as RemoteEngineError;
    expect(err1.code).toBe('retries_exhausted');
    expect(err1.message).toContain('network error');
    expect(e1.stats.attempts).toBe(2);

    const hang = await scripted(() => undefined); // never answers
    const e2 = new RemoteEngine({ endpoint: hang.url, model: 'm', ...fast, maxAttempts: 2, timeoutMs: 50 });
    const err2 = (await e2.complete(req).catch((x: unknown) => x)) as RemoteEngineError;
    expect(err2.code).toBe('retries_exhausted');
    expect(err2.message).toContain('timeout after 50 ms');
    // counted by the client: whether the server has read a body before the 50 ms abort depends on load
    expect(e2.stats.attempts).toBe(2);
  });

  test('the caller abort cancels a backoff sleep and an in-flight request', async () => {
    const s = await scripted((_nr, _b, res) => json(res, 503, {}));
    const e = new RemoteEngine({ endpoint: s.url, model: 'm', maxAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 });
    const ac = new AbortController();
    const p = e.complete(req, ac.signal).catch((x: unknown) => x);
    while (s.bodies.length < 1) await new Promise((r) => setTimeout(r, 5));
    ac.abort();
    const err = (await p) as RemoteEngineError;
    expect(err.code).toBe('aborted');

    const hang = await scripted(() => undefined);
    const ac2 = new AbortController();
    const e2 = new RemoteEngine({ endpoint: hang.url, model: 'm', ...fast });
    const p2 = e2.complete(req, ac2.signal).catch((x: unknown) => x);
    while (hang.bodies.length < 1) await new Promise((r) => setTimeout(r, 5));
    ac2.abort();
    expect(((await p2) as RemoteEngineError).code).toBe('aborted');
    expect(hang.bodies).toHaveLength(1);
  });

  test('a 2xx that is not a completions response is a bad_response', async () => {
    const s = await scripted((_nr, _b, res) => json(res, 200, completion(1)));
    const e = new RemoteEngine({ endpoint: s.url, model: 'm', ...fast });
    const err = (await e.complete(req).catch((x: unknown) => x)) as RemoteEngineError;
    expect(err.code).toBe('bad_response');
    expect(err.message).toContain('expected 2 choices, got 1');
  });

  test('at most maxConcurrent requests are in flight', async () => {
    let active = 0;
    let peak = 0;
    const s = await scripted((_nr, body, res) => {
      active++;
      peak = Math.max(peak, active);
      setTimeout(() => {
        active--; // before the answer is written, so the client's next request cannot overtake it
        json(res, 200, completion(body.n));
      }, 15);
    });
    const e = new RemoteEngine({ endpoint: s.url, model: 'm', maxConcurrent: 2 });
    const out = await Promise.all(Array.from({ length: 6 }, () => e.complete(req)));
    expect(out).toHaveLength(6);
    expect(peak).toBeLessThanOrEqual(2);
    expect(peak).toBeGreaterThanOrEqual(1);
    expect(s.bodies).toHaveLength(6);
  });

  test('requests over the engine limits are rejected before any I/O', async () => {
    const e = new RemoteEngine({ endpoint: 'http://127.0.0.1:9', model: 'm', maxN: 4, maxTokens: 8 });
    await expect(e.complete({ ...req, n: 5 })).rejects.toThrow(EvalError);
    await expect(e.complete({ ...req, maxTokens: 9 })).rejects.toThrow(/maxTokens/);
    expect(e.stats.attempts).toBe(0);
  });
});

describe('helpers', () => {
  test('completionsUrl normalises the endpoint', () => {
    expect(completionsUrl('http://h:8000')).toBe('http://h:8000/v1/completions');
    expect(completionsUrl('http://h:8000/v1/')).toBe('http://h:8000/v1/completions');
    expect(completionsUrl('https://h/x/v1/completions')).toBe('https://h/x/v1/completions');
    expect(() => completionsUrl('h:8000')).toThrow(EvalError);
    expect(() => completionsUrl('not a url')).toThrow(/endpoint/);
  });

  test('parseRemoteEngineFlag: label=URL#MODEL', () => {
    expect(parseRemoteEngineFlag('base=http://h:8000#org/model-1.5b')).toEqual({ label: 'base', endpoint: 'http://h:8000/v1/completions', model: 'org/model-1.5b' });
    expect(parseRemoteEngineFlag('final=http://h:9000/v1', 'm')).toEqual({ label: 'final', endpoint: 'http://h:9000/v1/completions', model: 'm' });
    expect(() => parseRemoteEngineFlag('http://h:8000#m')).toThrow(/label=URL#MODEL/);
    expect(() => parseRemoteEngineFlag('base=http://h:8000')).toThrow(EvalError);
  });

  test('backoff doubles, is capped and jittered within [d/2, d]', () => {
    expect(backoffDelayMs(1, 100, 1000, 0)).toBe(50);
    expect(backoffDelayMs(1, 100, 1000, 1)).toBe(100);
    expect(backoffDelayMs(3, 100, 1000, 0.5)).toBe(300);
    expect(backoffDelayMs(10, 100, 1000, 0.999)).toBeLessThanOrEqual(1000);
    expect(backoffDelayMs(10, 100, 1000, 0)).toBe(500);
  });

  test('Retry-After: seconds or an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now)).toBe(3000);
  });

  test('request body omits unset options; response parsing reports defects', () => {
    expect(toOpenAiBody('m', req)).toEqual({ model: 'm', prompt: 'q', n: 2, temperature: 0.6, top_p: 0.95, max_tokens: 16 });
    expect(parseOpenAiCompletion({}, 1)).toContain("no 'choices'");
    expect(parseOpenAiCompletion({ choices: [{ text: 3 }] }, 1)).toContain('text is not a string');
    const lp = parseOpenAiCompletion({ choices: [{ text: 'a', finish_reason: 'stop', logprobs: { token_logprobs: [-1, null], tokens: ['a', 'b'] } }] }, 1);
    expect(typeof lp).toBe('object');
    expect((lp as any).choices[0].tokenLogprobs).toEqual([-1, NaN]);
  });

  test('config validation explains the fix', () => {
    expect(() => resolveRemoteEngineConfig({ endpoint: 'http://h', model: '' })).toThrow(/model/);
    expect(() => resolveRemoteEngineConfig({ endpoint: 'http://h', model: 'm', maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => resolveRemoteEngineConfig({ endpoint: 'http://h', model: 'm', baseDelayMs: 10, maxDelayMs: 5 })).toThrow(/maxDelayMs/);
  });
});
