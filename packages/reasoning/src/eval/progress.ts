/**
 * Progress of a long evaluation: done / total samples, the rate of this session (samples already on
 * disk from an earlier run do not inflate it) and the ETA.
 */
export interface EvalProgress {
  /** Samples written, this session and earlier ones. */
  done: number;
  total: number;
  /** Samples drawn in this session. */
  drawn: number;
  /** The engine label of the request that just finished. */
  engine: string;
  elapsedMs: number;
  /** Samples per second in this session (0 before the first one). */
  rate: number;
  /** Estimated time left, null while the rate is unknown. */
  etaMs: number | null;
}

export class ProgressTracker {
  private drawn = 0;
  private readonly t0: number;

  constructor(
    private done: number,
    readonly total: number,
    private readonly now: () => number = Date.now,
  ) {
    this.t0 = now();
  }

  /** Records `count` new samples and returns the snapshot. */
  add(count: number, engine: string): EvalProgress {
    this.drawn += count;
    this.done += count;
    return this.snapshot(engine);
  }

  snapshot(engine: string): EvalProgress {
    const elapsedMs = Math.max(0, this.now() - this.t0);
    const rate = elapsedMs > 0 && this.drawn > 0 ? (this.drawn * 1000) / elapsedMs : 0;
    const left = Math.max(0, this.total - this.done);
    return { done: this.done, total: this.total, drawn: this.drawn, engine, elapsedMs, rate, etaMs: rate > 0 ? (left / rate) * 1000 : left === 0 ? 0 : null };
  }
}

/** `12.3k/45.0k samples  4.1/s  ETA 2h13m` — one line for a CLI progress bar. */
export function formatProgress(p: EvalProgress): string {
  const num = (x: number): string => (x >= 10_000 ? `${(x / 1000).toFixed(1)}k` : String(x));
  const eta = p.etaMs === null ? '?' : formatDuration(p.etaMs);
  const pct = p.total > 0 ? ((100 * p.done) / p.total).toFixed(1) : '100.0';
  return `${num(p.done)}/${num(p.total)} samples (${pct}%)  ${p.rate.toFixed(2)}/s  ETA ${eta}  [${p.engine}]`;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
