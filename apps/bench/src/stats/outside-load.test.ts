import { describe, expect, it } from 'vitest';
import { cpuSnapshot, outsideCores, parsePidStat, parseProcStat } from './outside-load.js';

describe('outside CPU load', () => {
  it('parses /proc/stat and /proc/<pid>/stat', () => {
    const stat = 'cpu  100 5 50 800 20 1 2 3 0 0\ncpu0 50 2 25 400 10 0 1 1 0 0\ncpu1 50 3 25 400 10 1 1 2 0 0\nintr 1\n';
    expect(parseProcStat(stat)).toEqual({ busy: 161, total: 981, cpus: 2 });
    const pid = '123 (node (worker) x) S 1 123 123 0 -1 4194304 100 0 0 0 700 300 0 0 20 0 3 0 100 0 0';
    expect(parsePidStat(pid)).toBe(1000);
  });
  it('outside cores = (machine busy − own) / wall', () => {
    const a = { busy: 0, total: 0, own: 0, cpus: 2 };
    // 200 wall jiffies on 2 CPUs = 400 total; machine busy 300, of which ours 100 → others used 1 core.
    expect(outsideCores(a, { busy: 300, total: 400, own: 100, cpus: 2 })).toBe(1);
    expect(outsideCores(a, { busy: 100, total: 400, own: 150, cpus: 2 })).toBe(0);
    expect(outsideCores(null, a)).toBeNull();
  });
  it('takes a live snapshot on Linux', () => {
    const s = cpuSnapshot([process.pid]);
    if (process.platform === 'linux') {
      expect(s!.total).toBeGreaterThan(0);
      expect(s!.own).toBeGreaterThanOrEqual(0);
      expect(s!.cpus).toBeGreaterThan(0);
    } else {
      expect(s).toBeNull();
    }
  });
});
