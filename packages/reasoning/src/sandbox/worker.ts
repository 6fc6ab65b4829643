/**
 * Entry point of one sandbox worker process (started by `SandboxPool` with `child_process.fork`).
 * Loads QuickJS once, says 'ready', then runs one job at a time. It exits when the host goes away
 * (IPC disconnect), so no worker outlives its pool. Everything the untrusted code can do happens in
 * here: if it blocks or crashes this process, the host kills or replaces it.
 */
import { getQuickJS } from 'quickjs-emscripten';
import type { RunMessage, WorkerMessage } from './protocol.js';
import { runInQuickJS } from './run-quickjs.js';

function send(msg: WorkerMessage): void {
  process.send?.(msg);
}

async function main(): Promise<void> {
  if (!process.send) {
    process.stderr.write('sandbox worker: must be started by SandboxPool (needs an IPC channel)\n');
    process.exit(2);
  }
  process.on('disconnect', () => process.exit(0));
  const qjs = await getQuickJS();
  process.on('message', (raw: unknown) => {
    const msg = raw as RunMessage;
    if (!msg || msg.type !== 'run') return;
    const result = runInQuickJS(qjs, msg.job);
    send({ type: 'result', id: msg.id, result });
  });
  send({ type: 'ready' });
}

void main();
