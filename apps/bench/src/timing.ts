/** Timing helpers for the bench suites: warm-up, repetitions, median and spread. */
import { performance } from 'node:perf_hooks';

export interface TimingStats {
  /** Median wall time of one repetition, ms. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  reps: number;
}

/** Runs `fn` `warmup` times untimed, then `reps` times timed; returns median/min/max in ms. */
export function timeIt(fn: () => void, reps: number, warmup = 1): TimingStats {
  if (!Number.isInteger(reps) || reps < 1) throw new RangeError(`reps must be a positive integer, got ${reps}`);
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return { medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times), reps };
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** `timeIt` for async work: `warmup` untimed awaited calls, then `reps` timed ones (median/min/max in ms). */
export async function timeItAsync(fn: () => Promise<unknown>, reps: number, warmup = 1): Promise<TimingStats> {
  if (!Number.isInteger(reps) || reps < 1) throw new RangeError(`reps must be a positive integer, got ${reps}`);
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return { medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times), reps };
}
