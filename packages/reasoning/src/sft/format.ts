/**
 * The text layout shared by SFT, RL rollouts and evaluation of the tiny char-level policy:
 *
 *   <bos> prompt "\n" solution <eos>
 *
 * The policy is conditioned on `<bos> prompt "\n"` and generates the solution, ending with `<eos>`
 * (the stop token of every rollout). SFT puts its loss on the solution tokens and the `<eos>` only.
 */
import type { Tokenizer } from '@prorl/policy';

/** Separator between the prompt and the response. */
export const PROMPT_SEPARATOR = '\n';

/** Token ids the policy is conditioned on: `<bos> prompt "\n"`. */
export function encodePrompt(tok: Tokenizer, prompt: string): number[] {
  return [tok.special.bos, ...tok.encode(prompt + PROMPT_SEPARATOR, { parseSpecial: false })];
}

/** One SFT example: ids `<bos> prompt "\n" solution <eos>` and the loss mask (1 on solution + eos). */
export interface EncodedExample {
  ids: number[];
  /** Same length as ids: 1 where the token is part of the supervised response. */
  lossMask: number[];
}

export function encodeExample(tok: Tokenizer, prompt: string, solution: string): EncodedExample {
  const p = encodePrompt(tok, prompt);
  const s = [...tok.encode(solution, { parseSpecial: false }), tok.special.eos];
  return { ids: [...p, ...s], lossMask: [...p.map(() => 0), ...s.map(() => 1)] };
}

/** Response text of generated tokens: decoded up to (not including) the first `<eos>`. */
export function decodeResponse(tok: Tokenizer, tokens: readonly number[]): string {
  const eos = tokens.indexOf(tok.special.eos);
  return tok.decode(eos >= 0 ? tokens.slice(0, eos) : tokens, { skipSpecial: true });
}
