// Public API of rl-core/eval (re-exported by ../index.ts).
export {
  passAtK,
  passAtKCurve,
  passAtKCurveReference,
  meanPassAtK,
  meanPassAtKCurve,
  countCorrect,
  countCorrectByProblem,
  type KAboveNRule,
  type PassAtKOptions,
  type ProblemCounts,
} from './pass-at-k.js';
export {
  classifyRegime,
  resolveRegimeThresholds,
  dangPassAtKUpperBound,
  DEFAULT_REGIME_THRESHOLDS,
  type BoundaryRegime,
  type RegimeThresholds,
  type RegimeCurves,
  type RegimeResult,
} from './regimes.js';
