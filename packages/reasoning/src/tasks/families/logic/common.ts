/**
 * Helpers shared by the logic and instruction families: item construction, level checks, bounded
 * answer extraction and guarded parsers. Every parser here is total (never throws) and caps its input
 * before doing any work, so a verifier stays cheap on megabytes of garbage.
 */
import { InvalidParamError } from '@prorl/rl-core';
import { extractAnswer } from '../../extract.js';
import type { Domain, ScoreResult, TaskItem } from '../../types.js';

/** Longest `<answer>` content any logic/IF verifier looks at; longer answers score 0 ('too_long'). */
export const MAX_ANSWER_CHARS = 20_000;

/** Throws an actionable error when `level` is not one of the family's levels. */
export function checkLevel(family: string, level: number, levels: readonly number[]): void {
  if (!levels.includes(level)) {
    throw new InvalidParamError(`${family}.generate(level)`, `level ${level} is not one of [${levels.join(', ')}]`, `pass one of the family's levels`);
  }
}

/** Builds a TaskItem with the suite's id convention `${family}/L${level}/${seed}`. */
export function makeItem(
  family: string,
  domain: Domain,
  level: number,
  seed: number,
  prompt: string,
  oracle: string,
  meta: Record<string, unknown>,
): TaskItem {
  return { id: `${family}/L${level}/${seed}`, family, domain, level, seed, prompt, oracle, meta };
}

/** Result of the bounded extraction: either an early ScoreResult or the answer text to verify. */
export type Extracted = { done: ScoreResult } | { answer: string };

/**
 * Extracts the last `<answer>` block; answers absent score 0 ('no_answer'), answers longer than
 * `maxChars` score 0 ('too_long'). Never throws.
 */
export function extractBounded(completion: unknown, maxChars = MAX_ANSWER_CHARS): Extracted {
  const answer = typeof completion === 'string' ? extractAnswer(completion) : null;
  if (answer === null) return { done: { score: 0, extracted: null, reason: 'no_answer' } };
  if (answer.length > maxChars) return { done: { score: 0, extracted: answer.slice(0, 200), reason: 'too_long' } };
  return { answer };
}

/** Wraps a scorer so that any unexpected exception becomes score 0 with reason 'verifier_error'. */
export function safeScore(completion: unknown, fn: (answer: string) => { score: number; reason: string }): ScoreResult {
  const ex = extractBounded(completion);
  if ('done' in ex) return ex.done;
  try {
    const r = fn(ex.answer);
    const s = Number.isFinite(r.score) ? Math.min(1, Math.max(0, r.score)) : 0;
    return { score: s, extracted: ex.answer, reason: r.reason };
  } catch {
    return { score: 0, extracted: ex.answer, reason: 'verifier_error' };
  }
}

/** JSON.parse guarded by a length cap and a nesting-depth pre-scan; returns undefined on failure. */
export function safeJsonParse(text: string, maxChars = MAX_ANSWER_CHARS, maxDepth = 32): unknown {
  if (text.length > maxChars) return undefined;
  let depth = 0;
  let inStr = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inStr) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inStr = false;
      continue;
    }
    if (c === 34) inStr = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > maxDepth) return undefined;
    } else if (c === 93 || c === 125) depth--;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Strips one surrounding markdown code fence (```json ... ```), if any. */
export function stripFence(text: string): string {
  const t = text.trim();
  if (!t.startsWith('```')) return t;
  const firstNl = t.indexOf('\n');
  const end = t.lastIndexOf('```');
  if (firstNl < 0 || end <= firstNl) return t;
  return t.slice(firstNl + 1, end).trim();
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Integer in [lo, hi] drawn from the rng. */
export function intIn(rng: { int(n: number): number }, lo: number, hi: number): number {
  return lo + rng.int(hi - lo + 1);
}
