/**
 * Group sampling with the onnxruntime rollout engine: n responses per prompt (one seed per row),
 * decoded to text and scored by the families' verifiers. Shared by the trainer (rollouts and
 * validation) and the demo's base-vs-trained evaluation.
 */
import type { OrtRolloutEngine, Tokenizer, FinishReason } from '@prorl/policy';
import { scoreBatch } from '../suite/score.js';
import type { ScoreContext, ScoreResult, TaskItem } from '../tasks/types.js';
import { decodeResponse, encodePrompt } from '../sft/format.js';

export interface SampleSettings {
  /** Responses per prompt (G). */
  n: number;
  temperature: number;
  topP: number;
  maxNewTokens: number;
  /** Rows per engine call (bounds the KV cache); default 128. */
  maxRowsPerCall?: number;
}

/** One sampled response. Rows of a group are contiguous: row = group·n + i. */
export interface SampledRow {
  /** Index of the prompt in the input list (the group id). */
  group: number;
  item: TaskItem;
  promptIds: number[];
  /** Generated tokens (with the `<eos>` when the row stopped). */
  tokens: number[];
  /** Base-policy (temperature 1) log-prob of each generated token, from the engine. */
  logProbs: number[];
  finishReason: FinishReason;
  /** True when the prompt was longer than maxSeqLen − maxNewTokens and lost its head. */
  promptTruncated: boolean;
  text: string;
  score: ScoreResult;
}

/**
 * Samples `settings.n` responses for every item and scores them. `seeds` gives one seed per row
 * (`items.length · n`), so the result is a pure function of (weights, items, settings, seeds).
 */
export async function sampleAndScore(
  engine: OrtRolloutEngine,
  tok: Tokenizer,
  items: readonly TaskItem[],
  settings: SampleSettings,
  seeds: readonly number[],
  ctx?: ScoreContext,
): Promise<SampledRow[]> {
  const { n } = settings;
  if (seeds.length !== items.length * n) throw new Error(`sampleAndScore: ${seeds.length} seeds for ${items.length} prompts x n ${n}`);
  const maxPrompt = engine.config.maxSeqLen - settings.maxNewTokens;
  const truncated = items.map((it) => encodePrompt(tok, it.prompt).length > maxPrompt);
  const prompts = items.map((it) => {
    const ids = encodePrompt(tok, it.prompt);
    // Over-long prompts keep their tail (the answer-format instruction is at the end); reported per row.
    return ids.length > maxPrompt ? [tok.special.bos, ...ids.slice(ids.length - maxPrompt + 1)] : ids;
  });
  const rowsPerCall = Math.max(n, Math.floor((settings.maxRowsPerCall ?? 128) / n) * n);
  const rows: Omit<SampledRow, 'text' | 'score'>[] = [];
  for (let r0 = 0; r0 < items.length * n; r0 += rowsPerCall) {
    const r1 = Math.min(items.length * n, r0 + rowsPerCall);
    const reqPrompts: number[][] = [];
    for (let r = r0; r < r1; r++) reqPrompts.push(prompts[Math.floor(r / n)]!);
    const out = await engine.generate({
      prompts: reqPrompts,
      seeds: seeds.slice(r0, r1),
      sampling: { temperature: settings.temperature, topP: settings.topP, maxNewTokens: settings.maxNewTokens, stopTokens: [tok.special.eos] },
    });
    for (let r = r0; r < r1; r++) {
      const g = Math.floor(r / n);
      rows.push({ group: g, item: items[g]!, promptIds: prompts[g]!, tokens: out.tokens[r - r0]!, logProbs: out.logProbs[r - r0]!, finishReason: out.finishReasons[r - r0]!, promptTruncated: truncated[g]! });
    }
  }
  const withText = rows.map((r) => ({ ...r, text: decodeResponse(tok, r.tokens) }));
  const scores = await scoreBatch(withText.map((r) => ({ item: r.item, completion: r.text })), ctx);
  return withText.map((r, i) => ({ ...r, score: scores[i]! }));
}
