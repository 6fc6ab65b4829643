/**
 * The completion-engine contract: text in, n sampled continuations out. Everything that samples for
 * evaluation or serving goes through it, so the same `runEval` drives a remote vLLM / SGLang server
 * (`remote-engine.ts`), the local ONNX policy (a local adapter wrapping `@prorl/policy`'s rollout
 * engine and tokenizer: encode the prompt, generate n rows with one seed each, decode, cut at the
 * first stop string, map the finish reasons) or a test double.
 *
 * Ownership: an engine owns its connections / sessions; `close()` (optional) releases them.
 */
import { EvalError } from './errors.js';

export type FinishReason = 'stop' | 'length';

/** One sampling request for a single prompt. */
export interface CompletionRequest {
  prompt: string;
  /** Samples to draw, 1..engine.maxN (use `completeSplit` for larger n). */
  n: number;
  /** >= 0; 0 means greedy. */
  temperature: number;
  /** Nucleus mass in (0, 1]. */
  topP: number;
  /** Maximum new tokens per sample, 1..engine.maxTokens. */
  maxTokens: number;
  /** Generation stops before the first occurrence of any of these strings (not included in the text). */
  stop?: string[];
  /** Same seed + same request → same samples, where the engine supports it. */
  seed?: number;
  /** Return the log-prob of every sampled token. */
  logprobs?: boolean;
}

export interface CompletionChoice {
  text: string;
  finishReason: FinishReason;
  /** `[T]` log-prob of each sampled token, when requested and supported. */
  tokenLogprobs?: number[];
  /** `[T]` the sampled tokens as text, when the engine knows them (served as `logprobs.tokens`). */
  tokens?: string[];
}

export interface CompletionResponse {
  /** Exactly `n` choices, in sample order. */
  choices: CompletionChoice[];
  /** Token counts, when the engine knows them (served as `usage`). */
  usage?: { promptTokens: number; completionTokens: number };
}

export interface CompletionEngine {
  /** Human-readable name (model or checkpoint), shown in reports and `/v1/models`. */
  readonly name: string;
  /** Largest n one `complete` call accepts. */
  readonly maxN: number;
  /** Largest maxTokens one `complete` call accepts. */
  readonly maxTokens: number;
  /**
   * Samples `req.n` completions. Must reject promptly (with `EvalError('aborted')` or an AbortError)
   * once `signal` fires, and must not resolve with fewer than `req.n` choices.
   */
  complete(req: CompletionRequest, signal?: AbortSignal): Promise<CompletionResponse>;
  /** Releases resources (sessions, sockets). Optional. */
  close?(): Promise<void>;
}

/** Checks a request against the contract and the engine's limits; throws `EvalError('invalid_request')`. */
export function validateCompletionRequest(req: CompletionRequest, limits: { maxN: number; maxTokens: number }): void {
  const bad = (field: string, rule: string, fix: string): never => {
    throw new EvalError('invalid_request', field, rule, fix);
  };
  if (typeof req.prompt !== 'string') bad('prompt', 'must be a string', 'pass the prompt text');
  if (!Number.isInteger(req.n) || req.n < 1) bad('n', `must be a positive integer, got ${req.n}`, 'ask for at least one sample');
  if (req.n > limits.maxN) bad('n', `is ${req.n} but the engine allows at most ${limits.maxN} per request`, 'split the samples over several requests (completeSplit does this)');
  if (!Number.isFinite(req.temperature) || req.temperature < 0) bad('temperature', `must be a finite number >= 0, got ${req.temperature}`, 'use e.g. 0.6 (the paper) or 0 for greedy');
  if (!Number.isFinite(req.topP) || req.topP <= 0 || req.topP > 1) bad('topP', `must be in (0, 1], got ${req.topP}`, 'use e.g. 0.95 (the paper) or 1 to disable');
  if (!Number.isInteger(req.maxTokens) || req.maxTokens < 1) bad('maxTokens', `must be a positive integer, got ${req.maxTokens}`, 'pass the generation budget in tokens');
  if (req.maxTokens > limits.maxTokens) bad('maxTokens', `is ${req.maxTokens} but the engine allows at most ${limits.maxTokens}`, `lower maxTokens to <= ${limits.maxTokens}`);
  if (req.stop !== undefined && (!Array.isArray(req.stop) || req.stop.some((s) => typeof s !== 'string' || s.length === 0))) {
    bad('stop', 'must be an array of non-empty strings', 'pass e.g. ["</answer>"] or leave it out');
  }
  if (req.seed !== undefined && (!Number.isInteger(req.seed) || req.seed < 0 || req.seed > 0xffffffff)) {
    bad('seed', `must be an integer in [0, 2^32), got ${req.seed}`, 'pass a non-negative 32-bit integer');
  }
}

/**
 * The sizes of the requests that draw `n` samples at most `maxN` at a time: `[maxN, maxN, ..., rest]`.
 */
export function splitN(n: number, maxN: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new EvalError('invalid_request', 'n', `must be a positive integer, got ${n}`, 'ask for at least one sample');
  if (!Number.isInteger(maxN) || maxN < 1) throw new EvalError('invalid_config', 'maxN', `must be a positive integer, got ${maxN}`, "fix the engine's maxN");
  const out: number[] = [];
  for (let left = n; left > 0; left -= maxN) out.push(Math.min(left, maxN));
  return out;
}

/**
 * Draws `req.n` samples even when it exceeds `engine.maxN`, by sequential requests of at most maxN.
 * Chunk j is seeded `seed + j` (mod 2^32) so the chunks differ; choices are concatenated in order.
 */
export async function completeSplit(engine: CompletionEngine, req: CompletionRequest, signal?: AbortSignal): Promise<CompletionResponse> {
  const sizes = splitN(req.n, engine.maxN);
  if (sizes.length === 1) return engine.complete(req, signal);
  const choices: CompletionChoice[] = [];
  let promptTokens = 0;
  let completionTokens = 0;
  let haveUsage = true;
  for (let j = 0; j < sizes.length; j++) {
    const sub: CompletionRequest = { ...req, n: sizes[j]! };
    if (req.seed !== undefined) sub.seed = (req.seed + j) >>> 0;
    const r = await engine.complete(sub, signal);
    choices.push(...r.choices);
    if (r.usage) {
      promptTokens = r.usage.promptTokens; // the same prompt every time
      completionTokens += r.usage.completionTokens;
    } else haveUsage = false;
  }
  return haveUsage ? { choices, usage: { promptTokens, completionTokens } } : { choices };
}
