/**
 * The never-throw scoring wrapper shared by every synchronous family: bounded extraction of the last
 * `<answer>` block, an exception guard and clamping, plus the verdicts built on the shared rules
 * (`scoring.ts`): default substring rule, integer answers, relative-tolerance decimals.
 */
import { extractAnswer } from '../../extract.js';
import { defaultScore } from '../../scoring.js';
import type { ScoreResult, TaskItem } from '../../types.js';
import { canonicalInt, parseNum } from './numbers.js';

/** Longest `<answer>` content any verifier looks at; longer answers score 0 ('too_long'). */
export const MAX_ANSWER_CHARS = 20_000;

/** A verifier's verdict on the extracted answer. */
export interface Verdict {
  score: number;
  reason: string;
}

/** Result of the bounded extraction: either an early ScoreResult or the answer text to verify. */
export type Extracted = { done: ScoreResult } | { answer: string };

/**
 * Extracts the last `<answer>` block; answers absent score 0 ('no_answer'), answers longer than
 * `maxChars` score 0 ('too_long'). Never throws (a non-string completion has no answer).
 */
export function extractBounded(completion: unknown, maxChars = MAX_ANSWER_CHARS): Extracted {
  let answer: string | null = null;
  try {
    answer = typeof completion === 'string' ? extractAnswer(completion) : null;
  } catch {
    answer = null;
  }
  if (answer === null) return { done: { score: 0, extracted: null, reason: 'no_answer' } };
  if (answer.length > maxChars) return { done: { score: 0, extracted: answer.slice(0, 200), reason: 'too_long' } };
  return { answer };
}

/**
 * Extracts the answer (see `extractBounded`) and runs `fn` on it; an exception in `fn` → 0
 * ('verifier_error'); the score is clamped to [0, 1] (NaN → 0). Never throws.
 */
export function scoreWith(completion: unknown, fn: (answer: string) => Verdict): ScoreResult {
  const ex = extractBounded(completion);
  if ('done' in ex) return ex.done;
  try {
    const v = fn(ex.answer);
    const score = Number.isFinite(v.score) ? Math.min(1, Math.max(0, v.score)) : 0;
    return { score, extracted: ex.answer, reason: v.reason };
  } catch {
    return { score: 0, extracted: ex.answer, reason: 'verifier_error' };
  }
}

/** Reasoning Gym's default rule as a verdict: exact 1, oracle substring len(oracle)/len(answer), else 0. */
export function defaultVerdict(answer: string, oracle: string): Verdict {
  const s = defaultScore(answer, oracle);
  return { score: s, reason: s === 1 ? 'exact' : s > 0 ? 'partial:substring' : 'wrong' };
}

/**
 * Integer answers: equal canonical integers (separators, sign, leading zeros ignored) → 1; an equal
 * numeric value written otherwise (`12.0`, `1.2e1`) → 1 when the oracle is a safe integer; any other
 * bare number → 0; other text → the default substring rule (verbose answers get partial credit).
 */
export function intVerdict(answer: string, oracle: string): Verdict {
  const a = canonicalInt(answer);
  if (a !== null && a === canonicalInt(oracle)) return { score: 1, reason: 'exact' };
  const o = Number(oracle);
  const v = parseNum(answer);
  if (Number.isSafeInteger(o) && v !== null && v === o) return { score: 1, reason: 'numeric' };
  // A bare number that differs is wrong (no substring credit for `-14` against `14`).
  if (a !== null || v !== null) return { score: 0, reason: 'wrong' };
  return defaultVerdict(answer, oracle);
}

/**
 * Decimal answers: |a − target| ≤ max(relTol·|target|, absTol) → 1; any other bare number → 0; other
 * text → the default substring rule against the oracle string.
 */
export function relVerdict(answer: string, target: number, oracle: string, relTol: number, absTol = 0): Verdict {
  const v = parseNum(answer);
  if (v !== null && Math.abs(v - target) <= Math.max(relTol * Math.abs(target), absTol)) {
    return { score: 1, reason: answer.trim() === oracle ? 'exact' : 'numeric' };
  }
  if (v !== null) return { score: 0, reason: 'wrong' };
  return defaultVerdict(answer, oracle);
}

/** The rule text every numeric family ends its `scoringRules` with (bare numbers, verbose text, no block). */
export const NUMERIC_FALLBACK_RULES =
  'Any other bare number: 0. Other text: Reasoning Gym default, len(oracle)/len(answer) if the oracle appears inside it (verbose answers), else 0. No answer block: 0.';

/** The full `scoringRules` of a family scored by `scoreIntAnswer` against its oracle. */
export const INT_ANSWER_RULES =
  'Integer answer: 1 if equal to the oracle (thousands separators, sign and leading zeros ignored; 12.0 accepted). ' + NUMERIC_FALLBACK_RULES;

/** A whole `score` for integer-answer families: `intVerdict` against the oracle inside `scoreWith`. */
export function scoreIntAnswer(item: TaskItem, completion: string): ScoreResult {
  return scoreWith(completion, (a) => intVerdict(a, item.oracle));
}
