/**
 * Answer extraction, Reasoning Gym's protocol: the content of the LAST `<answer>...</answer>` block,
 * trimmed, or null when there is none. Never throws, linear time on any input (no backtracking regex).
 */
const OPEN = '<answer>';
const CLOSE = '</answer>';

export function extractAnswer(completion: string): string | null {
  if (typeof completion !== 'string') return null;
  const end = completion.lastIndexOf(CLOSE);
  if (end < 0) return null;
  const start = completion.lastIndexOf(OPEN, end);
  if (start < 0) return null;
  return completion.slice(start + OPEN.length, end).trim();
}

/** True when the completion has a well-formed answer block (used for the base model's format rate). */
export function hasAnswerBlock(completion: string): boolean {
  return extractAnswer(completion) !== null;
}

/** Wraps an answer in the protocol's tags. */
export function answerBlock(answer: string): string {
  return `${OPEN}${answer}${CLOSE}`;
}
