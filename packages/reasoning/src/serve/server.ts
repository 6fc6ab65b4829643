/**
 * An OpenAI-compatible HTTP server over any `CompletionEngine` (node:http, no dependencies):
 *
 *   POST /v1/completions   OpenAI text completions (no streaming), see `protocol.ts`
 *   GET  /v1/models        the one served model
 *   GET  /health           liveness + load
 *
 * Errors use OpenAI's body `{ error: { message, type, param, code } }`: malformed JSON or an invalid
 * field → 400 naming the field; n / max_tokens / prompt over a limit → 400 `limit_exceeded` naming the
 * limit; unknown model → 404; unknown route → 404; wrong method → 405 (with `Allow`); body too large →
 * 413; more than `limits.maxConcurrent` completions in flight → 429 with `Retry-After`; engine failure
 * → 500; while closing → 503.
 *
 * A client that disconnects mid-request aborts the engine call through its AbortSignal; the server
 * keeps serving. `close()` stops accepting, lets in-flight requests finish for `shutdownGraceMs`, then
 * aborts them and closes every connection.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { completeSplit, type CompletionEngine, type CompletionResponse } from '../eval/engine.js';
import { EvalError, isAbortError } from '../eval/errors.js';
import { Semaphore } from '../eval/semaphore.js';
import { ApiError, DEFAULT_SERVER_LIMITS, parseCompletionBody, toOpenAiChoice, type OpenAiCompletion, type ServerLimits } from './protocol.js';

export interface ServerConfig {
  engine: CompletionEngine;
  /** 0 picks a free port (see `RunningServer.port`). Default 8000. */
  port: number;
  /** Default 127.0.0.1 (loopback only; bind 0.0.0.0 deliberately). */
  host: string;
  /** The model id clients must send and `/v1/models` lists. Default: `engine.name`. */
  modelName: string;
  limits: ServerLimits;
  /** Seconds in the Retry-After header of a 429. Default 1. */
  retryAfterSeconds: number;
  /** How long `close()` waits for in-flight requests before aborting them. Default 5000. */
  shutdownGraceMs: number;
  /** Called once per answered request (access log). */
  onRequest?: (info: { method: string; path: string; status: number; ms: number }) => void;
}

export type ServerConfigInput = Partial<Omit<ServerConfig, 'limits'>> & { engine: CompletionEngine; limits?: Partial<ServerLimits> };

export function resolveServerConfig(input: ServerConfigInput): ServerConfig {
  const bad = (field: string, rule: string, fix: string): never => {
    throw new EvalError('invalid_config', field, rule, fix);
  };
  if (!input.engine || typeof input.engine.complete !== 'function') bad('engine', 'is not a CompletionEngine', 'pass an engine with complete(), name, maxN and maxTokens');
  const limits: ServerLimits = { ...DEFAULT_SERVER_LIMITS, maxTokens: Math.min(DEFAULT_SERVER_LIMITS.maxTokens, input.engine.maxTokens), ...input.limits };
  const c: ServerConfig = {
    port: 8000,
    host: '127.0.0.1',
    modelName: input.engine.name,
    retryAfterSeconds: 1,
    shutdownGraceMs: 5000,
    ...input,
    limits,
  };
  if (!Number.isInteger(c.port) || c.port < 0 || c.port > 65535) bad('port', `must be an integer in [0, 65535], got ${c.port}`, 'use e.g. 8000, or 0 for any free port');
  if (typeof c.modelName !== 'string' || c.modelName.length === 0) bad('modelName', 'must be a non-empty string', 'pass --model-name');
  for (const key of Object.keys(DEFAULT_SERVER_LIMITS) as (keyof ServerLimits)[]) {
    if (!Number.isInteger(limits[key]) || limits[key] < 1) bad(`limits.${key}`, `must be a positive integer, got ${limits[key]}`, `use e.g. ${DEFAULT_SERVER_LIMITS[key]}`);
  }
  if (limits.maxTokens > c.engine.maxTokens) {
    bad('limits.maxTokens', `(${limits.maxTokens}) exceeds the engine's maxTokens (${c.engine.maxTokens})`, `lower it to <= ${c.engine.maxTokens}`);
  }
  if (!Number.isInteger(c.retryAfterSeconds) || c.retryAfterSeconds < 0) bad('retryAfterSeconds', `must be an integer >= 0, got ${c.retryAfterSeconds}`, 'use e.g. 1');
  if (!Number.isFinite(c.shutdownGraceMs) || c.shutdownGraceMs < 0) bad('shutdownGraceMs', `must be >= 0, got ${c.shutdownGraceMs}`, 'use e.g. 5000');
  return c;
}

export interface RunningServer {
  /** `http://host:port` (the base URL for `RemoteEngine`'s endpoint). */
  url: string;
  host: string;
  port: number;
  config: ServerConfig;
  /** Counters since start. */
  stats: { requests: number; completions: number; rejected429: number; clientAborts: number; engineErrors: number };
  /** Graceful shutdown; resolves when every connection is closed. Idempotent. */
  close(): Promise<void>;
  /** The underlying node server. */
  server: Server;
}

const ROUTES: Record<string, string> = { '/v1/completions': 'POST', '/v1/models': 'GET', '/health': 'GET' };

/** Starts the server; resolves once it is listening. */
export async function startServer(input: ServerConfigInput): Promise<RunningServer> {
  const config = resolveServerConfig(input);
  const { engine, limits } = config;
  const gate = new Semaphore(limits.maxConcurrent);
  const inflight = new Set<AbortController>();
  const stats: RunningServer['stats'] = { requests: 0, completions: 0, rejected429: 0, clientAborts: 0, engineErrors: 0 };
  let draining = false;
  const started = Math.floor(Date.now() / 1000);

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    if (res.destroyed || res.headersSent) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };
  const sendError = (res: ServerResponse, err: ApiError): void => send(res, err.status, err.toBody(), err.headers);

  async function completions(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (draining) throw new ApiError(503, 'server_error', 'the server is shutting down', null, 'shutting_down', { connection: 'close' });
    const release = gate.tryAcquire();
    if (!release) {
      stats.rejected429++;
      req.resume();
      throw new ApiError(429, 'rate_limit_error', `too many requests in flight (limit maxConcurrent = ${limits.maxConcurrent}); retry after ${config.retryAfterSeconds} s`, null, 'rate_limit_exceeded', {
        'retry-after': String(config.retryAfterSeconds),
      });
    }
    const ac = new AbortController();
    inflight.add(ac);
    const onClose = (): void => {
      if (!res.writableFinished) {
        if (!ac.signal.aborted) stats.clientAborts++;
        ac.abort(new EvalError('aborted', 'client', 'the client disconnected', 'nothing to fix'));
      }
    };
    res.on('close', onClose);
    try {
      const text = await readBody(req, limits.maxBodyBytes);
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (err) {
        throw new ApiError(400, 'invalid_request_error', `malformed JSON body: ${err instanceof Error ? err.message : String(err)}`, 'body', 'invalid_json');
      }
      const p = parseCompletionBody(raw, limits, config.modelName);
      const results: CompletionResponse[] = [];
      for (const prompt of p.prompts) {
        const r = await completeSplit(
          engine,
          { prompt, n: p.n, temperature: p.temperature, topP: p.topP, maxTokens: p.maxTokens, ...(p.stop ? { stop: p.stop } : {}), ...(p.seed !== undefined ? { seed: p.seed } : {}), logprobs: p.logprobs },
          ac.signal,
        );
        if (r.choices.length !== p.n) throw new Error(`engine returned ${r.choices.length} choices for n = ${p.n}`);
        results.push(r);
      }
      let promptTokens = 0;
      let completionTokens = 0;
      for (const r of results) {
        promptTokens += r.usage?.promptTokens ?? 0;
        completionTokens += r.usage?.completionTokens ?? 0;
      }
      const body: OpenAiCompletion = {
        id: `cmpl-${randomUUID().replace(/-/g, '')}`,
        object: 'text_completion',
        created: Math.floor(Date.now() / 1000),
        model: config.modelName,
        choices: results.flatMap((r, pi) => r.choices.map((c, j) => toOpenAiChoice(c, pi * p.n + j, p.logprobs))),
        usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
      };
      stats.completions++;
      send(res, 200, body);
    } catch (err) {
      // The client left (or the server is shutting down): nobody to answer.
      if ((ac.signal.aborted || req.destroyed || res.destroyed) && (isAbortError(err) || res.destroyed)) return;
      if (err instanceof ApiError) throw err;
      if (err instanceof EvalError && err.code === 'invalid_request') throw new ApiError(400, 'invalid_request_error', err.message, err.where, 'invalid_value');
      stats.engineErrors++;
      throw new ApiError(500, 'server_error', `the completion engine failed: ${err instanceof Error ? err.message : String(err)}`, null, 'engine_error');
    } finally {
      res.off('close', onClose);
      inflight.delete(ac);
      release();
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '') || '/';
    const allowed = ROUTES[path];
    if (allowed === undefined) {
      req.resume();
      throw new ApiError(404, 'not_found_error', `no route ${req.method ?? ''} ${path}; routes: POST /v1/completions, GET /v1/models, GET /health`, null, 'route_not_found');
    }
    if (req.method !== allowed) {
      req.resume();
      throw new ApiError(405, 'invalid_request_error', `method ${req.method ?? ''} is not allowed on ${path}; use ${allowed}`, null, 'method_not_allowed', { allow: allowed });
    }
    switch (path) {
      case '/v1/completions':
        return completions(req, res);
      case '/v1/models':
        req.resume();
        return send(res, 200, { object: 'list', data: [{ id: config.modelName, object: 'model', created: started, owned_by: 'prorl', max_tokens: limits.maxTokens }] });
      case '/health':
        req.resume();
        return send(res, 200, { status: draining ? 'draining' : 'ok', model: config.modelName, inFlight: gate.inUse, maxConcurrent: limits.maxConcurrent });
      default:
        throw new ApiError(404, 'not_found_error', `no route ${path}`, null, 'route_not_found');
    }
  }

  const server = createServer((req, res) => {
    stats.requests++;
    const t0 = Date.now();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    res.on('finish', () => config.onRequest?.({ method: req.method ?? '', path, status: res.statusCode, ms: Date.now() - t0 }));
    handle(req, res).catch((err: unknown) => {
      const apiErr = err instanceof ApiError ? err : new ApiError(500, 'server_error', `internal error: ${err instanceof Error ? err.message : String(err)}`, null, 'internal_error');
      sendError(res, apiErr);
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const hostForUrl = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + config.shutdownGraceMs;
      while (inflight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      for (const ac of inflight) ac.abort(new EvalError('aborted', 'server', 'the server is shutting down', 'retry against a running server'));
      server.closeAllConnections();
      await closed;
    })();
    return closing;
  };

  return { url: `http://${hostForUrl}:${addr.port}`, host: addr.address, port: addr.port, config, stats, close, server };
}

/**
 * Reads the body as UTF-8, at most `maxBytes`. Over the limit: a declared Content-Length is refused
 * at once; otherwise the rest is drained (up to 16× the limit, then the socket is dropped) and a 413
 * `ApiError` is thrown, so the client can read the answer.
 */
function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const tooLarge = (): ApiError =>
    new ApiError(413, 'invalid_request_error', `the request body exceeds this server's limit maxBodyBytes = ${maxBytes}`, 'body', 'body_too_large', { connection: 'close' });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes * 16) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        over = true;
        chunks.length = 0;
        if (size > maxBytes * 16) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => (over ? reject(tooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', (err) => reject(err));
    req.on('close', () => {
      if (!req.complete) reject(over ? tooLarge() : new EvalError('aborted', 'client', 'the client disconnected while sending the body', 'nothing to fix'));
    });
  });
}
