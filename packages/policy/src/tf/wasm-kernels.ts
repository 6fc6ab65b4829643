/**
 * Kernels registered on the tfjs `wasm` backend (4.22) by `initTfBackend`:
 *
 * - `UnsortedSegmentSum` (missing on wasm): the gradient of `tf.gather`, so token embeddings train.
 *   Written in TS over the wasm heap: out[seg[i], :] += x[i, :]; ids outside [0, numSegments) are
 *   dropped (TensorFlow semantics). Output shape [numSegments, ...x.shape.slice(segmentIds.rank)].
 * - `BatchMatMul` with transposeA/transposeB: wasm's transposed-operand path is ~10x slower than an
 *   explicit `Transpose` followed by a plain matmul (deps.md §3), and autodiff of matMul always sets
 *   those flags. The patch transposes the last two axes first, then calls the original kernel.
 *
 * Both are idempotent to register and tested against the `cpu` backend in `wasm-kernels.test.ts`.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type KernelArgs = Parameters<tf.KernelFunc>[0];
type TensorInfo = { dataId: object; shape: number[]; dtype: tf.DataType };

function unsortedSegmentSumWasm(args: KernelArgs): TensorInfo {
  const backend = args.backend as unknown as BackendWasm;
  const x = args.inputs['x'] as TensorInfo;
  const seg = args.inputs['segmentIds'] as TensorInfo;
  const numSegments = (args.attrs as { numSegments: number }).numSegments;
  if (x.dtype !== 'float32' && x.dtype !== 'int32') throw new Error(`UnsortedSegmentSum (wasm): dtype ${x.dtype} not supported; use float32 or int32`);
  const segRank = seg.shape.length;
  for (let i = 0; i < segRank; i++) {
    if (seg.shape[i] !== x.shape[i]) throw new Error(`UnsortedSegmentSum (wasm): segmentIds shape [${seg.shape}] is not a prefix of x shape [${x.shape}]`);
  }
  const innerShape = x.shape.slice(segRank);
  const inner = innerShape.reduce((a, b) => a * b, 1);
  const n = seg.shape.reduce((a, b) => a * b, 1);
  // Allocate first: makeOutput may grow the wasm heap and detach earlier views.
  const out = backend.makeOutput([numSegments, ...innerShape], x.dtype) as TensorInfo;
  const ov = backend.typedArrayFromHeap(out) as Float32Array | Int32Array;
  const xv = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const sv = backend.typedArrayFromHeap(seg) as Int32Array | Float32Array;
  ov.fill(0);
  for (let i = 0; i < n; i++) {
    const s = sv[i]!;
    if (s < 0 || s >= numSegments) continue;
    const o = s * inner;
    const xo = i * inner;
    for (let j = 0; j < inner; j++) ov[o + j]! += xv[xo + j]!;
  }
  return out;
}

let matMulPatched = false;

function patchBatchMatMul(): void {
  if (matMulPatched) return;
  const orig = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!orig || !transpose) return;
  const origFn = orig.kernelFunc;
  const trFn = transpose.kernelFunc;
  const swapLast = (t: TensorInfo, backend: KernelArgs['backend']): TensorInfo => {
    const r = t.shape.length;
    const perm = [...Array(r).keys()];
    perm[r - 1] = r - 2;
    perm[r - 2] = r - 1;
    return trFn({ inputs: { x: t }, backend, attrs: { perm } }) as TensorInfo;
  };
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({
    ...orig,
    kernelFunc: (args: KernelArgs) => {
      const attrs = args.attrs as { transposeA: boolean; transposeB: boolean };
      if (!attrs.transposeA && !attrs.transposeB) return origFn(args);
      const backend = args.backend as unknown as BackendWasm;
      const a0 = args.inputs['a'] as TensorInfo;
      const b0 = args.inputs['b'] as TensorInfo;
      const a = attrs.transposeA ? swapLast(a0, args.backend) : a0;
      const b = attrs.transposeB ? swapLast(b0, args.backend) : b0;
      const out = origFn({ ...args, inputs: { a, b }, attrs: { ...attrs, transposeA: false, transposeB: false } });
      if (a !== a0) backend.disposeData(a.dataId);
      if (b !== b0) backend.disposeData(b.dataId);
      return out;
    },
  });
  matMulPatched = true;
}

/** Registers the wasm kernel fills/patches. Call after the wasm backend is set (initTfBackend does). */
export function registerWasmKernels(opts: { patchMatMul: boolean }): void {
  if (!tf.getKernel('UnsortedSegmentSum', 'wasm')) {
    tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: unsortedSegmentSumWasm as unknown as tf.KernelFunc });
  }
  if (opts.patchMatMul) patchBatchMatMul();
}

/** True when the BatchMatMul patch is active (for tests and logs). */
export function wasmMatMulPatched(): boolean {
  return matMulPatched;
}
