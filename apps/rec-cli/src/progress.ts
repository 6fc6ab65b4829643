/**
 * Progress on stderr (stdout stays for results / --json): rate/ETA lines at most once every `everySec`
 * seconds, every other line (stage changes, epoch summaries) and forced lines always. Lines from the library already carry rate and ETA.
 */
export interface Progress {
  (line: string, force?: boolean): void;
}

export function progress(everySec = 2, write: (s: string) => void = (s) => process.stderr.write(s)): Progress {
  let last = -Infinity;
  return (line, force = false) => {
    const eta = /ETA/.test(line);
    const t = performance.now() / 1000;
    if (eta && !force && t - last < everySec) return;
    if (eta) last = t;
    write(`${line}\n`);
  };
}

