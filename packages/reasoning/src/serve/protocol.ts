/**
 * The OpenAI completions wire format as `serve/server.ts` speaks it: request parsing and validation
 * against the server limits, the response body, and OpenAI-shaped errors
 * `{ error: { message, type, param, code } }`.
 */
import type { CompletionChoice, CompletionRequest } from '../eval/engine.js';

export type ApiErrorType = 'invalid_request_error' | 'not_found_error' | 'rate_limit_error' | 'server_error';

/** An error answered to the client as an OpenAI error body with `status`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly type: ApiErrorType,
    message: string,
    /** The request field at fault, or null. */
    readonly param: string | null,
    /** Stable machine code: invalid_json, missing_field, invalid_value, limit_exceeded, unsupported, ... */
    readonly code: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): { error: { message: string; type: ApiErrorType; param: string | null; code: string } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export interface ServerLimits {
  /** Largest `n` per prompt. Default 16. */
  maxN: number;
  /** Largest `max_tokens`. Default 4096 (must not exceed the engine's maxTokens). */
  maxTokens: number;
  /** Longest prompt, in characters. Default 100 000. */
  maxPromptChars: number;
  /** Completion requests in flight; more are answered 429 with Retry-After. Default 4. */
  maxConcurrent: number;
  /** Most prompts in one request (`prompt` as an array). Default 8. */
  maxPrompts: number;
  /** Largest request body in bytes; more is answered 413. Default 1 MiB. */
  maxBodyBytes: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  maxN: 16,
  maxTokens: 4096,
  maxPromptChars: 100_000,
  maxConcurrent: 4,
  maxPrompts: 8,
  maxBodyBytes: 1 << 20,
};

/** A validated `/v1/completions` body: the engine's sampling settings for each of `prompts`. */
export interface ParsedCompletionRequest extends Omit<CompletionRequest, 'prompt' | 'logprobs'> {
  model: string;
  prompts: string[];
  logprobs: boolean;
}

const invalid = (param: string, message: string, code = 'invalid_value'): ApiError => new ApiError(400, 'invalid_request_error', message, param, code);

/**
 * Validates a parsed JSON body. OpenAI defaults: n 1, temperature 1, top_p 1, max_tokens 16. Unknown
 * fields are ignored (clients send extras); `stream` and `echo` are rejected as unsupported.
 */
export function parseCompletionBody(raw: unknown, limits: ServerLimits, modelName: string): ParsedCompletionRequest {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalid('body', 'the request body must be a JSON object', 'invalid_body');
  const o = raw as Record<string, unknown>;
  const present = (k: string): boolean => o[k] !== undefined && o[k] !== null;

  if (!present('model')) throw invalid('model', "missing required field 'model'", 'missing_field');
  if (typeof o.model !== 'string') throw invalid('model', "'model' must be a string");
  if (o.model !== modelName) throw new ApiError(404, 'not_found_error', `The model '${o.model}' does not exist; this server serves '${modelName}' (GET /v1/models)`, 'model', 'model_not_found');

  if (!present('prompt')) throw invalid('prompt', "missing required field 'prompt'", 'missing_field');
  let prompts: string[];
  if (typeof o.prompt === 'string') prompts = [o.prompt];
  else if (Array.isArray(o.prompt) && o.prompt.length > 0 && o.prompt.every((p) => typeof p === 'string')) prompts = o.prompt as string[];
  else throw invalid('prompt', "'prompt' must be a string or a non-empty array of strings (token-id prompts are not supported)");
  if (prompts.length > limits.maxPrompts) throw invalid('prompt', `'prompt' has ${prompts.length} entries; this server's limit maxPrompts is ${limits.maxPrompts}`, 'limit_exceeded');
  prompts.forEach((p, i) => {
    if (p.length > limits.maxPromptChars) throw invalid('prompt', `prompt ${i} has ${p.length} characters; this server's limit maxPromptChars is ${limits.maxPromptChars}`, 'limit_exceeded');
  });

  const int = (k: string, dflt: number, min: number, max: number, limitName: string): number => {
    if (!present(k)) return dflt;
    const v = o[k];
    if (typeof v !== 'number' || !Number.isInteger(v)) throw invalid(k, `'${k}' must be an integer`);
    if (v < min) throw invalid(k, `'${k}' must be >= ${min}, got ${v}`);
    if (v > max) throw invalid(k, `'${k}' is ${v}; this server's limit ${limitName} is ${max}`, 'limit_exceeded');
    return v;
  };
  const num = (k: string, dflt: number, ok: (v: number) => boolean, rule: string): number => {
    if (!present(k)) return dflt;
    const v = o[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(k, `'${k}' must be a number`);
    if (!ok(v)) throw invalid(k, `'${k}' ${rule}, got ${v}`);
    return v;
  };

  const n = int('n', 1, 1, limits.maxN, 'maxN');
  const maxTokens = int('max_tokens', Math.min(16, limits.maxTokens), 1, limits.maxTokens, 'maxTokens');
  const temperature = num('temperature', 1, (v) => v >= 0 && v <= 2, 'must be in [0, 2]');
  const topP = num('top_p', 1, (v) => v > 0 && v <= 1, 'must be in (0, 1]');

  let stop: string[] | undefined;
  if (present('stop')) {
    if (typeof o.stop === 'string') stop = [o.stop];
    else if (Array.isArray(o.stop) && o.stop.every((s) => typeof s === 'string')) stop = o.stop as string[];
    else throw invalid('stop', "'stop' must be a string or an array of strings");
    if (stop.some((s) => s.length === 0)) throw invalid('stop', "'stop' strings must be non-empty");
    if (stop.length > 16) throw invalid('stop', `'stop' has ${stop.length} strings; at most 16 are allowed`, 'limit_exceeded');
    if (stop.length === 0) stop = undefined;
  }

  let seed: number | undefined;
  if (present('seed')) {
    const v = o.seed;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw invalid('seed', "'seed' must be an integer");
    seed = v >>> 0; // any integer, folded into [0, 2^32)
  }

  let logprobs = false;
  if (present('logprobs')) {
    const v = o.logprobs;
    if (typeof v === 'boolean') logprobs = v;
    else if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 5) logprobs = true; // top alternatives are not returned
    else throw invalid('logprobs', "'logprobs' must be an integer in [0, 5] or a boolean");
  }

  if (o.stream === true) throw invalid('stream', "'stream' is not supported by this server; send stream: false", 'unsupported');
  if (o.echo === true) throw invalid('echo', "'echo' is not supported by this server", 'unsupported');

  const out: ParsedCompletionRequest = { model: o.model, prompts, n, temperature, topP, maxTokens, logprobs };
  if (stop) out.stop = stop;
  if (seed !== undefined) out.seed = seed;
  return out;
}

export interface OpenAiChoice {
  text: string;
  index: number;
  finish_reason: 'stop' | 'length';
  logprobs: { tokens: string[]; token_logprobs: number[]; top_logprobs: null; text_offset: number[] } | null;
}

export interface OpenAiCompletion {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: OpenAiChoice[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/** One wire choice. `index` follows OpenAI: prompt p, sample j → p·n + j. */
export function toOpenAiChoice(choice: CompletionChoice, index: number, logprobs: boolean): OpenAiChoice {
  return {
    text: choice.text,
    index,
    finish_reason: choice.finishReason,
    logprobs: logprobs ? { tokens: choice.tokens ?? [], token_logprobs: choice.tokenLogprobs ?? [], top_logprobs: null, text_offset: [] } : null,
  };
}
