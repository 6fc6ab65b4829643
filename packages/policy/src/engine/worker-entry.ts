/**
 * Worker-thread side of `PolicyWorker`: owns the live weights, an `OrtTrainer` with AdamW and an
 * `OrtRolloutEngine` sharing the same buffer, and serves requests one at a time in order.
 */
import { parentPort } from 'node:worker_threads';
import { ParamLayout } from '../model/params.js';
import { AdamW } from '../optim/adamw.js';
import { decayMaskFromLayout } from '../optim/decay-mask.js';
import { OrtRolloutEngine } from './rollout.js';
import { OrtScorer } from './scorer.js';
import { OrtTrainer } from './train-engine.js';
import type { WorkerMessage, WorkerReply } from './worker-protocol.js';

interface State {
  params: Float32Array;
  optimizer: AdamW;
  trainer: OrtTrainer;
  rollout: OrtRolloutEngine;
  scorer: OrtScorer;
  /** Frozen reference weights (a copy of the policy at init / the last resetReference). */
  reference: Float32Array;
}

let state: State | undefined;
let queue: Promise<void> = Promise.resolve();

const need = (): State => {
  if (!state) throw new Error("PolicyWorker: not initialised. Fix: send 'init' first (PolicyWorker.start does)");
  return state;
};

async function handle(msg: WorkerMessage): Promise<{ result: unknown; transfer: ArrayBuffer[] }> {
  switch (msg.op) {
    case 'init': {
      const { init } = msg;
      const layout = new ParamLayout(init.config);
      const params = Float32Array.from(init.params);
      const mask = init.decayMatricesOnly === false ? undefined : decayMaskFromLayout(layout);
      const optimizer = new AdamW(layout.totalSize, init.adamw ?? {}, mask);
      state = {
        params,
        optimizer,
        trainer: new OrtTrainer(init.config, params, optimizer, init.trainer ?? {}),
        rollout: new OrtRolloutEngine(init.config, params, init.rollout ?? {}),
        scorer: new OrtScorer(init.config, init.trainer ?? {}),
        reference: Float32Array.from(params),
      };
      return { result: null, transfer: [] };
    }
    case 'gradients': {
      const r = await need().trainer.gradients(msg.batch);
      return { result: r, transfer: [r.logp.buffer as ArrayBuffer, r.entropy.buffer as ArrayBuffer, r.grads.buffer as ArrayBuffer] };
    }
    case 'step': {
      const s = need();
      const r = await s.trainer.step(msg.batch, msg.lr);
      return {
        result: { objective: r.objective, logp: r.logp, entropy: r.entropy, optimizerStep: s.optimizer.step },
        transfer: [r.logp.buffer as ArrayBuffer, r.entropy.buffer as ArrayBuffer],
      };
    }
    case 'generate':
      return { result: await need().rollout.generate(msg.req), transfer: [] };
    case 'getParams': {
      const p = Float32Array.from(need().params);
      return { result: p, transfer: [p.buffer] };
    }
    case 'setParams': {
      const s = need();
      if (msg.params.length !== s.params.length) throw new Error(`setParams: ${msg.params.length} values, the model has ${s.params.length}`);
      s.params.set(msg.params);
      return { result: null, transfer: [] };
    }
    case 'resetOptimizer':
      need().optimizer.reset();
      return { result: null, transfer: [] };
    case 'score': {
      const s = need();
      const r = await s.scorer.score(msg.model === 'policy' ? s.params : s.reference, msg.batch);
      return { result: r, transfer: [r.logp.buffer as ArrayBuffer, r.entropy.buffer as ArrayBuffer] };
    }
    case 'resetReference': {
      const s = need();
      s.reference.set(s.params);
      return { result: null, transfer: [] };
    }
    case 'getState': {
      const s = need();
      const st = { params: Float32Array.from(s.params), reference: Float32Array.from(s.reference), optimizer: s.optimizer.state() };
      return { result: st, transfer: [st.params.buffer, st.reference.buffer, st.optimizer.m.buffer as ArrayBuffer, st.optimizer.v.buffer as ArrayBuffer] };
    }
    case 'loadState': {
      const s = need();
      const st = msg.state;
      if (st.params.length !== s.params.length || st.reference.length !== s.params.length) {
        throw new Error(`loadState: params ${st.params.length} / reference ${st.reference.length} values, the model has ${s.params.length}. Fix: load a state saved with this model config`);
      }
      s.optimizer.loadState(st.optimizer);
      s.params.set(st.params);
      s.reference.set(st.reference);
      return { result: null, transfer: [] };
    }
    case 'release':
      if (state) await Promise.all([state.trainer.release(), state.rollout.release(), state.scorer.release()]);
      state = undefined;
      return { result: null, transfer: [] };
    default: {
      const never: never = msg;
      throw new Error(`unknown worker op ${JSON.stringify(never)}`);
    }
  }
}

const port = parentPort;
if (!port) throw new Error('worker-entry.ts must run in a worker thread (use PolicyWorker.start)');
port.on('message', (msg: WorkerMessage) => {
  queue = queue.then(async () => {
    let reply: WorkerReply;
    let transfer: ArrayBuffer[] = [];
    try {
      const r = await handle(msg);
      reply = { id: msg.id, ok: true, result: r.result };
      transfer = r.transfer;
    } catch (e) {
      const err = e as Error;
      reply = { id: msg.id, ok: false, error: { name: err.name ?? 'Error', message: err.message ?? String(e) } };
    }
    port.postMessage(reply, transfer);
  });
});
