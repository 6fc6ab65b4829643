/**
 * `PolicyWorker`: training steps and rollouts on a worker thread, so the main event loop (progress
 * output, servers, signal handlers, timers) stays live while onnxruntime computes (`session.run`
 * blocks the thread it runs on for the whole step).
 *
 * The worker owns the live weights (ORT rejects SharedArrayBuffer-backed tensors, so they cannot be
 * shared zero-copy); fetch them with `getParams()` for checkpoints or a tfjs copy. Requests run one
 * at a time in the order sent.
 *
 * Loading: from the built `dist/` the worker runs `worker-entry.js` directly. From TypeScript sources
 * (vitest, tsx) it runs `worker-entry.ts` through a tiny eval bootstrap that registers tsx's ESM
 * hooks in the worker (`import('tsx/esm/api').register()`, resolved from the working directory) with
 * `--conditions=@prorl/source`. Passing `execArgv: ['--import', 'tsx']` instead fails on Node 20
 * (ERR_UNKNOWN_FILE_EXTENSION: the entry loads before the hooks are active).
 */
import { Worker } from 'node:worker_threads';
import type { RolloutResult } from './rollout.js';
import type { GradResult, OrtTrainBatch } from './train-engine.js';
import type { ScoreBatch, ScoreResult } from './scorer.js';
import type { PolicyWorkerInit, PolicyWorkerState, ScoreModel, StepResult, WorkerGenerateRequest, WorkerReply, WorkerRequest, WorkerResults } from './worker-protocol.js';

/** An error raised inside the worker, re-thrown on the main thread with the original name. */
export class PolicyWorkerError extends Error {
  override readonly name = 'PolicyWorkerError';
  constructor(readonly remoteName: string, message: string) {
    super(`${remoteName}: ${message}`);
  }
}

/** How to start the worker entry next to this module (TypeScript sources or built JavaScript). */
export function workerEntry(moduleUrl: string = import.meta.url): { url: URL; fromTs: boolean } {
  const fromTs = moduleUrl.endsWith('.ts');
  return { url: new URL(fromTs ? './worker-entry.ts' : './worker-entry.js', moduleUrl), fromTs };
}

function spawn(entry: { url: URL; fromTs: boolean }): Worker {
  if (!entry.fromTs) return new Worker(entry.url);
  const code =
    `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry.url.href)}); })` +
    `.catch((e) => { console.error('[prorl/policy] worker bootstrap failed (is tsx installed?):', e); process.exit(1); });`;
  return new Worker(code, { eval: true, execArgv: ['--conditions=@prorl/source'] });
}

export class PolicyWorker {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private closed = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (r: WorkerReply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      if (r.ok) p.resolve(r.result);
      else p.reject(new PolicyWorkerError(r.error.name, r.error.message));
    });
    const failAll = (e: Error) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    worker.on('error', (e) => failAll(new PolicyWorkerError('WorkerCrash', e.message)));
    worker.on('exit', (code) => {
      this.closed = true;
      failAll(new PolicyWorkerError('WorkerExit', `worker exited with code ${code}`));
    });
  }

  /** Starts the thread and initialises trainer + rollout engine with a copy of `init.params`. */
  static async start(init: PolicyWorkerInit): Promise<PolicyWorker> {
    const w = new PolicyWorker(spawn(workerEntry()));
    try {
      await w.call({ op: 'init', init });
    } catch (e) {
      await w.close();
      throw e;
    }
    return w;
  }

  private call<K extends WorkerRequest['op']>(req: Extract<WorkerRequest, { op: K }>): Promise<WorkerResults[K]> {
    if (this.closed) return Promise.reject(new PolicyWorkerError('WorkerClosed', 'the worker was closed; start a new PolicyWorker'));
    const id = this.nextId++;
    return new Promise<WorkerResults[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, ...req });
    });
  }

  /** Objective, logp, entropy and the flat gradient (weights unchanged). */
  gradients(batch: OrtTrainBatch): Promise<GradResult> {
    return this.call({ op: 'gradients', batch });
  }
  /** Gradient + AdamW update of the worker's weights. */
  step(batch: OrtTrainBatch, lr?: number): Promise<StepResult> {
    return lr === undefined ? this.call({ op: 'step', batch }) : this.call({ op: 'step', batch, lr });
  }
  generate(req: WorkerGenerateRequest): Promise<RolloutResult> {
    return this.call({ op: 'generate', req });
  }
  /** A copy of the current weights. */
  getParams(): Promise<Float32Array> {
    return this.call({ op: 'getParams' });
  }
  setParams(params: Float32Array): Promise<null> {
    return this.call({ op: 'setParams', params });
  }
  resetOptimizer(): Promise<null> {
    return this.call({ op: 'resetOptimizer' });
  }
  /** Token log-probs / entropies under the live policy or the frozen reference weights. */
  score(batch: ScoreBatch, model: ScoreModel = 'policy'): Promise<ScoreResult> {
    return this.call({ op: 'score', batch, model });
  }
  /** Copies of params, reference and AdamW state, for checkpoints. */
  getState(): Promise<PolicyWorkerState> {
    return this.call({ op: 'getState' });
  }
  /** Restores a state taken with `getState` (same model config). */
  loadState(state: PolicyWorkerState): Promise<null> {
    return this.call({ op: 'loadState', state });
  }
  /** Reference ← current policy weights (ProRL reference reset). */
  resetReference(): Promise<null> {
    return this.call({ op: 'resetReference' });
  }

  /** Releases the sessions and stops the thread. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.call({ op: 'release' });
    } finally {
      this.closed = true;
      await this.worker.terminate();
    }
  }
}
