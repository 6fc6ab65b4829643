/**
 * Power-law fit y ≈ a·x^k by least squares on (log x, log y): how a cost grows with a size.
 * k = 1 is linear growth; k < 1 means the per-unit cost falls as the size grows.
 */
export interface PowerLawFit {
  /** Exponent k. */
  exponent: number;
  /** Prefactor a. */
  scale: number;
  /** Coefficient of determination of the log-log line (1 = exact). */
  r2: number;
  /** Points used (x > 0, y > 0, finite). */
  n: number;
}

/** Needs at least 2 usable points with distinct x; throws RangeError otherwise. */
export function fitPowerLaw(xs: readonly number[], ys: readonly number[]): PowerLawFit {
  if (xs.length !== ys.length) throw new RangeError(`xs has ${xs.length} values, ys ${ys.length}`);
  const lx: number[] = [];
  const ly: number[] = [];
  xs.forEach((x, i) => {
    const y = ys[i]!;
    if (x > 0 && y > 0 && Number.isFinite(x) && Number.isFinite(y)) {
      lx.push(Math.log(x));
      ly.push(Math.log(y));
    }
  });
  const n = lx.length;
  if (n < 2) throw new RangeError(`a power-law fit needs at least 2 positive points, got ${n}`);
  const mx = lx.reduce((a, b) => a + b, 0) / n;
  const my = ly.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = lx[i]! - mx;
    const dy = ly[i]! - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) throw new RangeError('a power-law fit needs at least 2 distinct x values');
  const k = sxy / sxx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { exponent: k, scale: Math.exp(my - k * mx), r2, n };
}
