/**
 * A `CompletionEngine` over a local token-level generator, the seam where `@prorl/policy`'s ONNX
 * rollout engine (`OrtRolloutEngine`, or a `PolicyWorker` running one off the event loop) and its
 * tokenizer plug in. The types below are structural subsets of those classes, so
 *
 *   new LocalEngine({ name: 'ckpt-1000', generator: ortRolloutEngine, tokenizer })
 *
 * compiles without this package depending on the policy engine's internals.
 *
 * Per request: encode the prompt (BOS prepended by default), generate n rows with one seed each
 * (seed + i·0x9E3779B9 mod 2^32 for row i; without a seed, draws from the engine's own seeded Rng), stop
 * at EOS, decode without special tokens, then cut each text at the first stop string (finish reason
 * 'stop', the stop string not included, like vLLM). Log-probs are the base-policy log-probs of the
 * kept tokens.
 *
 * Cancellation: a generator call is not interruptible; the signal is checked before and after it.
 */
import { Rng } from '@prorl/rl-core';
import type { CompletionEngine, CompletionRequest, CompletionResponse, FinishReason } from './engine.js';
import { validateCompletionRequest } from './engine.js';
import { EvalError } from './errors.js';

/** Structural subset of `@prorl/policy`'s `OrtRolloutEngine.generate`. */
export interface LocalGenerator {
  generate(req: {
    prompts: readonly ArrayLike<number>[];
    seeds: readonly number[];
    sampling?: { temperature?: number; topP?: number; topK?: number; maxNewTokens?: number; stopTokens?: number[] };
  }): Promise<{ tokens: number[][]; logProbs: number[][]; finishReasons: FinishReason[] }>;
}

/** Structural subset of `@prorl/policy`'s `Tokenizer`. */
export interface LocalTokenizer {
  readonly special: { bos: number; eos: number };
  encode(text: string, opts?: { addBos?: boolean; parseSpecial?: boolean }): number[];
  decode(ids: ArrayLike<number>, opts?: { skipSpecial?: boolean }): string;
}

export interface LocalEngineConfig {
  name: string;
  generator: LocalGenerator;
  tokenizer: LocalTokenizer;
  /** Rows per generate call. Default 64. */
  maxN: number;
  /** Largest maxTokens (the model's context minus the prompt). Default 1024. */
  maxTokens: number;
  /** Longest encoded prompt. Default 4096. */
  maxPromptTokens: number;
  /** Prepend BOS to the prompt. Default true. */
  addBos: boolean;
  /** Seed of the row seeds of requests without a seed. Default 0. */
  seed: number;
}

export const DEFAULT_LOCAL_ENGINE_CONFIG = { maxN: 64, maxTokens: 1024, maxPromptTokens: 4096, addBos: true, seed: 0 } as const;

export function resolveLocalEngineConfig(input: Partial<LocalEngineConfig> & Pick<LocalEngineConfig, 'name' | 'generator' | 'tokenizer'>): LocalEngineConfig {
  const c: LocalEngineConfig = { ...DEFAULT_LOCAL_ENGINE_CONFIG, ...input };
  for (const key of ['maxN', 'maxTokens', 'maxPromptTokens'] as const) {
    if (!Number.isInteger(c[key]) || c[key] < 1) throw new EvalError('invalid_config', key, `must be a positive integer, got ${c[key]}`, `use e.g. ${DEFAULT_LOCAL_ENGINE_CONFIG[key]}`);
  }
  if (typeof c.generator?.generate !== 'function') throw new EvalError('invalid_config', 'generator', 'has no generate()', "pass @prorl/policy's OrtRolloutEngine (or a PolicyWorker)");
  return c;
}

/** Row i's seed for a request seeded `seed`. */
export function rowSeed(seed: number, row: number): number {
  return (seed + Math.imul(row, 0x9e3779b9)) >>> 0;
}

/** Cuts `text` before the earliest occurrence of any stop string; null when none occurs. */
export function cutAtStop(text: string, stop: readonly string[]): number | null {
  let best: number | null = null;
  for (const s of stop) {
    const i = text.indexOf(s);
    if (i >= 0 && (best === null || i < best)) best = i;
  }
  return best;
}

export class LocalEngine implements CompletionEngine {
  readonly config: LocalEngineConfig;
  readonly name: string;
  readonly maxN: number;
  readonly maxTokens: number;
  private readonly rng: Rng;

  constructor(input: Partial<LocalEngineConfig> & Pick<LocalEngineConfig, 'name' | 'generator' | 'tokenizer'>) {
    this.config = resolveLocalEngineConfig(input);
    this.name = this.config.name;
    this.maxN = this.config.maxN;
    this.maxTokens = this.config.maxTokens;
    this.rng = new Rng(this.config.seed);
  }

  async complete(req: CompletionRequest, signal?: AbortSignal): Promise<CompletionResponse> {
    validateCompletionRequest(req, this);
    const aborted = (): EvalError => new EvalError('aborted', `engine '${this.name}'`, 'the request was aborted', 'nothing to fix; re-run to continue');
    if (signal?.aborted) throw aborted();
    const tok = this.config.tokenizer;
    const ids = tok.encode(req.prompt, { addBos: this.config.addBos, parseSpecial: false });
    if (ids.length > this.config.maxPromptTokens) {
      throw new EvalError('invalid_request', 'prompt', `has ${ids.length} tokens; the limit maxPromptTokens is ${this.config.maxPromptTokens}`, 'shorten the prompt or raise maxPromptTokens');
    }
    const seeds = Array.from({ length: req.n }, (_, i) => (req.seed !== undefined ? rowSeed(req.seed, i) : Math.floor(this.rng.next() * 4294967296) >>> 0));
    const out = await this.config.generator.generate({
      prompts: Array.from({ length: req.n }, () => ids),
      seeds,
      sampling: { temperature: req.temperature, topP: req.topP, maxNewTokens: req.maxTokens, stopTokens: [tok.special.eos] },
    });
    if (signal?.aborted) throw aborted();
    let completionTokens = 0;
    const choices = out.tokens.map((row, i) => {
      let tokens = row;
      let finishReason: FinishReason = out.finishReasons[i] ?? 'length';
      if (finishReason === 'stop' && tokens[tokens.length - 1] === tok.special.eos) tokens = tokens.slice(0, -1);
      let text = tok.decode(tokens, { skipSpecial: true });
      let kept = tokens.length;
      const cut = req.stop && req.stop.length > 0 ? cutAtStop(text, req.stop) : null;
      if (cut !== null) {
        text = text.slice(0, cut);
        finishReason = 'stop';
        // the shortest token prefix whose text reaches the stop string
        kept = 1;
        while (kept < tokens.length && cutAtStop(tok.decode(tokens.slice(0, kept), { skipSpecial: true }), req.stop!) === null) kept++;
      }
      completionTokens += kept;
      const choice: CompletionResponse['choices'][number] = { text, finishReason };
      if (req.logprobs) choice.tokenLogprobs = (out.logProbs[i] ?? []).slice(0, kept);
      return choice;
    });
    return { choices, usage: { promptTokens: ids.length, completionTokens } };
  }
}
