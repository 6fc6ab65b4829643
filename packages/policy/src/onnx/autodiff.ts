/**
 * Reverse-mode autodiff over ONNX graphs built with `Graph`. A `Tape` attached to a graph records
 * every node with at least one input that depends on a watched value (the weights); `backward()`
 * walks the tape in reverse and emits new, unrecorded nodes for the gradients, summing gradients
 * that reach a value twice with Add. Constants, ids and per-token coefficients get no gradients.
 *
 * Rules (static shapes make them plain JS):
 *   broadcasting Add/Sub/Mul/Div: ReduceSum over the broadcast axes, then Reshape ("un-broadcast");
 *   2-D MatMul and Gemm: two Gemm with transA/transB; batched MatMul: MatMul with the last two axes
 *   transposed, then un-broadcast; ReduceSum/ReduceMean: Reshape to kept dims + Expand (· 1/n);
 *   Softmax: y·(g − Σ g·y); LogSoftmax: g − exp(y)·Σ g; Transpose: inverse perm; Reshape: reshape back;
 *   Gather (axis 0): one-hot matrix (Equal against an arange) times g with Gemm(transA) — no
 *   ScatterND, whose reduction='add' races with 2+ threads (microsoft/onnxruntime#18048).
 * Composite ops (`rmsNorm`, `silu`, `geluTanh`, `matmulNT`, and `rope` in transformer.ts) emit their
 * forward unrecorded and record one entry with a hand-written backward; with `composites: false` they
 * fall back to primitive ops (the readable reference the composites are tested against). Without a
 * tape (inference graphs) `rmsNorm` emits the pattern onnxruntime fuses into one kernel.
 */
import { type CompositeRecord, Graph, GraphBuildError, type NodeRecord, numel } from './builder.js';

type Rule = (g: Graph, n: NodeRecord, gy: string, needs: readonly boolean[]) => (string | undefined)[];

/** Sums `gy` down to `shape` (inverse of numpy broadcasting). */
export function unbroadcast(g: Graph, gy: string, shape: readonly number[]): string {
  const ys = g.shape(gy);
  if (ys.length === shape.length && ys.every((d, i) => d === shape[i])) return gy;
  const lead = ys.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < ys.length; i++) {
    if (i < lead) axes.push(i);
    else if (shape[i - lead] === 1 && ys[i] !== 1) axes.push(i);
  }
  const r = axes.length ? g.reduceSum(gy, axes, true) : gy;
  return g.reshape(r, shape);
}

const swapLast = (g: Graph, x: string): string => {
  const r = g.shape(x).length;
  const perm = [...Array(r).keys()];
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return g.transpose(x, perm);
};

const inp = (n: NodeRecord, i: number): string => n.inputs[i]!;
const out = (n: NodeRecord): string => n.outputs[0]!;

function reduceGrad(g: Graph, n: NodeRecord, gy: string, axes: readonly number[], scale: boolean): string {
  const xs = g.shape(inp(n, 0));
  const ax = new Set(axes.map((a) => (a < 0 ? a + xs.length : a)));
  const kept = xs.map((d, i) => (ax.has(i) ? 1 : d));
  let r = g.expand(g.reshape(gy, kept), xs);
  if (scale) {
    const cnt = [...ax].reduce((p, a) => p * xs[a]!, 1);
    r = g.mul(r, g.scalar(1 / cnt));
  }
  return r;
}

const RULES: Record<string, Rule> = {
  Identity: (_g, _n, gy) => [gy],
  Add: (g, n, gy, needs) => [
    needs[0] ? unbroadcast(g, gy, g.shape(inp(n, 0))) : undefined,
    needs[1] ? unbroadcast(g, gy, g.shape(inp(n, 1))) : undefined,
  ],
  Sub: (g, n, gy, needs) => [
    needs[0] ? unbroadcast(g, gy, g.shape(inp(n, 0))) : undefined,
    needs[1] ? unbroadcast(g, g.unary('Neg', gy), g.shape(inp(n, 1))) : undefined,
  ],
  Mul: (g, n, gy, needs) => [
    needs[0] ? unbroadcast(g, g.mul(gy, inp(n, 1)), g.shape(inp(n, 0))) : undefined,
    needs[1] ? unbroadcast(g, g.mul(gy, inp(n, 0)), g.shape(inp(n, 1))) : undefined,
  ],
  Div: (g, n, gy, needs) => [
    needs[0] ? unbroadcast(g, g.div(gy, inp(n, 1)), g.shape(inp(n, 0))) : undefined,
    // d(a/b)/db = −y/b
    needs[1] ? unbroadcast(g, g.unary('Neg', g.div(g.mul(gy, out(n)), inp(n, 1))), g.shape(inp(n, 1))) : undefined,
  ],
  Neg: (g, _n, gy) => [g.unary('Neg', gy)],
  Exp: (g, n, gy) => [g.mul(gy, out(n))],
  Log: (g, n, gy) => [g.div(gy, inp(n, 0))],
  Tanh: (g, n, gy) => [g.mul(gy, g.sub(g.scalar(1), g.mul(out(n), out(n))))],
  Sigmoid: (g, n, gy) => [g.mul(gy, g.mul(out(n), g.sub(g.scalar(1), out(n))))],
  Sqrt: (g, n, gy) => [g.div(g.mul(gy, g.scalar(0.5)), out(n))],
  Reciprocal: (g, n, gy) => [g.unary('Neg', g.mul(gy, g.mul(out(n), out(n))))],
  MatMul: (g, n, gy, needs) => {
    const a = inp(n, 0);
    const b = inp(n, 1);
    if (g.shape(a).length === 2 && g.shape(b).length === 2) {
      return [needs[0] ? g.gemm(gy, b, false, true) : undefined, needs[1] ? g.gemm(a, gy, true, false) : undefined];
    }
    return [
      needs[0] ? unbroadcast(g, g.matmul(gy, swapLast(g, b)), g.shape(a)) : undefined,
      needs[1] ? unbroadcast(g, g.matmul(swapLast(g, a), gy), g.shape(b)) : undefined,
    ];
  },
  Gemm: (g, n, gy, needs) => {
    if (n.inputs.length > 2) throw new GraphBuildError('Gemm backward: C input not supported');
    const a = inp(n, 0);
    const b = inp(n, 1);
    const tA = n.attrs.transA === 1;
    const tB = n.attrs.transB === 1;
    let da: () => string;
    let db: () => string;
    if (!tA && !tB) {
      da = () => g.gemm(gy, b, false, true);
      db = () => g.gemm(a, gy, true, false);
    } else if (!tA && tB) {
      da = () => g.gemm(gy, b, false, false);
      db = () => g.gemm(gy, a, true, false);
    } else if (tA && !tB) {
      da = () => g.gemm(b, gy, false, true);
      db = () => g.gemm(a, gy, false, false);
    } else {
      da = () => g.gemm(b, gy, true, true);
      db = () => g.gemm(gy, a, true, true);
    }
    return [needs[0] ? da() : undefined, needs[1] ? db() : undefined];
  },
  Reshape: (g, n, gy) => [g.reshape(gy, g.shape(inp(n, 0)))],
  Transpose: (g, n, gy) => {
    const perm = n.attrs.perm as number[];
    const inv = new Array<number>(perm.length);
    perm.forEach((p, i) => (inv[p] = i));
    return [g.transpose(gy, inv)];
  },
  Concat: (g, n, gy, needs) => {
    const r = g.shape(gy).length;
    const axis = (n.attrs.axis as number) < 0 ? (n.attrs.axis as number) + r : (n.attrs.axis as number);
    let start = 0;
    return n.inputs.map((x, i) => {
      const len = g.shape(x)[axis]!;
      const s = start;
      start += len;
      return needs[i] ? g.slice(gy, axis, s, s + len) : undefined;
    });
  },
  Expand: (g, n, gy) => [unbroadcast(g, gy, g.shape(inp(n, 0)))],
  ReduceSum: (g, n, gy) => {
    const axes = g.constData(inp(n, 1));
    if (!axes) throw new GraphBuildError('ReduceSum backward: axes must be a constant');
    return [reduceGrad(g, n, gy, Array.from(axes), false)];
  },
  ReduceMean: (g, n, gy) => [reduceGrad(g, n, gy, n.attrs.axes as number[], true)],
  Softmax: (g, n, gy) => {
    const axis = n.attrs.axis as number;
    const y = out(n);
    return [g.mul(y, g.sub(gy, g.reduceSum(g.mul(gy, y), [axis], true)))];
  },
  LogSoftmax: (g, n, gy) => {
    const axis = n.attrs.axis as number;
    return [g.sub(gy, g.mul(g.unary('Exp', out(n)), g.reduceSum(gy, [axis], true)))];
  },
  Gather: (g, n, gy, needs) => {
    if ((n.attrs.axis ?? 0) !== 0) throw new GraphBuildError('Gather backward: only axis 0');
    if (needs[1]) throw new GraphBuildError('Gather backward: indices are not differentiable');
    const data = inp(n, 0);
    const ds = g.shape(data);
    const V = ds[0]!;
    const rest = numel(ds.slice(1));
    const N = numel(g.shape(inp(n, 1)));
    const idx = g.reshape(inp(n, 1), [N, 1]);
    const arange = g.constant(Array.from({ length: V }, (_, i) => i), [1, V], 'int64');
    const onehot = g.cast(g.equal(idx, arange), g.float);
    return [g.reshape(g.gemm(onehot, g.reshape(gy, [N, rest]), true, false), ds)];
  },
};

interface TapeEntry {
  inputs: string[];
  output: string;
  backward: (gy: string, needs: readonly boolean[]) => (string | undefined)[];
}

/** Records differentiable nodes of a graph; attach before emitting the forward pass. */
export class Tape {
  private readonly requires = new Set<string>();
  private readonly entries: TapeEntry[] = [];

  constructor(readonly g: Graph) {
    if (g.onNode || g.onComposite) throw new GraphBuildError('graph already has a tape');
    g.onNode = (n) => this.onNode(n);
    g.onComposite = (c) => this.onComposite(c);
  }

  /** Marks a value (a weight input) as requiring gradients. */
  watch(name: string): void {
    this.requires.add(name);
  }
  requiresGrad(name: string): boolean {
    return this.requires.has(name);
  }
  get size(): number {
    return this.entries.length;
  }

  private onNode(n: NodeRecord): void {
    if (!n.inputs.some((i) => this.requires.has(i))) return;
    const rule = RULES[n.op];
    if (!rule) throw new GraphBuildError(`no backward rule for ${n.op}; known: ${Object.keys(RULES).join(', ')}`);
    this.entries.push({ inputs: n.inputs, output: out(n), backward: (gy, needs) => rule(this.g, n, gy, needs) });
    this.requires.add(out(n));
  }

  private onComposite(c: CompositeRecord): void {
    if (!c.inputs.some((i) => this.requires.has(i))) return;
    this.entries.push(c);
    this.requires.add(c.output);
  }

  /**
   * Emits d loss / d w for every `wrt` value and returns their value names (a zero constant for a
   * weight the loss does not depend on). `loss` may have any shape; its seed gradient is all ones.
   */
  backward(loss: string, wrt: readonly string[]): Map<string, string> {
    const g = this.g;
    return g.unrecorded(() => {
      const grads = new Map<string, string>();
      const ls = g.shape(loss);
      grads.set(loss, g.constant(new Array(numel(ls)).fill(1), ls, g.float));
      for (let k = this.entries.length - 1; k >= 0; k--) {
        const e = this.entries[k]!;
        const gy = grads.get(e.output);
        if (gy === undefined) continue;
        const needs = e.inputs.map((i) => this.requires.has(i));
        const gx = e.backward(gy, needs);
        e.inputs.forEach((x, i) => {
          const d = gx[i];
          if (!needs[i] || d === undefined) return;
          const prev = grads.get(x);
          grads.set(x, prev === undefined ? d : g.add(prev, d));
        });
      }
      const res = new Map<string, string>();
      for (const w of wrt) {
        const d = grads.get(w);
        const s = g.shape(w);
        res.set(w, d ?? g.constant(new Array(numel(s)).fill(0), s, g.float));
      }
      return res;
    });
  }
}

/**
 * Emits a composite op: `forward` runs unrecorded; when a tape is attached and any input requires
 * gradients, one entry with `backward` is recorded.
 */
export function composite(
  g: Graph,
  inputs: string[],
  forward: () => string,
  backward: (gy: string, needs: readonly boolean[]) => (string | undefined)[],
): string {
  const recording = g.recording;
  const y = g.unrecorded(forward);
  if (recording && g.onComposite) g.onComposite({ inputs, output: y, backward: (gy, needs) => g.unrecorded(() => backward(gy, needs)) });
  return y;
}

/**
 * RMSNorm over the last axis: y = x / sqrt(mean(x²) + eps) · gain. x [..., D], gain [D].
 * Backward: r = 1/sqrt(mean(x²)+eps), xn = x·r, dxn = dy·gain,
 *   dx = r·(dxn − xn·mean(dxn·xn)), dgain = Σ_rows dy·xn.
 */
export function rmsNorm(g: Graph, x: string, gain: string, eps: number, composites = true): string {
  if (!g.onComposite && !g.onNode) {
    // No tape (inference graph): emit the pattern onnxruntime fuses into one
    // SimplifiedLayerNormalization kernel, x / sqrt(mean(pow(x, 2)) + eps) · gain (7 nodes → 1).
    const ms = g.reduceMean(g.node('Pow', [x, g.scalar(2)], {}, g.shape(x), g.value(x).dtype), [-1], true);
    return g.mul(g.div(x, g.unary('Sqrt', g.add(ms, g.scalar(eps)))), gain);
  }
  const fwd = () => {
    const r = g.div(g.scalar(1), g.unary('Sqrt', g.add(g.reduceMean(g.mul(x, x), [-1], true), g.scalar(eps))));
    const xn = g.mul(x, r);
    return { r, xn, y: g.mul(xn, gain) };
  };
  if (!composites) return fwd().y;
  let saved: { r: string; xn: string } | undefined;
  return composite(
    g,
    [x, gain],
    () => {
      const o = fwd();
      saved = o;
      return o.y;
    },
    (gy, needs) => {
      const { r, xn } = saved!;
      const dx = needs[0]
        ? (() => {
            const dxn = g.mul(gy, gain);
            return g.mul(r, g.sub(dxn, g.mul(xn, g.reduceMean(g.mul(dxn, xn), [-1], true))));
          })()
        : undefined;
      const dgain = needs[1] ? unbroadcast(g, g.mul(gy, xn), g.shape(gain)) : undefined;
      return [dx, dgain];
    },
  );
}

/** SiLU: u·sigmoid(u). Backward: dy·s·(1 + u·(1 − s)). */
export function silu(g: Graph, u: string, composites = true): string {
  if (!composites) return g.mul(u, g.unary('Sigmoid', u));
  let s = '';
  let y = '';
  return composite(
    g,
    [u],
    () => {
      s = g.unary('Sigmoid', u);
      y = g.mul(u, s);
      return y;
    },
    // silu'(u) = s·(1 + u·(1−s)) = s + y·(1−s): 3 elementwise passes instead of 4.
    (gy) => [g.mul(gy, g.add(s, g.mul(y, g.sub(g.scalar(1), s))))],
  );
}

/**
 * a·bᵀ over the last two axes (batched, same batch dims): y = MatMul(a, Transpose(b)).
 * Backward without transposing any result: da = gy·b, db = gyᵀ·a (onnxruntime folds the Transpose of
 * gy into its FusedMatMul). The primitive rules would emit db = Transpose(aᵀ·gy), an extra copy.
 */
export function matmulNT(g: Graph, a: string, b: string, composites = true): string {
  const r = g.shape(b).length;
  const perm = [...Array(r).keys()];
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  const fwd = () => g.matmul(a, g.transpose(b, perm));
  if (!composites) return fwd();
  if (g.shape(a).length !== r || g.shape(a).slice(0, -2).some((d, i) => d !== g.shape(b)[i])) throw new GraphBuildError('matmulNT: a and b need the same batch dims');
  return composite(g, [a, b], fwd, (gy, needs) => [needs[0] ? g.matmul(gy, b) : undefined, needs[1] ? g.matmul(g.transpose(gy, perm), a) : undefined]);
}

const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;

/**
 * tanh-GELU: 0.5·u·(1 + tanh(c·(u + a·u³))), c = √(2/π), a = 0.044715.
 * Backward: dy·(0.5·(1+t) + 0.5·u·(1−t²)·c·(1 + 3a·u²)).
 */
export function geluTanh(g: Graph, u: string, composites = true): string {
  let t = '';
  let u2 = '';
  const fwd = () => {
    u2 = g.mul(u, u);
    const inner = g.mul(g.scalar(GELU_C), g.add(u, g.mul(g.scalar(GELU_A), g.mul(u2, u))));
    t = g.unary('Tanh', inner);
    return g.mul(g.mul(g.scalar(0.5), u), g.add(g.scalar(1), t));
  };
  if (!composites) return fwd();
  return composite(g, [u], fwd, (gy) => {
    const half = g.scalar(0.5);
    const a = g.mul(half, g.add(g.scalar(1), t));
    const dInner = g.mul(g.scalar(GELU_C), g.add(g.scalar(1), g.mul(g.scalar(3 * GELU_A), u2)));
    const b = g.mul(g.mul(half, u), g.mul(g.sub(g.scalar(1), g.mul(t, t)), dInner));
    return [g.mul(gy, g.add(a, b))];
  });
}
