/**
 * A small ONNX graph builder with static shapes. Every value has a fixed shape and dtype known in JS,
 * which keeps the backward rules in `autodiff.ts` simple (broadcast axes, reshape targets and expand
 * shapes are all known at build time). `encode()` writes an ONNX ModelProto (IR 8, opset 17) with
 * onnx-proto. Graphs here hold no weights: weights are graph inputs fed on every run.
 *
 * Opset-17 signatures used: ReduceMean takes `axes` as an attribute, ReduceSum as an int64 input.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export type DType = 'float32' | 'float64' | 'int64' | 'bool';
/** Floating type a graph computes in; float64 exists for finite-difference checks. */
export type FloatType = 'float32' | 'float64';

export interface ValueInfo {
  shape: readonly number[];
  dtype: DType;
}

/** Attribute values: integer, integer list, string, or a float wrapped with `f()`. */
export type AttrValue = number | number[] | string | FloatAttr;
export class FloatAttr {
  constructor(readonly value: number) {}
}
/** Marks a float attribute (plain numbers are integer attributes). */
export const f = (value: number): FloatAttr => new FloatAttr(value);

export interface NodeRecord {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, AttrValue>;
}

/** A composite op: forward emitted unrecorded, one tape entry with its own backward. */
export interface CompositeRecord {
  inputs: string[];
  output: string;
  /** Emits the input gradients (undefined where `needs[i]` is false) given the output gradient. */
  backward: (gy: string, needs: readonly boolean[]) => (string | undefined)[];
}

/** Thrown on a shape or dtype mismatch while building a graph: a bug in the graph code. */
export class GraphBuildError extends Error {
  override readonly name = 'GraphBuildError';
}

const OPSET = 17;
const DTYPE_CODE: Record<DType, number> = { float32: 1, int64: 7, bool: 9, float64: 11 };

export const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Numpy-style broadcast of two static shapes. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new GraphBuildError(`cannot broadcast [${a.join(',')}] with [${b.join(',')}]`);
    out.push(x === 1 ? y : x);
  }
  return out;
}

export interface GraphOptions {
  /** Float type of weights, activations and float constants. Default float32. */
  float?: FloatType;
  name?: string;
}

export class Graph {
  readonly float: FloatType;
  readonly name: string;
  readonly nodes: NodeRecord[] = [];
  readonly inputs: string[] = [];
  readonly outputs: string[] = [];
  private readonly info = new Map<string, ValueInfo>();
  private readonly initializers = new Map<string, { data: ArrayLike<number>; shape: number[]; dtype: DType }>();
  private readonly constCache = new Map<string, string>();
  private counter = 0;
  private readonly dimNames = new Map<string, readonly (string | undefined)[]>();
  /** Hook called for every node emitted while recording is on (the autodiff tape). */
  onNode: ((n: NodeRecord) => void) | undefined;
  /** Hook called for every composite op (see `composite()` in autodiff.ts) while recording is on. */
  onComposite: ((c: CompositeRecord) => void) | undefined;
  private paused = 0;

  constructor(opts: GraphOptions = {}) {
    this.float = opts.float ?? 'float32';
    this.name = opts.name ?? 'prorl';
  }

  /** Static shape and dtype of a value. */
  value(name: string): ValueInfo {
    const v = this.info.get(name);
    if (!v) throw new GraphBuildError(`unknown value '${name}'`);
    return v;
  }
  shape(name: string): readonly number[] {
    return this.value(name).shape;
  }
  has(name: string): boolean {
    return this.info.has(name);
  }
  /** Values of a constant (initializer), or undefined when `name` is not a constant. */
  constData(name: string): ArrayLike<number> | undefined {
    return this.initializers.get(name)?.data;
  }

  /** True while the autodiff hooks are active (not inside `unrecorded`). */
  get recording(): boolean {
    return this.paused === 0;
  }

  /** Runs `fn` with the autodiff hook paused (for composite ops and backward nodes). */
  unrecorded<R>(fn: () => R): R {
    this.paused++;
    try {
      return fn();
    } finally {
      this.paused--;
    }
  }

  private fresh(prefix: string): string {
    let n: string;
    do n = `${prefix}${this.counter++}`;
    while (this.info.has(n));
    return n;
  }

  /**
   * Declares a graph input. `dimNames` marks dims as symbolic (dynamic) in the encoded model; `shape`
   * then holds example sizes used only for build-time checks.
   */
  input(name: string, shape: readonly number[], dtype: DType = this.float, dimNames?: readonly (string | undefined)[]): string {
    if (this.info.has(name)) throw new GraphBuildError(`duplicate value name '${name}'`);
    this.info.set(name, { shape: [...shape], dtype });
    this.inputs.push(name);
    if (dimNames) this.dimNames.set(name, dimNames);
    return name;
  }

  /** Declares `value` a graph output named `name` (an Identity node when the names differ). */
  output(value: string, name: string = value, dimNames?: readonly (string | undefined)[]): string {
    if (name !== value) {
      const v = this.value(value);
      this.unrecorded(() => this.node('Identity', [value], {}, v.shape, v.dtype, name));
    }
    this.outputs.push(name);
    if (dimNames) this.dimNames.set(name, dimNames);
    return name;
  }

  /** A constant tensor (initializer); small constants are de-duplicated. */
  constant(data: ArrayLike<number>, shape: readonly number[], dtype: DType = this.float): string {
    if (data.length !== numel(shape)) throw new GraphBuildError(`constant has ${data.length} values for shape [${shape.join(',')}]`);
    let key: string | undefined;
    if (data.length <= 256) {
      key = `${dtype}|${shape.join(',')}|${Array.from(data).join(',')}`;
      const hit = this.constCache.get(key);
      if (hit) return hit;
    }
    const name = this.fresh('c');
    this.info.set(name, { shape: [...shape], dtype });
    this.initializers.set(name, { data, shape: [...shape], dtype });
    if (key) this.constCache.set(key, name);
    return name;
  }
  scalar(x: number, dtype: DType = this.float): string {
    return this.constant([x], [], dtype);
  }
  ints(xs: readonly number[]): string {
    return this.constant(xs, [xs.length], 'int64');
  }

  /** Emits one node with a single output of the given static shape. */
  node(op: string, inputs: string[], attrs: Record<string, AttrValue>, shape: readonly number[], dtype: DType, outName?: string): string {
    for (const i of inputs) if (i !== '' && !this.info.has(i)) throw new GraphBuildError(`${op}: unknown input '${i}'`);
    const out = outName ?? this.fresh('v');
    if (this.info.has(out)) throw new GraphBuildError(`duplicate value name '${out}'`);
    this.info.set(out, { shape: [...shape], dtype });
    const rec: NodeRecord = { op, inputs, outputs: [out], attrs };
    this.nodes.push(rec);
    if (this.paused === 0 && this.onNode) this.onNode(rec);
    return out;
  }

  // ---- typed ops with shape inference --------------------------------------------------------

  private binary(op: string, a: string, b: string, dtype?: DType): string {
    const A = this.value(a);
    const B = this.value(b);
    if (A.dtype !== B.dtype) throw new GraphBuildError(`${op}: dtype ${A.dtype} vs ${B.dtype}`);
    return this.node(op, [a, b], {}, broadcastShapes(A.shape, B.shape), dtype ?? A.dtype);
  }
  add(a: string, b: string): string {
    return this.binary('Add', a, b);
  }
  sub(a: string, b: string): string {
    return this.binary('Sub', a, b);
  }
  mul(a: string, b: string): string {
    return this.binary('Mul', a, b);
  }
  div(a: string, b: string): string {
    return this.binary('Div', a, b);
  }
  equal(a: string, b: string): string {
    return this.binary('Equal', a, b, 'bool');
  }
  unary(op: 'Neg' | 'Exp' | 'Log' | 'Sqrt' | 'Tanh' | 'Sigmoid' | 'Reciprocal' | 'Identity', a: string): string {
    const A = this.value(a);
    return this.node(op, [a], {}, A.shape, A.dtype);
  }
  cast(a: string, to: DType): string {
    return this.node('Cast', [a], { to: DTYPE_CODE[to] }, this.shape(a), to);
  }

  /** Numpy matmul (2-D or batched with broadcast batch dims). */
  matmul(a: string, b: string): string {
    const A = this.shape(a);
    const B = this.shape(b);
    if (A.length < 2 || B.length < 2) throw new GraphBuildError('matmul: operands must be at least 2-D');
    const [m, k1] = A.slice(-2) as [number, number];
    const [k2, n] = B.slice(-2) as [number, number];
    if (k1 !== k2) throw new GraphBuildError(`matmul: inner dims ${k1} vs ${k2}`);
    const batch = broadcastShapes(A.slice(0, -2), B.slice(0, -2));
    return this.node('MatMul', [a, b], {}, [...batch, m, n], this.value(a).dtype);
  }
  gemm(a: string, b: string, transA = false, transB = false): string {
    const A = this.shape(a);
    const B = this.shape(b);
    if (A.length !== 2 || B.length !== 2) throw new GraphBuildError('gemm: operands must be 2-D');
    const [m, k1] = transA ? [A[1]!, A[0]!] : [A[0]!, A[1]!];
    const [k2, n] = transB ? [B[1]!, B[0]!] : [B[0]!, B[1]!];
    if (k1 !== k2) throw new GraphBuildError(`gemm: inner dims ${k1} vs ${k2}`);
    return this.node('Gemm', [a, b], { transA: transA ? 1 : 0, transB: transB ? 1 : 0 }, [m, n], this.value(a).dtype);
  }
  reshape(a: string, shape: readonly number[]): string {
    const A = this.value(a);
    if (numel(shape) !== numel(A.shape)) throw new GraphBuildError(`reshape: [${A.shape.join(',')}] to [${shape.join(',')}]`);
    if (A.shape.length === shape.length && A.shape.every((d, i) => d === shape[i])) return a;
    return this.node('Reshape', [a, this.ints(shape)], {}, shape, A.dtype);
  }
  transpose(a: string, perm: readonly number[]): string {
    const A = this.value(a);
    return this.node('Transpose', [a], { perm: [...perm] }, perm.map((p) => A.shape[p]!), A.dtype);
  }
  private reducedShape(shape: readonly number[], axes: readonly number[], keepdims: boolean): number[] {
    const ax = new Set(axes.map((x) => (x < 0 ? x + shape.length : x)));
    const out: number[] = [];
    shape.forEach((d, i) => {
      if (!ax.has(i)) out.push(d);
      else if (keepdims) out.push(1);
    });
    return out;
  }
  reduceSum(a: string, axes: readonly number[], keepdims = true): string {
    const A = this.value(a);
    return this.node('ReduceSum', [a, this.ints(axes)], { keepdims: keepdims ? 1 : 0 }, this.reducedShape(A.shape, axes, keepdims), A.dtype);
  }
  reduceMean(a: string, axes: readonly number[], keepdims = true): string {
    const A = this.value(a);
    return this.node('ReduceMean', [a], { axes: [...axes], keepdims: keepdims ? 1 : 0 }, this.reducedShape(A.shape, axes, keepdims), A.dtype);
  }
  reduceMax(a: string, axes: readonly number[], keepdims = true): string {
    const A = this.value(a);
    return this.node('ReduceMax', [a], { axes: [...axes], keepdims: keepdims ? 1 : 0 }, this.reducedShape(A.shape, axes, keepdims), A.dtype);
  }
  softmax(a: string, axis = -1): string {
    const A = this.value(a);
    return this.node('Softmax', [a], { axis }, A.shape, A.dtype);
  }
  logSoftmax(a: string, axis = -1): string {
    const A = this.value(a);
    return this.node('LogSoftmax', [a], { axis }, A.shape, A.dtype);
  }
  /** Gather along axis 0 (embedding lookup). */
  gather(data: string, indices: string): string {
    const D = this.value(data);
    return this.node('Gather', [data, indices], { axis: 0 }, [...this.shape(indices), ...D.shape.slice(1)], D.dtype);
  }
  expand(a: string, shape: readonly number[]): string {
    const A = this.value(a);
    return this.node('Expand', [a, this.ints(shape)], {}, broadcastShapes(A.shape, shape), A.dtype);
  }
  concat(xs: string[], axis: number): string {
    const first = this.value(xs[0]!);
    const r = first.shape.length;
    const ax = axis < 0 ? axis + r : axis;
    const shape = [...first.shape];
    shape[ax] = xs.reduce((s, x) => s + this.shape(x)[ax]!, 0);
    return this.node('Concat', xs, { axis }, shape, first.dtype);
  }
  /** Slice [start, end) along one axis (step 1). */
  slice(a: string, axis: number, start: number, end: number): string {
    const A = this.value(a);
    const ax = axis < 0 ? axis + A.shape.length : axis;
    const shape = [...A.shape];
    shape[ax] = end - start;
    return this.node('Slice', [a, this.ints([start]), this.ints([end]), this.ints([ax])], {}, shape, A.dtype);
  }

  // ---- encoding -------------------------------------------------------------------------------

  /** Serialises the graph to ONNX ModelProto bytes (IR 8, opset 17). */
  encode(): Uint8Array {
    for (const o of this.outputs) this.value(o);
    const vi = (name: string) => {
      const v = this.value(name);
      const sym = this.dimNames.get(name);
      const dim = v.shape.map((d, i) => (sym?.[i] !== undefined ? { dimParam: sym[i] } : { dimValue: d }));
      return { name, type: { tensorType: { elemType: DTYPE_CODE[v.dtype], shape: { dim } } } };
    };
    // Only constants some node reads (unused ones make ORT log a warning per session).
    const used = new Set<string>(this.outputs);
    for (const n of this.nodes) for (const i of n.inputs) used.add(i);
    const initializer = [...this.initializers.entries()].filter(([name]) => used.has(name)).map(([name, t]) => ({
      name,
      dims: t.shape,
      dataType: DTYPE_CODE[t.dtype],
      rawData: toRaw(t.data, t.dtype),
    }));
    const node = this.nodes.map((n, i) => ({
      name: `n${i}_${n.op}`,
      opType: n.op,
      input: n.inputs,
      output: n.outputs,
      attribute: Object.entries(n.attrs).map(([name, v]) => encodeAttr(name, v)),
    }));
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'prorl.ts',
      opsetImport: [{ domain: '', version: OPSET }],
      graph: {
        name: this.name,
        node,
        initializer,
        input: this.inputs.map(vi),
        output: this.outputs.map(vi),
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function encodeAttr(name: string, v: AttrValue) {
  const T = onnx.AttributeProto.AttributeType;
  if (v instanceof FloatAttr) return { name, type: T.FLOAT, f: v.value };
  if (typeof v === 'number') return { name, type: T.INT, i: v };
  if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) };
  return { name, type: T.INTS, ints: v };
}

function toRaw(data: ArrayLike<number>, dtype: DType): Uint8Array {
  switch (dtype) {
    case 'float32':
      return new Uint8Array(Float32Array.from(data).buffer);
    case 'float64':
      return new Uint8Array(Float64Array.from(data).buffer);
    case 'int64':
      return new Uint8Array(BigInt64Array.from(Array.from(data), (x) => BigInt(x)).buffer);
    case 'bool':
      return Uint8Array.from(data, (x) => (x ? 1 : 0));
    default: {
      const never: never = dtype;
      throw new GraphBuildError(`unknown dtype ${String(never)}`);
    }
  }
}
