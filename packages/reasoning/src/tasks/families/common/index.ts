/** Helpers shared by every task family: items and levels, the never-throw score wrapper and verdicts, numbers, guarded JSON. */
export { ASK, checkLevel, makeItem, metaNumber, metaNumbers, metaString, metaStrings } from './item.js';
export {
  defaultVerdict,
  extractBounded,
  INT_ANSWER_RULES,
  intVerdict,
  MAX_ANSWER_CHARS,
  NUMERIC_FALLBACK_RULES,
  relVerdict,
  scoreIntAnswer,
  scoreWith,
  type Extracted,
  type Verdict,
} from './score.js';
export { canonicalInt, gcdBig, gcdNum, intIn, isPrimeBig, parseNum, primeFactors, primesUpTo, randDigits, roundDp, roundSig, stripUnit } from './numbers.js';
export { isPlainObject, safeJsonParse, stripFence } from './json.js';
