/**
 * Token sampling from one row of logits: temperature, top-k, top-p (nucleus), greedy.
 *
 * The returned `logp` is log_softmax(logits)[token] at temperature 1 with no top-k/top-p truncation:
 * the log-prob of the token under the base policy, which is what the training graph's `logp`
 * computes for the same token, so rollout and training log-probs agree (up to float32 rounding).
 */
import type { Rng } from '@prorl/rl-core';

export interface SamplingConfig {
  /** Softmax temperature; 0 = greedy (argmax, lowest index on ties). Default 1. */
  temperature: number;
  /** Keep only the k most likely tokens; 0 = off. Default 0. */
  topK: number;
  /** Keep the smallest set of most likely tokens with total probability ≥ p; 1 = off. Default 1. */
  topP: number;
  /** New tokens per row at most. Default 64. */
  maxNewTokens: number;
  /** Tokens that end a row (included in its output, finish reason 'stop'). Default none. */
  stopTokens: number[];
}

export const DEFAULT_SAMPLING_CONFIG: SamplingConfig = {
  temperature: 1,
  topK: 0,
  topP: 1,
  maxNewTokens: 64,
  stopTokens: [],
};

export class SamplingConfigError extends Error {
  override readonly name = 'SamplingConfigError';
  constructor(field: string, rule: string, fix: string) {
    super(`sampling '${field}': ${rule}. Fix: ${fix}`);
  }
}

export function resolveSamplingConfig(partial: Partial<SamplingConfig> = {}): SamplingConfig {
  const c = { ...DEFAULT_SAMPLING_CONFIG, ...partial };
  if (!(c.temperature >= 0) || !Number.isFinite(c.temperature)) throw new SamplingConfigError('temperature', `must be a finite number ≥ 0, got ${c.temperature}`, 'use 0 for greedy or e.g. 1.0');
  if (!Number.isInteger(c.topK) || c.topK < 0) throw new SamplingConfigError('topK', `must be an integer ≥ 0, got ${c.topK}`, 'use 0 to disable');
  if (!(c.topP > 0 && c.topP <= 1)) throw new SamplingConfigError('topP', `must be in (0, 1], got ${c.topP}`, 'use 1 to disable');
  if (!Number.isInteger(c.maxNewTokens) || c.maxNewTokens < 1) throw new SamplingConfigError('maxNewTokens', `must be an integer ≥ 1, got ${c.maxNewTokens}`, 'use e.g. 64');
  return { ...c, stopTokens: [...c.stopTokens] };
}

/** log_softmax(logits)[token] in float64. */
export function tokenLogProb(logits: ArrayLike<number>, token: number): number {
  let m = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i]! > m) m = logits[i]!;
  let s = 0;
  for (let i = 0; i < logits.length; i++) s += Math.exp(logits[i]! - m);
  return logits[token]! - m - Math.log(s);
}

export function argmax(xs: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[best]!) best = i;
  return best;
}

/** Reused probability buffer of `sampleToken` (grown on demand; calls never overlap). */
let scratch = new Float64Array(0);

/**
 * Draws one token from `logits` [V]. Greedy when temperature = 0 (no random draw). Otherwise one
 * `rng.next()` per call. Returns the token and its base-policy log-prob (see file doc).
 */
export function sampleToken(logits: ArrayLike<number>, cfg: SamplingConfig, rng: Rng): { token: number; logp: number } {
  const V = logits.length;
  if (cfg.temperature === 0) {
    const token = argmax(logits);
    return { token, logp: tokenLogProb(logits, token) };
  }
  const invT = 1 / cfg.temperature;
  let m = -Infinity;
  for (let i = 0; i < V; i++) if (logits[i]! > m) m = logits[i]!;
  if (scratch.length < V) scratch = new Float64Array(V);
  const p = scratch;
  let z = 0;
  for (let i = 0; i < V; i++) z += p[i] = Math.exp((logits[i]! - m) * invT);
  const u = rng.next();
  if (cfg.topK === 0 && cfg.topP >= 1) {
    let acc = 0;
    const target = u * z;
    let token = V - 1;
    for (let i = 0; i < V; i++) {
      acc += p[i]!;
      if (target < acc) {
        token = i;
        break;
      }
    }
    // At temperature 1, z is exactly tokenLogProb's normaliser (same terms, same order): reuse it.
    return { token, logp: invT === 1 ? logits[token]! - m - Math.log(z) : tokenLogProb(logits, token) };
  }
  // Truncated: sort by probability (desc, ties by index), keep top-k, then the top-p prefix.
  const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => p[b]! - p[a]! || a - b);
  let keep = cfg.topK > 0 ? Math.min(cfg.topK, V) : V;
  if (cfg.topP < 1) {
    let acc = 0;
    for (let r = 0; r < keep; r++) {
      acc += p[order[r]!]! / z;
      if (acc >= cfg.topP) {
        keep = r + 1;
        break;
      }
    }
  }
  let kept = 0;
  for (let r = 0; r < keep; r++) kept += p[order[r]!]!;
  const target = u * kept;
  let acc = 0;
  let token = order[keep - 1]!;
  for (let r = 0; r < keep; r++) {
    acc += p[order[r]!]!;
    if (target < acc) {
      token = order[r]!;
      break;
    }
  }
  return { token, logp: tokenLogProb(logits, token) };
}
