/** Global-norm gradient clipping over a flat gradient buffer (PyTorch `clip_grad_norm_` semantics). */

/** ‖g‖₂ over the whole buffer, accumulated in float64. */
export function globalGradNorm(grads: Float32Array): number {
  let s = 0;
  for (let i = 0; i < grads.length; i++) s += grads[i]! * grads[i]!;
  return Math.sqrt(s);
}

export interface ClipResult {
  /** Norm before clipping (may be non-finite: then nothing was scaled). */
  norm: number;
  /** Factor applied (1 when not clipped). */
  scale: number;
}

/**
 * Scales grads in place so that ‖g‖ ≤ maxNorm: g ← g · min(1, maxNorm / (‖g‖ + 1e-6)).
 * maxNorm = Infinity (or ≤ 0 treated as "off") disables clipping but still reports the norm.
 */
export function clipGradNorm(grads: Float32Array, maxNorm: number): ClipResult {
  const norm = globalGradNorm(grads);
  if (!Number.isFinite(norm) || !(maxNorm > 0) || !Number.isFinite(maxNorm)) return { norm, scale: 1 };
  const scale = Math.min(1, maxNorm / (norm + 1e-6));
  if (scale < 1) for (let i = 0; i < grads.length; i++) grads[i]! *= scale;
  return { norm, scale };
}
