// Public API of rl-core/stats (re-exported by ../index.ts).
export {
  maskedSum,
  maskedMean,
  maskedVar,
  maskedDenominator,
  DEFAULT_MASKED_VAR_OPTIONS,
  resolveMaskedVarOptions,
  type MaskedAxis,
  type MaskedVarOptions,
} from './masked.js';
export { maskedWhiten, resolveWhitenOptions, DEFAULT_WHITEN_OPTIONS, WHITEN_VAR_EPS, type WhitenOptions } from './whiten.js';
