/**
 * Small helpers shared by the training commands: list flags, SIGINT → AbortSignal, progress lines
 * with rate and ETA.
 */
import { CliInputError } from '../errors.js';

/** `a,b,c` (or repeated flags) → ['a', 'b', 'c']; undefined stays undefined. */
export function parseList(v: string | string[] | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  const parts = (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(',')).map((s) => s.trim()).filter((s) => s.length > 0);
  return parts;
}

/** `1,2` → [1, 2], each an integer; the error names the option. */
export function parseIntList(option: string, v: string | string[] | number | undefined): number[] | undefined {
  if (v === undefined) return undefined;
  const parts = parseList(typeof v === 'number' ? String(v) : v)!;
  return parts.map((p) => {
    const n = Number(p);
    if (!Number.isInteger(n)) throw new CliInputError(option, `'${p}' is not an integer`, `pass a comma-separated list of integers, e.g. ${option} 1,2`);
    return n;
  });
}

/**
 * An AbortSignal fired by the first SIGINT (the job stops after the current step and writes its
 * checkpoint); a second SIGINT exits at once.
 */
export function abortOnSigint(what: string): { signal: AbortSignal; dispose: () => void } {
  const ac = new AbortController();
  const handler = () => {
    if (ac.signal.aborted) process.exit(130);
    process.stderr.write(`\nSIGINT: stopping ${what} after the current step (a checkpoint is written); press Ctrl-C again to quit now\n`);
    ac.abort();
  };
  process.on('SIGINT', handler);
  return { signal: ac.signal, dispose: () => void process.off('SIGINT', handler) };
}

/** `12.3 s` / `4m05s` / `1h02m`. */
export function formatDuration(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '?';
  if (sec < 60) return `${sec.toFixed(1)}s`;
  const m = Math.floor(sec / 60);
  if (m < 60) return `${m}m${String(Math.round(sec - 60 * m)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** `step 12/200 (0.85 step/s, ETA 3m41s)`: progress with rate and ETA from the elapsed time. */
export function stepProgress(step: number, total: number, elapsedSec: number, done = step): string {
  const rate = elapsedSec > 0 ? done / elapsedSec : 0;
  const eta = rate > 0 ? (total - step) / rate : Number.NaN;
  return `step ${step}/${total} (${rate >= 1 ? rate.toFixed(2) : rate.toFixed(3)} step/s, ETA ${formatDuration(eta)})`;
}

/** A number for a progress line: 3 decimals, or exponent for tiny values, '-' when missing. */
export function num(x: unknown): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '-';
  return Math.abs(x) >= 0.01 || x === 0 ? x.toFixed(3) : x.toExponential(1);
}
