/**
 * Shared scoring rules (Reasoning Gym semantics, `reasoning_gym/dataset.py`):
 *  - exact match → 1.0;
 *  - else, if the oracle is a substring of the answer → len(oracle)/len(answer) (verbose answers get
 *    partial credit);
 *  - else 0.
 * `decimalScore` first strips thousands separators and compares numerically (RG's compute_decimal_reward).
 * Every function is total: any string in, a score in [0, 1] out.
 */
export function defaultScore(answer: string | null, oracle: string): number {
  if (answer === null) return 0;
  if (answer === oracle) return 1;
  if (oracle.length > 0 && answer.includes(oracle)) return clamp01(oracle.length / answer.length);
  return 0;
}

/** Parses a number written with optional sign, thousands separators (`,` or `_` or thin spaces) and decimals. */
export function parseNumber(text: string): number | null {
  // Length cap BEFORE the regex: the pattern backtracks quadratically on long digit runs.
  if (text.length > 256) return null;
  const s = text.trim().replace(/[,_\u2009\u202f ]/g, '');
  if (s.length > 64 || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

/** Numeric equality within `tol` (relative to max(1, |oracle|)), else the default rule. */
export function decimalScore(answer: string | null, oracle: string, tol = 1e-9): number {
  if (answer === null) return 0;
  const a = parseNumber(answer);
  const o = parseNumber(oracle);
  if (a !== null && o !== null && Math.abs(a - o) <= tol * Math.max(1, Math.abs(o))) return 1;
  return defaultScore(answer, oracle);
}

export function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
