/**
 * CPU used by other processes during a measurement (research/ort-training-probe.md: "machine busy time
 * minus the run's own CPU time"). On a shared machine this says how much of a timing window was stolen;
 * a pair measured while others used a whole core is not comparable to a quiet one. Linux only (/proc);
 * elsewhere the snapshot is null and nothing is reported.
 */
import { readFileSync } from 'node:fs';

export interface CpuSnapshot {
  /** Machine busy jiffies summed over all CPUs. */
  busy: number;
  /** Machine busy + idle jiffies summed over all CPUs. */
  total: number;
  /** utime + stime jiffies of our own processes (this one and the given children). */
  own: number;
  cpus: number;
}

/** Parses the aggregate `cpu` line of /proc/stat: [busy, total] jiffies. */
export function parseProcStat(text: string): { busy: number; total: number; cpus: number } {
  const lines = text.split('\n');
  const f = (lines.find((l) => l.startsWith('cpu ')) ?? '').trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = f;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait, cpus: lines.filter((l) => /^cpu\d+\s/.test(l)).length };
}

/** utime + stime (jiffies) from the text of /proc/<pid>/stat (the command name may hold spaces). */
export function parsePidStat(text: string): number {
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ", field 3 (state) is rest[0]; utime is field 14 → rest[11], stime field 15 → rest[12].
  return Number(rest[11] ?? 0) + Number(rest[12] ?? 0);
}

export function cpuSnapshot(pids: readonly number[]): CpuSnapshot | null {
  try {
    const m = parseProcStat(readFileSync('/proc/stat', 'utf8'));
    let own = 0;
    for (const pid of pids) {
      try {
        own += parsePidStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        // A child that exited: its time is gone from /proc; counted as outside use (pessimistic).
      }
    }
    return { ...m, own };
  } catch {
    return null;
  }
}

/** Average number of cores used by other processes between two snapshots (0 = quiet). */
export function outsideCores(a: CpuSnapshot | null, b: CpuSnapshot | null): number | null {
  if (!a || !b) return null;
  const wall = (b.total - a.total) / Math.max(1, b.cpus);
  if (!(wall > 0)) return null;
  return Math.max(0, (b.busy - a.busy - (b.own - a.own)) / wall);
}
