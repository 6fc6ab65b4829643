/**
 * A `CompletionEngine` over an OpenAI-compatible `POST /v1/completions` endpoint (vLLM, SGLang, our
 * own `serve/server.ts`). Node 20's global `fetch`, no dependencies.
 *
 * Behaviour:
 *  - at most `maxConcurrent` requests in flight (a semaphore; others wait in order);
 *  - each attempt has a timeout (`timeoutMs`, via AbortController);
 *  - 408, 429, 5xx, network errors and timeouts are retried up to `maxAttempts` attempts in total,
 *    sleeping `backoffDelayMs` (exponential, equal jitter from a seeded `Rng`) or the server's
 *    `Retry-After` (capped at `maxRetryAfterMs`) in between;
 *  - any other 4xx fails at once with `RemoteEngineError('http_client_error')` carrying the status
 *    and the server's `error.message`;
 *  - the caller's AbortSignal cancels the request in flight and any backoff sleep (`'aborted'`).
 */
import { Rng } from '@prorl/rl-core';
import type { CompletionChoice, CompletionEngine, CompletionRequest, CompletionResponse, FinishReason } from './engine.js';
import { validateCompletionRequest } from './engine.js';
import { EvalError, RemoteEngineError } from './errors.js';
import { Semaphore } from './semaphore.js';

export interface RemoteEngineConfig {
  /** Base URL of the server: `http://host:8000`, `.../v1` or the full `.../v1/completions`. Required. */
  endpoint: string;
  /** The `model` field sent with every request (the served model name). Required. */
  model: string;
  /** Sent as `Authorization: Bearer <apiKey>` when set. */
  apiKey?: string;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Requests in flight at once. Default 4. */
  maxConcurrent: number;
  /** Attempts per request, first one included. Default 5. */
  maxAttempts: number;
  /** Backoff before retry r (1-based) is in [d/2, d] with d = min(maxDelayMs, baseDelayMs·2^(r−1)). Default 500. */
  baseDelayMs: number;
  /** Default 30 000. */
  maxDelayMs: number;
  /** A server's Retry-After is honoured up to this. Default 60 000. */
  maxRetryAfterMs: number;
  /** Per-attempt timeout, connection to last byte. Default 600 000 (long generations). */
  timeoutMs: number;
  /** Largest n per request (larger n is split by the caller). Default 64. */
  maxN: number;
  /** Largest max_tokens per request. Default 32 768 (the paper's budget). */
  maxTokens: number;
  /** Seed of the backoff jitter. Default 0. */
  jitterSeed: number;
}

export const DEFAULT_REMOTE_ENGINE_CONFIG: Omit<RemoteEngineConfig, 'endpoint' | 'model'> = {
  maxConcurrent: 4,
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
  timeoutMs: 600_000,
  maxN: 64,
  maxTokens: 32_768,
  jitterSeed: 0,
};

/** Fills defaults and validates; the endpoint is normalised to the full `/v1/completions` URL. */
export function resolveRemoteEngineConfig(partial: Partial<RemoteEngineConfig> & Pick<RemoteEngineConfig, 'endpoint' | 'model'>): RemoteEngineConfig {
  const c: RemoteEngineConfig = { ...DEFAULT_REMOTE_ENGINE_CONFIG, ...partial };
  const bad = (field: string, rule: string, fix: string): never => {
    throw new EvalError('invalid_config', field, rule, fix);
  };
  c.endpoint = completionsUrl(c.endpoint);
  if (typeof c.model !== 'string' || c.model.length === 0) bad('model', 'must be a non-empty string', 'pass the served model name (--model), as listed by GET /v1/models');
  for (const key of ['maxConcurrent', 'maxAttempts', 'maxN', 'maxTokens'] as const) {
    if (!Number.isInteger(c[key]) || c[key] < 1) bad(key, `must be a positive integer, got ${c[key]}`, `use e.g. ${DEFAULT_REMOTE_ENGINE_CONFIG[key]}`);
  }
  for (const key of ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) {
    if (!Number.isFinite(c[key]) || c[key] < 0) bad(key, `must be a finite number >= 0, got ${c[key]}`, `use e.g. ${DEFAULT_REMOTE_ENGINE_CONFIG[key]}`);
  }
  if (c.maxDelayMs < c.baseDelayMs) bad('maxDelayMs', `(${c.maxDelayMs}) is below baseDelayMs (${c.baseDelayMs})`, 'raise maxDelayMs or lower baseDelayMs');
  if (!Number.isFinite(c.timeoutMs) || c.timeoutMs <= 0) bad('timeoutMs', `must be a positive number, got ${c.timeoutMs}`, 'use e.g. 600000 (10 minutes)');
  if (!Number.isInteger(c.jitterSeed)) bad('jitterSeed', `must be an integer, got ${c.jitterSeed}`, 'pass any integer');
  return c;
}

/** `http://h:8000` / `http://h:8000/v1` / `http://h:8000/v1/completions` → the completions URL. */
export function completionsUrl(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new EvalError('invalid_config', 'endpoint', `'${endpoint}' is not a URL`, 'pass e.g. http://127.0.0.1:8000 (--endpoint)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EvalError('invalid_config', 'endpoint', `protocol '${url.protocol}' is not http or https`, 'pass e.g. http://127.0.0.1:8000');
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (path.endsWith('/v1/completions')) url.pathname = path;
  else if (path.endsWith('/v1')) url.pathname = `${path}/completions`;
  else url.pathname = `${path}/v1/completions`;
  return url.toString();
}

/**
 * Backoff before retry `retry` (1-based): d = min(maxDelayMs, baseDelayMs·2^(retry−1)), then equal
 * jitter d/2 + u·d/2 with u in [0, 1).
 */
export function backoffDelayMs(retry: number, baseDelayMs: number, maxDelayMs: number, u: number): number {
  const d = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retry - 1));
  return d / 2 + u * (d / 2);
}

/** Parses `Retry-After` (delta seconds or an HTTP date) into milliseconds; null when absent or invalid. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : Math.max(0, t - now);
}

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Sleeps `ms`, rejecting early with the signal's reason. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The OpenAI request body for one `CompletionRequest`. Optional fields are omitted when unset. */
export function toOpenAiBody(model: string, req: CompletionRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model,
    prompt: req.prompt,
    n: req.n,
    temperature: req.temperature,
    top_p: req.topP,
    max_tokens: req.maxTokens,
  };
  if (req.stop !== undefined && req.stop.length > 0) body.stop = req.stop;
  if (req.seed !== undefined) body.seed = req.seed;
  // OpenAI / vLLM / SGLang take an integer (top alternatives per token); 1 returns token_logprobs everywhere.
  if (req.logprobs) body.logprobs = 1;
  return body;
}

/** Parses an OpenAI completions response into `CompletionResponse`; a string describing the defect on failure. */
export function parseOpenAiCompletion(json: unknown, n: number): CompletionResponse | string {
  if (json === null || typeof json !== 'object') return 'the body is not a JSON object';
  const choicesRaw = (json as { choices?: unknown }).choices;
  if (!Array.isArray(choicesRaw)) return "the body has no 'choices' array";
  if (choicesRaw.length !== n) return `expected ${n} choices, got ${choicesRaw.length}`;
  const rows: Array<{ index: number; choice: CompletionChoice }> = [];
  for (let i = 0; i < choicesRaw.length; i++) {
    const c = choicesRaw[i] as Record<string, unknown> | null;
    if (c === null || typeof c !== 'object') return `choices[${i}] is not an object`;
    if (typeof c.text !== 'string') return `choices[${i}].text is not a string`;
    const finishReason: FinishReason = c.finish_reason === 'length' ? 'length' : 'stop';
    const choice: CompletionChoice = { text: c.text, finishReason };
    const lp = c.logprobs as { token_logprobs?: unknown; tokens?: unknown } | null | undefined;
    if (lp && Array.isArray(lp.token_logprobs)) choice.tokenLogprobs = lp.token_logprobs.map((x) => (typeof x === 'number' ? x : Number.NaN));
    if (lp && Array.isArray(lp.tokens) && lp.tokens.every((t) => typeof t === 'string')) choice.tokens = lp.tokens as string[];
    rows.push({ index: typeof c.index === 'number' ? c.index : i, choice });
  }
  rows.sort((a, b) => a.index - b.index);
  const out: CompletionResponse = { choices: rows.map((r) => r.choice) };
  const u = (json as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } }).usage;
  if (u && typeof u.prompt_tokens === 'number' && typeof u.completion_tokens === 'number') {
    out.usage = { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens };
  }
  return out;
}

/** Retry statistics, for logs and tests. */
export interface RemoteEngineStats {
  requests: number;
  attempts: number;
  retries: number;
  failures: number;
}

type AttemptOutcome =
  | { kind: 'ok'; response: CompletionResponse }
  | { kind: 'retry'; status: number | undefined; why: string; retryAfterMs: number | null }
  | { kind: 'fatal'; error: Error };

export class RemoteEngine implements CompletionEngine {
  readonly config: RemoteEngineConfig;
  readonly name: string;
  readonly maxN: number;
  readonly maxTokens: number;
  readonly stats: RemoteEngineStats = { requests: 0, attempts: 0, retries: 0, failures: 0 };
  private readonly gate: Semaphore;
  private readonly jitter: Rng;

  constructor(config: Partial<RemoteEngineConfig> & Pick<RemoteEngineConfig, 'endpoint' | 'model'>) {
    this.config = resolveRemoteEngineConfig(config);
    this.name = this.config.model;
    this.maxN = this.config.maxN;
    this.maxTokens = this.config.maxTokens;
    this.gate = new Semaphore(this.config.maxConcurrent);
    this.jitter = new Rng(this.config.jitterSeed);
  }

  async complete(req: CompletionRequest, signal?: AbortSignal): Promise<CompletionResponse> {
    validateCompletionRequest(req, this);
    const url = this.config.endpoint;
    const aborted = (): RemoteEngineError =>
      new RemoteEngineError('aborted', url, 'the request was aborted by the caller', 'nothing to fix; re-run to continue', undefined, this.stats.attempts);
    let release: () => void;
    try {
      release = await this.gate.acquire(signal);
    } catch {
      throw aborted();
    }
    this.stats.requests++;
    const body = JSON.stringify(toOpenAiBody(this.config.model, req));
    try {
      let last: Extract<AttemptOutcome, { kind: 'retry' }> | undefined;
      for (let attempt = 1; attempt <= this.config.maxAttempts; attempt++) {
        if (attempt > 1) {
          this.stats.retries++;
          const ra = last?.retryAfterMs ?? null;
          const wait = ra !== null ? Math.min(ra, this.config.maxRetryAfterMs) : backoffDelayMs(attempt - 1, this.config.baseDelayMs, this.config.maxDelayMs, this.jitter.next());
          try {
            await sleep(wait, signal);
          } catch {
            throw aborted();
          }
        }
        if (signal?.aborted) throw aborted();
        this.stats.attempts++;
        const outcome = await this.attempt(url, body, req.n, signal);
        switch (outcome.kind) {
          case 'ok':
            return outcome.response;
          case 'fatal':
            this.stats.failures++;
            throw outcome.error;
          case 'retry':
            if (signal?.aborted) throw aborted();
            last = outcome;
            break;
          default: {
            const never: never = outcome;
            throw new Error(`unreachable outcome ${String(never)}`);
          }
        }
      }
      this.stats.failures++;
      throw new RemoteEngineError(
        'retries_exhausted',
        url,
        `${this.config.maxAttempts} attempts failed, the last with ${last?.why ?? 'an unknown error'}`,
        'check that the server is up and not overloaded (lower --concurrency), or raise maxAttempts / timeoutMs',
        last?.status,
        this.config.maxAttempts,
      );
    } finally {
      release();
    }
  }

  private async attempt(url: string, body: string, n: number, signal?: AbortSignal): Promise<AttemptOutcome> {
    const ac = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ac.abort();
    }, this.config.timeoutMs);
    const onAbort = (): void => ac.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...this.config.headers };
    if (this.config.apiKey) headers.authorization = `Bearer ${this.config.apiKey}`;
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const res = await fetch(url, { method: 'POST', headers, body, signal: ac.signal });
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      text = await res.text();
    } catch (err) {
      if (signal?.aborted) return { kind: 'fatal', error: new RemoteEngineError('aborted', url, 'the request was aborted by the caller', 'nothing to fix; re-run to continue', undefined, this.stats.attempts) };
      const why = timedOut ? `a timeout after ${this.config.timeoutMs} ms` : `a network error (${describeNetworkError(err)})`;
      return { kind: 'retry', status: undefined, why, retryAfterMs: null };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    const apiMessage = openAiErrorMessage(text);
    if (status >= 200 && status < 300) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return { kind: 'fatal', error: new RemoteEngineError('bad_response', url, `status ${status} with a body that is not JSON: ${text.slice(0, 120)}`, 'point --endpoint at an OpenAI-compatible server', status, this.stats.attempts) };
      }
      const parsed = parseOpenAiCompletion(json, n);
      if (typeof parsed === 'string') {
        return { kind: 'fatal', error: new RemoteEngineError('bad_response', url, `not a completions response: ${parsed}`, 'point --endpoint at an OpenAI-compatible /v1/completions server', status, this.stats.attempts) };
      }
      return { kind: 'ok', response: parsed };
    }
    if (isRetryableStatus(status)) {
      return { kind: 'retry', status, why: `HTTP ${status}${apiMessage ? ` (${apiMessage})` : ''}`, retryAfterMs: parseRetryAfter(retryAfter) };
    }
    return {
      kind: 'fatal',
      error: new RemoteEngineError(
        'http_client_error',
        url,
        `HTTP ${status}: ${apiMessage ?? text.slice(0, 200)}`,
        clientErrorFix(status),
        status,
        this.stats.attempts,
        apiMessage ?? undefined,
      ),
    };
  }
}

function clientErrorFix(status: number): string {
  switch (status) {
    case 401:
    case 403:
      return 'pass a valid API key for this server';
    case 404:
      return 'check --endpoint (the server must serve /v1/completions) and --model (see GET /v1/models)';
    case 413:
      return 'shorten the prompt or lower n';
    default:
      return 'fix the request field the server names (n, max_tokens, temperature, ...) or the server limits';
  }
}

function openAiErrorMessage(text: string): string | null {
  try {
    const j = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    if (j && typeof j.error === 'object' && j.error && typeof j.error.message === 'string') return j.error.message;
    if (j && typeof j.error === 'string') return j.error;
    if (j && typeof j.message === 'string') return j.message;
  } catch {
    /* not JSON */
  }
  return null;
}

function describeNetworkError(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? err.message;
  }
  return String(err);
}

/**
 * Parses a CLI engine flag `label=URL#MODEL` (e.g. `base=http://127.0.0.1:8000#r1-distill-1.5b`);
 * `#MODEL` may be omitted when `defaultModel` is given. Throws `EvalError('invalid_config')`.
 */
export function parseRemoteEngineFlag(text: string, defaultModel?: string): { label: string; endpoint: string; model: string } {
  const eq = text.indexOf('=');
  const hash = text.lastIndexOf('#');
  const label = eq > 0 ? text.slice(0, eq) : '';
  const endpoint = text.slice(eq + 1, hash > eq ? hash : undefined);
  const model = hash > eq ? text.slice(hash + 1) : (defaultModel ?? '');
  if (label === '' || endpoint === '' || model === '') {
    throw new EvalError('invalid_config', `--engine ${text}`, 'is not of the form label=URL#MODEL', 'write e.g. --engine base=http://127.0.0.1:8000#my-model (or pass --model for #MODEL)');
  }
  return { label, endpoint: completionsUrl(endpoint), model };
}
