/**
 * Messages between the pool (host) and a worker process, over the IPC channel of `child_process.fork`.
 */
import type { CodeRunResult } from '../tasks/types.js';
import type { SandboxJob } from './run-quickjs.js';

/** Host → worker. */
export interface RunMessage {
  type: 'run';
  id: number;
  job: SandboxJob;
}

/** Worker → host. */
export type WorkerMessage = { type: 'ready' } | { type: 'result'; id: number; result: CodeRunResult };
