/**
 * A pool of sandbox worker processes that evaluates untrusted JavaScript against tests in parallel.
 *
 * Why processes: QuickJS's limits are not isolation on their own. A memory bomb under the heap limit
 * can block its thread for seconds (the interrupt handler cannot fire inside GC or one long native
 * operation), and recursion past the wasm stack crashes the whole process. So every evaluation runs
 * in a separate process (`worker.ts`) with its own QuickJS runtime; the host
 *  - queues jobs and hands each to an idle worker (one runaway never blocks the others);
 *  - arms a hard wall-clock deadline (`timeoutMs + graceMs`) per job and SIGKILLs a worker that
 *    misses it (status 'timeout'), then starts a replacement;
 *  - reports a worker that dies mid-job as status 'crash' and replaces it;
 *  - gives up (rejects queued jobs with `SandboxError('worker_start_failed')`) only if workers keep
 *    dying before they become ready, which means a broken installation rather than bad user code.
 *
 * Worker entry: `worker.js` next to this module in the built package, `worker.ts` under the sources
 * (tests, `tsx`), which the worker loads through tsx's `--import` hook.
 *
 * Lifetime: workers start lazily on the first job and do not keep the host's event loop alive while
 * idle; `close()` stops them. They also exit by themselves when the host exits.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CodeRunResult, CodeTest } from '../tasks/types.js';
import { resolveSandboxConfig, type SandboxConfig } from './config.js';
import { SandboxError } from './errors.js';
import type { RunMessage, WorkerMessage } from './protocol.js';
import type { SandboxJob } from './run-quickjs.js';

/** Per-call overrides (the `ScoreContext.runCode` options). */
export interface RunCodeOptions {
  timeoutMs?: number;
}

export interface SandboxPoolStats {
  workers: number;
  busy: number;
  queued: number;
  completed: number;
  /** Workers replaced after a hard timeout or a crash. */
  restarts: number;
}

interface PendingJob {
  id: number;
  job: SandboxJob;
  resolve: (r: CodeRunResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  child: ChildProcess;
  state: 'starting' | 'idle' | 'busy' | 'dead';
  current?: PendingJob;
  timer?: NodeJS.Timeout;
  stderrTail: string;
}

const MAX_START_FAILURES = 3;

function workerEntry(): { file: string; execArgv: string[] } {
  const here = import.meta.url;
  const isTs = here.endsWith('.ts');
  const file = fileURLToPath(new URL(isTs ? './worker.ts' : './worker.js', here));
  if (!isTs) return { file, execArgv: [] };
  let tsx = 'tsx';
  try {
    tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
  } catch {
    // fall back to resolving `tsx` from the working directory
  }
  return { file, execArgv: ['--import', tsx] };
}

export class SandboxPool {
  readonly config: SandboxConfig;
  private readonly slots: Slot[] = [];
  private readonly queue: PendingJob[] = [];
  private nextId = 1;
  private completed = 0;
  private restarts = 0;
  private startFailures = 0;
  private closed = false;
  /** A ref'd handle that keeps the host alive while jobs are pending (workers themselves are unref'd). */
  private keepAlive: NodeJS.Timeout | undefined;
  private readonly entry: { file: string; execArgv: string[] };

  /**
   * @param config limits and pool size (see `SandboxConfig`).
   * @param entry override of the worker entry (file + node flags); for tests and embedders only.
   */
  constructor(config: Partial<SandboxConfig> = {}, entry?: { file: string; execArgv: string[] }) {
    this.config = resolveSandboxConfig(config);
    this.entry = entry ?? workerEntry();
  }

  /**
   * Runs `source` then every test; resolves with the count passed and a status. Never rejects for
   * anything the source does; rejects only when the pool is closed or workers cannot start.
   */
  run(source: string, tests: readonly CodeTest[], opts: RunCodeOptions = {}): Promise<CodeRunResult> {
    if (this.closed) return Promise.reject(new SandboxError('closed', 'the sandbox pool is closed', 'create a new SandboxPool'));
    const timeoutMs = opts.timeoutMs ?? this.config.timeoutMs;
    const job: SandboxJob = {
      source: String(source),
      tests: tests.map((t) => ({ call: String(t.call), expected: String(t.expected) })),
      timeoutMs: Number.isFinite(timeoutMs) && timeoutMs > 0 ? timeoutMs : this.config.timeoutMs,
      memoryLimitBytes: this.config.memoryLimitBytes,
      maxStackBytes: this.config.maxStackBytes,
      maxOutputChars: this.config.maxOutputChars,
      maxSourceChars: this.config.maxSourceChars,
    };
    return new Promise<CodeRunResult>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve, reject });
      this.updateKeepAlive();
      this.pump();
    });
  }

  /** `ScoreContext.runCode`-compatible bound function. */
  readonly runCode = (source: string, tests: CodeTest[], opts?: RunCodeOptions): Promise<CodeRunResult> =>
    this.run(source, tests, opts);

  stats(): SandboxPoolStats {
    const live = this.slots.filter((s) => s.state !== 'dead');
    return {
      workers: live.length,
      busy: live.filter((s) => s.state === 'busy').length,
      queued: this.queue.length,
      completed: this.completed,
      restarts: this.restarts,
    };
  }

  /** The live workers' process ids and states (monitoring, tests). */
  workers(): { pid: number; state: 'starting' | 'idle' | 'busy' }[] {
    const out: { pid: number; state: 'starting' | 'idle' | 'busy' }[] = [];
    for (const s of this.slots) if (s.state !== 'dead' && s.child.pid !== undefined) out.push({ pid: s.child.pid, state: s.state });
    return out;
  }

  /** Stops every worker; queued and running jobs reject with `SandboxError('closed')`. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = new SandboxError('closed', 'the sandbox pool was closed before the job finished', 'await all runs before close()');
    for (const job of this.queue.splice(0)) job.reject(err);
    const exits: Promise<void>[] = [];
    for (const slot of this.slots) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.current?.reject(err);
      slot.current = undefined;
      if (slot.state !== 'dead') {
        slot.state = 'dead';
        exits.push(new Promise((res) => {
          if (slot.child.exitCode !== null || slot.child.signalCode !== null) return res();
          slot.child.once('exit', () => res());
          slot.child.ref(); // keep the host alive until the exit arrives (workers are unref'd)
          slot.child.kill('SIGKILL');
        }));
      }
    }
    this.updateKeepAlive();
    await Promise.all(exits);
  }

  private pending(): number {
    return this.queue.length + this.slots.filter((s) => s.state === 'busy').length;
  }

  private updateKeepAlive(): void {
    const need = !this.closed && this.pending() > 0;
    if (need && !this.keepAlive) this.keepAlive = setInterval(() => undefined, 1 << 30);
    if (!need && this.keepAlive) {
      clearInterval(this.keepAlive);
      this.keepAlive = undefined;
    }
  }

  private pump(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.state === 'idle') this.dispatch(slot, this.queue.shift()!);
    }
    // Start more workers if jobs still wait and the pool is below its size.
    const live = this.slots.filter((s) => s.state !== 'dead');
    const starting = live.filter((s) => s.state === 'starting').length;
    let toStart = Math.min(this.queue.length - starting, this.config.workers - live.length);
    while (toStart-- > 0) this.spawn();
  }

  private spawn(): void {
    const child = fork(this.entry.file, [], {
      execArgv: [...this.entry.execArgv, `--max-old-space-size=${this.config.workerHeapMb}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    const slot: Slot = { child, state: 'starting', stderrTail: '' };
    // Replace a dead slot in place so the array does not grow without bound.
    const deadIndex = this.slots.findIndex((s) => s.state === 'dead');
    if (deadIndex >= 0) this.slots[deadIndex] = slot;
    else this.slots.push(slot);

    child.unref();
    child.channel?.unref();
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      slot.stderrTail = (slot.stderrTail + chunk).slice(-2000);
    });
    (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();

    child.on('message', (raw: unknown) => this.onMessage(slot, raw as WorkerMessage));
    child.on('exit', (code, signal) => this.onExit(slot, code, signal));
    child.on('error', () => {
      // 'exit' follows (or the spawn failed): handled there.
    });
  }

  private onMessage(slot: Slot, msg: WorkerMessage): void {
    if (slot.state === 'dead') return;
    switch (msg.type) {
      case 'ready':
        slot.state = 'idle';
        this.pump();
        return;
      case 'result': {
        const job = slot.current;
        if (!job || job.id !== msg.id) return;
        if (slot.timer) clearTimeout(slot.timer);
        slot.timer = undefined;
        slot.current = undefined;
        slot.state = 'idle';
        this.completed++;
        this.startFailures = 0; // a worker that finishes a job proves the setup works
        job.resolve(msg.result);
        this.pump();
        this.updateKeepAlive();
        return;
      }
      default: {
        const never: never = msg;
        void never;
      }
    }
  }

  private dispatch(slot: Slot, job: PendingJob): void {
    slot.state = 'busy';
    slot.current = job;
    const hardMs = job.job.timeoutMs + this.config.graceMs;
    slot.timer = setTimeout(() => this.onHardTimeout(slot), hardMs);
    const msg: RunMessage = { type: 'run', id: job.id, job: job.job };
    slot.child.send(msg, (err) => {
      if (!err || slot.current !== job) return;
      // The worker died before receiving the job: not the job's fault. Requeue it and replace the worker.
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = undefined;
      slot.current = undefined;
      slot.state = 'dead';
      slot.child.kill('SIGKILL');
      this.queue.unshift(job);
      if (!this.closed) {
        this.restarts++;
        this.spawn();
      }
      this.pump();
    });
  }

  private onHardTimeout(slot: Slot): void {
    const job = slot.current;
    if (!job) return;
    this.failSlot(slot, {
      passed: 0,
      total: job.job.tests.length,
      status: 'timeout',
      detail: `no answer within ${job.job.timeoutMs} ms + ${this.config.graceMs} ms grace; worker killed`,
    });
  }

  /** Resolves the slot's job with `result`, kills the worker and starts a replacement. */
  private failSlot(slot: Slot, result: CodeRunResult): void {
    const job = slot.current;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.current = undefined;
    slot.state = 'dead';
    slot.child.kill('SIGKILL');
    this.restarts++;
    this.completed++;
    job?.resolve(result);
    if (!this.closed) this.spawn(); // keep the pool at full size
    this.pump();
    this.updateKeepAlive();
  }

  private onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null): void {
    if (slot.state === 'dead') return; // killed on purpose
    const wasStarting = slot.state === 'starting';
    const job = slot.current;
    if (job) {
      const tail = slot.stderrTail.trim().split('\n').slice(-3).join(' | ').slice(0, 300);
      this.failSlot(slot, {
        passed: 0,
        total: job.job.tests.length,
        status: 'crash',
        detail: `worker exited (code ${code}, signal ${signal})${tail ? `: ${tail}` : ''}`,
      });
      return;
    }
    slot.state = 'dead';
    if (this.closed) return;
    // A worker died before its first job or while idle (killed from outside, broken install).
    // Jobs resolving successfully reset the count; repeated deaths without one mean a broken setup.
    this.startFailures++;
    if (this.startFailures >= MAX_START_FAILURES) {
      const err = new SandboxError(
        'worker_start_failed',
        `sandbox workers exited ${this.startFailures} times without finishing a job (last: code ${code}, signal ${signal}; ${slot.stderrTail.trim().slice(-300)})`,
        `check that ${this.entry.file} runs with node ${this.entry.execArgv.join(' ')} and that quickjs-emscripten is installed`,
      );
      for (const j of this.queue.splice(0)) j.reject(err);
      this.updateKeepAlive();
      return;
    }
    if (!wasStarting) {
      this.restarts++;
      this.spawn(); // keep the pool at full size
    }
    this.pump();
  }
}
