/**
 * The ONE module of ProRL.ts that chooses the tfjs backend (DESIGN.md §2).
 *
 * Order of preference when nothing is requested:
 *   'tensorflow'  native libtensorflow via `@tensorflow/tfjs-node-gpu` or `@tensorflow/tfjs-node`
 *                 (optional: not installable on every machine, imported dynamically when present);
 *   'wasm'        `@tensorflow/tfjs-backend-wasm` (XNNPACK, SIMD, single-threaded in Node);
 *   'cpu'         pure JS, always available, far too slow to train anything but toy models.
 * A request comes from `options.backend`, else env `PRORL_TF_BACKEND=cpu|wasm|tensorflow`; a requested
 * backend that cannot start is an error (TfModelError 'backend-unavailable'), never a silent fallback.
 * The choice is logged once per backend, one line on stderr with the reason.
 *
 * On wasm, `initTfBackend` also registers what the model needs and tfjs-backend-wasm 4.22 lacks or
 * does slowly (see `wasm-kernels.ts`): the `UnsortedSegmentSum` kernel (gradient of `tf.gather`) and a
 * `BatchMatMul` that transposes explicitly instead of using the ~10x slower transposed-operand path.
 */
import * as tf from '@tensorflow/tfjs';
import { TfModelError } from './errors.js';
import { registerWasmKernels } from './wasm-kernels.js';

export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';
export const TF_BACKEND_NAMES: readonly TfBackendName[] = ['tensorflow', 'wasm', 'cpu'];

export interface TfBackendOptions {
  /** Force a backend; otherwise env PRORL_TF_BACKEND, otherwise the best available. */
  backend?: TfBackendName;
  /** Where the one-line choice goes. Default: stderr. `false` silences it. */
  log?: false | ((line: string) => void);
  /** On wasm, replace BatchMatMul by an explicit-transpose version (deps.md §3). Default true. */
  patchWasmMatMul?: boolean;
}

export interface TfBackendInfo {
  name: TfBackendName;
  /** Why this backend was chosen (requested / auto + what was unavailable). */
  reason: string;
}

const logged = new Set<string>();
let current: TfBackendInfo | null = null;

/** Parses PRORL_TF_BACKEND; throws a TfModelError listing valid values when it is set to anything else. */
export function backendFromEnv(env: NodeJS.ProcessEnv = process.env): TfBackendName | undefined {
  const raw = env.PRORL_TF_BACKEND?.trim();
  if (!raw) return undefined;
  if ((TF_BACKEND_NAMES as readonly string[]).includes(raw)) return raw as TfBackendName;
  throw new TfModelError('backend-unavailable', `PRORL_TF_BACKEND='${raw}' is not a tfjs backend. Fix: use one of ${TF_BACKEND_NAMES.join(', ')} or unset it`);
}

async function tryNative(): Promise<string | null> {
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      const name: string = pkg; // a variable keeps bundlers and tsc from resolving the optional module
      await import(name);
      return pkg;
    } catch {
      // not installed or failed to load: try the next one
    }
  }
  return null;
}

async function tryStart(name: TfBackendName, patchWasmMatMul: boolean): Promise<string | null> {
  switch (name) {
    case 'tensorflow': {
      const pkg = await tryNative();
      if (pkg === null) return null;
      try {
        return (await tf.setBackend('tensorflow')) ? pkg : null;
      } catch {
        return null; // the package loaded but registered no 'tensorflow' backend in this tfjs-core
      }
    }
    case 'wasm': {
      try {
        await import('@tensorflow/tfjs-backend-wasm');
        if (!(await tf.setBackend('wasm'))) return null;
        registerWasmKernels({ patchMatMul: patchWasmMatMul });
        return '@tensorflow/tfjs-backend-wasm';
      } catch {
        return null;
      }
    }
    case 'cpu':
      return (await tf.setBackend('cpu')) ? 'built-in' : null;
    default: {
      const never: never = name;
      throw new Error(`unknown backend ${String(never)}`);
    }
  }
}

/**
 * Selects, starts and returns the tfjs backend. Idempotent: calling again with the same request is
 * cheap; a different request switches the global tfjs backend (tensors move lazily).
 */
export function initTfBackend(options: TfBackendOptions = {}): Promise<TfBackendInfo> {
  // Serialised: concurrent callers never start backends at the same time.
  const run = queue.then(() => initTfBackendNow(options));
  queue = run.catch(() => undefined);
  return run;
}

let queue: Promise<unknown> = Promise.resolve();

async function initTfBackendNow(options: TfBackendOptions): Promise<TfBackendInfo> {
  const patch = options.patchWasmMatMul ?? true;
  const requested = options.backend ?? backendFromEnv();
  let info: TfBackendInfo;
  if (requested !== undefined) {
    if (current?.name === requested && tf.getBackend() === requested) return current;
    const via = await tryStart(requested, patch);
    if (via === null) {
      throw new TfModelError(
        'backend-unavailable',
        `tfjs backend '${requested}' was requested (${options.backend ? 'option' : 'PRORL_TF_BACKEND'}) but could not start` +
          (requested === 'tensorflow' ? ': install @tensorflow/tfjs-node or @tensorflow/tfjs-node-gpu' : '') +
          `. Fix: request another of ${TF_BACKEND_NAMES.join(', ')}`,
      );
    }
    info = { name: requested, reason: `requested via ${options.backend ? 'option' : 'PRORL_TF_BACKEND'} (${via})` };
  } else {
    if (current !== null && tf.getBackend() === current.name) return current;
    const missing: string[] = [];
    let chosen: TfBackendInfo | null = null;
    for (const name of TF_BACKEND_NAMES) {
      const via = await tryStart(name, patch);
      if (via !== null) {
        chosen = { name, reason: `auto: best available (${via})${missing.length ? `; unavailable: ${missing.join(', ')}` : ''}` };
        break;
      }
      missing.push(name === 'tensorflow' ? 'tensorflow (@tensorflow/tfjs-node[-gpu] not installed)' : name);
    }
    if (chosen === null) throw new TfModelError('backend-unavailable', 'no tfjs backend could start. Fix: reinstall @tensorflow/tfjs');
    info = chosen;
  }
  current = info;
  if (options.log !== false && !logged.has(info.name)) {
    logged.add(info.name);
    const line = `[prorl/policy] tfjs backend: ${info.name} (${info.reason})`;
    if (options.log) options.log(line);
    else process.stderr.write(line + '\n');
  }
  return info;
}

/** The backend chosen by the last `initTfBackend`, or null before any call. */
export function currentTfBackend(): TfBackendInfo | null {
  return current;
}
