/**
 * Axis scales for the SVG charts: linear and log10, each mapping a data domain to a pixel range and
 * proposing readable tick values ("nice" 1/2/5 steps for linear, powers of ten — with 2 and 5 in
 * between when the domain spans few decades — for log).
 */
export type ScaleKind = 'linear' | 'log';

export interface Scale {
  kind: ScaleKind;
  /** Data domain [lo, hi] (lo < hi; for log both > 0). */
  domain: readonly [number, number];
  /** Pixel range [start, end] (end may be less than start, e.g. for y). */
  range: readonly [number, number];
  map(v: number): number;
  ticks(): number[];
}

/** Smallest "nice" step (1, 2 or 5 times a power of ten) giving at most ~`count` intervals over `span`. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0)) return 1;
  const raw = span / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/** Widens [lo, hi] to cover data, padding degenerate domains; for log, keeps both ends positive. */
export function dataDomain(values: readonly number[], kind: ScaleKind, includeZero = false): [number, number] {
  const vs = values.filter((v) => Number.isFinite(v) && (kind === 'linear' || v > 0));
  if (vs.length === 0) return kind === 'log' ? [1, 10] : [0, 1];
  let lo = Math.min(...vs);
  let hi = Math.max(...vs);
  if (kind === 'linear') {
    if (includeZero) {
      lo = Math.min(lo, 0);
      hi = Math.max(hi, 0);
    }
    if (lo === hi) {
      const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
      lo -= pad;
      hi += pad;
    }
    const step = niceStep(hi - lo, 5);
    return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
  }
  if (lo === hi) return [lo / 2, hi * 2];
  return [lo / 1.15, hi * 1.15];
}

export function makeScale(kind: ScaleKind, domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  switch (kind) {
    case 'linear': {
      const span = d1 - d0 || 1;
      return {
        kind,
        domain,
        range,
        map: (v) => r0 + ((v - d0) / span) * (r1 - r0),
        ticks: () => {
          const step = niceStep(d1 - d0, 5);
          const out: number[] = [];
          for (let t = Math.ceil(d0 / step - 1e-9) * step; t <= d1 + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : Number(t.toPrecision(12)));
          return out;
        },
      };
    }
    case 'log': {
      if (!(d0 > 0 && d1 > d0)) throw new RangeError(`log scale needs 0 < lo < hi, got [${d0}, ${d1}]`);
      const l0 = Math.log10(d0);
      const span = Math.log10(d1) - l0;
      return {
        kind,
        domain,
        range,
        map: (v) => r0 + ((Math.log10(v) - l0) / span) * (r1 - r0),
        ticks: () => {
          const mults = span <= 1.5 ? [1, 2, 5] : [1];
          const out: number[] = [];
          for (let e = Math.floor(l0); e <= Math.ceil(Math.log10(d1)); e++) {
            for (const m of mults) {
              const t = Number((m * 10 ** e).toPrecision(12));
              if (t >= d0 * (1 - 1e-9) && t <= d1 * (1 + 1e-9)) out.push(t);
            }
          }
          // Very narrow log domains may hold no 1/2/5 tick: fall back to the ends.
          return out.length >= 2 ? out : [d0, d1];
        },
      };
    }
    default: {
      const never: never = kind;
      throw new RangeError(`unknown scale kind ${String(never)}`);
    }
  }
}
