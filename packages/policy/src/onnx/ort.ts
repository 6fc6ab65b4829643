/**
 * The single file in ProRL.ts that imports onnxruntime-node (DESIGN.md §1). Everything else creates
 * sessions and tensors through the helpers here.
 *
 * Ownership: a `OrtSession` owns its native session; call `release()` when done. Output tensors are
 * copied into fresh JS buffers by the binding, so the returned typed arrays belong to the caller.
 * Input tensors wrap the caller's typed arrays without a copy (subarray views of one flat buffer
 * work), so do not mutate them during a run. SharedArrayBuffer-backed arrays are rejected by ORT.
 */
import * as ort from 'onnxruntime-node';

export type GraphOptimizationLevel = 'disabled' | 'basic' | 'extended' | 'all';

export interface OrtSessionOptions {
  /** Intra-op threads. Default 2 (this machine's core count). */
  intraOpNumThreads: number;
  /** Default 'all'; measured to make no difference on training graphs, but faster session creation with 'disabled'. */
  graphOptimizationLevel: GraphOptimizationLevel;
  /** Busy-wait thread spinning. Default false: several sessions in one process interfere when spinning. */
  allowSpinning: boolean;
}

export const DEFAULT_ORT_SESSION_OPTIONS: OrtSessionOptions = {
  intraOpNumThreads: 2,
  graphOptimizationLevel: 'all',
  allowSpinning: false,
};

export function resolveOrtSessionOptions(partial: Partial<OrtSessionOptions> = {}): OrtSessionOptions {
  const o = { ...DEFAULT_ORT_SESSION_OPTIONS, ...partial };
  if (!Number.isInteger(o.intraOpNumThreads) || o.intraOpNumThreads < 1) {
    throw new OrtRunError(`intraOpNumThreads must be an integer >= 1, got ${o.intraOpNumThreads}`, 'pass e.g. 2');
  }
  return o;
}

/** A failure creating or running an ONNX session, with what to do about it. */
export class OrtRunError extends Error {
  override readonly name = 'OrtRunError';
  constructor(what: string, fix: string) {
    super(`${what}. Fix: ${fix}`);
  }
}

export type FeedArray = Float32Array | Float64Array | BigInt64Array;
/** A typed array with its static dims. */
export interface Feed {
  data: FeedArray;
  dims: readonly number[];
}

export type OutArray = Float32Array | Float64Array | BigInt64Array;

/** A created ONNX session; `run` feeds plain typed arrays and returns plain typed arrays. */
export class OrtSession {
  private released = false;
  private constructor(private readonly session: ort.InferenceSession) {}

  static async create(model: Uint8Array, opts: Partial<OrtSessionOptions> = {}): Promise<OrtSession> {
    const o = resolveOrtSessionOptions(opts);
    try {
      const s = await ort.InferenceSession.create(model, {
        executionProviders: ['cpu'],
        intraOpNumThreads: o.intraOpNumThreads,
        interOpNumThreads: 1,
        graphOptimizationLevel: o.graphOptimizationLevel,
        // Honoured by the Node binding although the .d.ts documents `extra` for wasm only.
        extra: { session: { 'intra_op.allow_spinning': o.allowSpinning ? '1' : '0' } },
      } as ort.InferenceSession.SessionOptions);
      return new OrtSession(s);
    } catch (e) {
      throw new OrtRunError(`onnxruntime could not create a session: ${(e as Error).message}`, 'check the generated graph (a GraphBuildError bug) or the model file');
    }
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }
  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /**
   * Runs the graph. `feeds` maps input names to arrays; `fetch` lists the outputs wanted (default all).
   * `into` gives preallocated outputs (exact dims; subarray views work): onnxruntime writes those
   * outputs into the caller's arrays, which are returned as they are. (The Node binding still hands
   * back a copy of each, dropped here, so this saves the caller's own copy, not the binding's.)
   * Note: `session.run` blocks the event loop for the whole computation; use `engine/worker.ts` for
   * long runs that must not freeze the process.
   */
  async run(feeds: Record<string, Feed>, fetch?: readonly string[], into?: Record<string, Feed>): Promise<Record<string, OutArray>> {
    if (this.released) throw new OrtRunError('session already released', 'create a new session');
    const inputs: Record<string, ort.Tensor> = {};
    for (const [name, f] of Object.entries(feeds)) inputs[name] = toTensor(f);
    let out: ort.InferenceSession.ReturnType;
    try {
      if (into) {
        const fetches: Record<string, ort.Tensor | null> = {};
        for (const name of fetch ?? this.session.outputNames) fetches[name] = into[name] ? toTensor(into[name]) : null;
        out = await this.session.run(inputs, fetches);
      } else {
        out = fetch ? await this.session.run(inputs, [...fetch]) : await this.session.run(inputs);
      }
    } catch (e) {
      throw new OrtRunError(`onnxruntime run failed: ${(e as Error).message}`, 'check input names, shapes and dtypes against the graph');
    }
    const res: Record<string, OutArray> = {};
    for (const [name, t] of Object.entries(out)) {
      const pre = into?.[name];
      res[name] = pre ? pre.data : (t.data as OutArray);
      t.dispose();
    }
    for (const t of Object.values(inputs)) t.dispose();
    return res;
  }

  /** Frees the native session. Idempotent. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.session.release();
  }
}

function toTensor(f: Feed): ort.Tensor {
  const dims = [...f.dims];
  if (f.data instanceof Float32Array) return new ort.Tensor('float32', f.data, dims);
  if (f.data instanceof Float64Array) return new ort.Tensor('float64', f.data, dims);
  return new ort.Tensor('int64', f.data, dims);
}

/** onnxruntime version string, for reports. */
export function ortVersion(): string {
  return ort.env.versions?.node ?? 'unknown';
}
