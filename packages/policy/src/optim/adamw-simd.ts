/**
 * The AdamW update as a WebAssembly SIMD kernel (f32x4), the fast path of `AdamW` (`./adamw.ts`).
 *
 * Why: the scalar JS loop costs 5–10 ns per parameter (the ORT training probe measured 87 ms per
 * step at 11M parameters, twice PyTorch's optimizer). Four lanes per instruction make the update
 * memory-bound instead.
 *
 * Layout of the kernel's own linear memory (grown once, at construction, never again, so the
 * Float32Array views stay valid):
 *   [ m: P4 floats | v: P4 floats | p scratch: CHUNK | g scratch: CHUNK ]     (P4 = P rounded up to 4)
 * The moments live in wasm memory for good; parameters and gradients stay in the caller's buffers and
 * pass through the scratch in chunks of CHUNK floats, which stay in cache, so the memory traffic is
 * that of an in-place loop.
 *
 * The arithmetic is float32 (as PyTorch's AdamW on float32 tensors), in this order per element:
 *   m ← b1·m + c1·g;  v ← b2·v + (c2·g)·g;  p ← p·decay;  p ← p − (stepSize·m) / (sqrt(v)·invBc2Sqrt + eps)
 * The scalar tail (n mod 4 elements) runs the same f32 ops, so every element gets bit-identical math.
 *
 * The module is hand-assembled below (a few hundred bytes; no toolchain): one function `step` and
 * one function `nonFinite` (sum of g − g: 0 when every entry is finite, NaN otherwise).
 */

/** Floats per scratch chunk (64 KiB per array). */
export const SIMD_CHUNK = 16384;

/** Scalars of one update (see file doc). */
export interface AdamWScalars {
  b1: number;
  c1: number;
  b2: number;
  c2: number;
  stepSize: number;
  invBc2Sqrt: number;
  eps: number;
}

// ---- a tiny WebAssembly assembler ------------------------------------------------------------

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
};
const str = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (d: number) => [0x0c, ...uleb(d)],
  brIf: (d: number) => [0x0d, ...uleb(d)],
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (x: number) => [0x41, ...sleb(x)],
  i32Add: [0x6a],
  i32And: [0x71],
  i32Shl: [0x74],
  i32GeU: [0x4f],
  f32Load: [0x2a, 0x00, 0x00],
  f32Store: [0x38, 0x00, 0x00],
  f32Add: [0x92],
  f32Sub: [0x93],
  f32Mul: [0x94],
  f32Div: [0x95],
  f32Sqrt: [0x91],
  f32Const0: [0x43, 0, 0, 0, 0],
  v128Load: [0xfd, 0x00, 0x00, 0x00],
  v128Store: [0xfd, 0x0b, 0x00, 0x00],
  f32x4Splat: [0xfd, 0x13],
  f32x4Lane: (l: number) => [0xfd, 0x1f, l],
  f32x4Sqrt: [0xfd, 0xe3, 0x01],
  f32x4Add: [0xfd, 0xe4, 0x01],
  f32x4Sub: [0xfd, 0xe5, 0x01],
  f32x4Mul: [0xfd, 0xe6, 0x01],
  f32x4Div: [0xfd, 0xe7, 0x01],
};

/** `for (i = start; i < end; i += stride) body` over byte offsets in local `i`. */
const loopTo = (i: number, end: number, stride: number, body: number[]): number[] => [
  ...op.block,
  ...op.loop,
  ...op.get(i), ...op.get(end), ...op.i32GeU, ...op.brIf(1),
  ...body,
  ...op.get(i), ...op.i32(stride), ...op.i32Add, ...op.set(i),
  ...op.br(0),
  ...op.end,
  ...op.end,
];

/** Byte address `base + i` (locals). */
const at = (base: number, i: number): number[] => [...op.get(base), ...op.get(i), ...op.i32Add];

function stepBody(): number[] {
  // params: 0 p, 1 g, 2 m, 3 v (byte addresses), 4 n (floats); 5 b1, 6 c1, 7 b2, 8 c2, 9 stepSize,
  // 10 invBc2Sqrt, 11 eps, 12 decay (f32). locals: 13 i, 14 end4, 15 end (i32); 16..23 splats of
  // 5..12, 24 g, 25 m, 26 v (v128); 27 g, 28 m, 29 v (f32).
  const [p, g, m, v, n] = [0, 1, 2, 3, 4];
  const [b1, c1, b2, c2, ss, ibc, eps, dec] = [5, 6, 7, 8, 9, 10, 11, 12];
  const [i, end4, end] = [13, 14, 15];
  const S = (k: number) => 16 + (k - 5); // splat of param k
  const [gv, mv, vv] = [24, 25, 26];
  const [gs, ms, vs] = [27, 28, 29];
  const locals = vec([
    [...uleb(3), I32],
    [...uleb(11), V128],
    [...uleb(3), F32],
  ]);
  const prologue = [
    ...op.get(n), ...op.i32(2), ...op.i32Shl, ...op.set(end),
    ...op.get(n), ...op.i32(-4), ...op.i32And, ...op.i32(2), ...op.i32Shl, ...op.set(end4),
    ...[b1, c1, b2, c2, ss, ibc, eps, dec].flatMap((k) => [...op.get(k), ...op.f32x4Splat, ...op.set(S(k))]),
  ];
  const simd = loopTo(i, end4, 16, [
    ...at(g, i), ...op.v128Load, ...op.set(gv),
    // m ← b1·m + c1·g
    ...at(m, i),
    ...op.get(S(b1)), ...at(m, i), ...op.v128Load, ...op.f32x4Mul,
    ...op.get(S(c1)), ...op.get(gv), ...op.f32x4Mul, ...op.f32x4Add, ...op.tee(mv),
    ...op.v128Store,
    // v ← b2·v + (c2·g)·g
    ...at(v, i),
    ...op.get(S(b2)), ...at(v, i), ...op.v128Load, ...op.f32x4Mul,
    ...op.get(S(c2)), ...op.get(gv), ...op.f32x4Mul, ...op.get(gv), ...op.f32x4Mul, ...op.f32x4Add, ...op.tee(vv),
    ...op.v128Store,
    // p ← p·decay − (stepSize·m) / (sqrt(v)·invBc2Sqrt + eps)
    ...at(p, i),
    ...at(p, i), ...op.v128Load, ...op.get(S(dec)), ...op.f32x4Mul,
    ...op.get(S(ss)), ...op.get(mv), ...op.f32x4Mul,
    ...op.get(vv), ...op.f32x4Sqrt, ...op.get(S(ibc)), ...op.f32x4Mul, ...op.get(S(eps)), ...op.f32x4Add,
    ...op.f32x4Div, ...op.f32x4Sub,
    ...op.v128Store,
  ]);
  const scalar = loopTo(i, end, 4, [
    ...at(g, i), ...op.f32Load, ...op.set(gs),
    ...at(m, i),
    ...op.get(b1), ...at(m, i), ...op.f32Load, ...op.f32Mul,
    ...op.get(c1), ...op.get(gs), ...op.f32Mul, ...op.f32Add, ...op.tee(ms),
    ...op.f32Store,
    ...at(v, i),
    ...op.get(b2), ...at(v, i), ...op.f32Load, ...op.f32Mul,
    ...op.get(c2), ...op.get(gs), ...op.f32Mul, ...op.get(gs), ...op.f32Mul, ...op.f32Add, ...op.tee(vs),
    ...op.f32Store,
    ...at(p, i),
    ...at(p, i), ...op.f32Load, ...op.get(dec), ...op.f32Mul,
    ...op.get(ss), ...op.get(ms), ...op.f32Mul,
    ...op.get(vs), ...op.f32Sqrt, ...op.get(ibc), ...op.f32Mul, ...op.get(eps), ...op.f32Add,
    ...op.f32Div, ...op.f32Sub,
    ...op.f32Store,
  ]);
  // i starts at 0 (locals are zero-initialised); the scalar loop continues from end4.
  const body = [...locals, ...prologue, ...simd, ...scalar, ...op.end];
  return [...uleb(body.length), ...body];
}

function nonFiniteBody(): number[] {
  // params: 0 g (byte address), 1 n (floats). locals: 2 i, 3 end4, 4 end (i32), 5 acc, 6 x (v128), 7 s (f32).
  const [g, n, i, end4, end, acc, x, s] = [0, 1, 2, 3, 4, 5, 6, 7];
  const locals = vec([
    [...uleb(3), I32],
    [...uleb(2), V128],
    [...uleb(1), F32],
  ]);
  const body = [
    ...locals,
    ...op.get(n), ...op.i32(2), ...op.i32Shl, ...op.set(end),
    ...op.get(n), ...op.i32(-4), ...op.i32And, ...op.i32(2), ...op.i32Shl, ...op.set(end4),
    ...loopTo(i, end4, 16, [...op.get(acc), ...at(g, i), ...op.v128Load, ...op.tee(x), ...op.get(x), ...op.f32x4Sub, ...op.f32x4Add, ...op.set(acc)]),
    ...loopTo(i, end, 4, [...op.get(s), ...at(g, i), ...op.f32Load, ...at(g, i), ...op.f32Load, ...op.f32Sub, ...op.f32Add, ...op.set(s)]),
    ...op.get(s),
    ...[0, 1, 2, 3].flatMap((l) => [...op.get(acc), ...op.f32x4Lane(l), ...op.f32Add]),
    ...op.end,
  ];
  return [...uleb(body.length), ...body];
}

/** The module bytes (imports its memory as env.mem). */
export function adamwSimdModule(): Uint8Array {
  const types = vec([
    [0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [F32], [F32], [F32], [F32], [F32], [F32], [F32], [F32]]), ...vec([])],
    [0x60, ...vec([[I32], [I32]]), ...vec([[F32]])],
  ]);
  const imports = vec([[...str('env'), ...str('mem'), 0x02, 0x00, ...uleb(1)]]);
  const funcs = vec([[0x00], [0x01]]);
  const exports = vec([
    [...str('step'), 0x00, 0x00],
    [...str('nonFinite'), 0x00, 0x01],
  ]);
  const code = [...uleb(2), ...stepBody(), ...nonFiniteBody()];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, types),
    ...section(2, imports),
    ...section(3, funcs),
    ...section(7, exports),
    ...section(10, code),
  ]);
}

/** The part of the WebAssembly JS API used here (the repo's `lib` setting has no DOM/wasm value types). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (mod: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
}
type WasmModule = { readonly __wasmModule?: never };
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: WasmModule | null | undefined;
/** The compiled module, or null where WebAssembly SIMD is unavailable (then `AdamW` uses its JS loop). */
export function simdModule(): WasmModule | null {
  if (compiled === undefined) {
    try {
      const bytes = adamwSimdModule();
      compiled = wasm && wasm.validate(bytes) ? new wasm.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled ?? null;
}

type StepFn = (p: number, g: number, m: number, v: number, n: number, b1: number, c1: number, b2: number, c2: number, ss: number, ibc: number, eps: number, decay: number) => void;

/**
 * AdamW moments for P parameters in wasm memory, and the SIMD update over caller buffers.
 * `m` and `v` are live views of the state (copy them to keep a snapshot).
 */
export class AdamWSimdKernel {
  readonly m: Float32Array;
  readonly v: Float32Array;
  private readonly pScratch: Float32Array;
  private readonly gScratch: Float32Array;
  private readonly stepFn: StepFn;
  private readonly nonFiniteFn: (g: number, n: number) => number;
  private readonly mAddr: number;
  private readonly vAddr: number;
  private readonly pAddr: number;
  private readonly gAddr: number;

  /** Throws when WebAssembly SIMD is unavailable; check `simdModule()` first. */
  constructor(readonly size: number) {
    const mod = simdModule();
    if (!mod || !wasm) throw new Error('WebAssembly SIMD is not available in this runtime');
    const P4 = Math.ceil(size / 4) * 4;
    const bytes = (2 * P4 + 2 * SIMD_CHUNK) * 4;
    const memory = new wasm.Memory({ initial: Math.ceil(bytes / 65536) });
    const inst = new wasm.Instance(mod, { env: { mem: memory } });
    this.stepFn = inst.exports.step as StepFn;
    this.nonFiniteFn = inst.exports.nonFinite as (g: number, n: number) => number;
    this.mAddr = 0;
    this.vAddr = P4 * 4;
    this.pAddr = 2 * P4 * 4;
    this.gAddr = this.pAddr + SIMD_CHUNK * 4;
    const buf = memory.buffer;
    this.m = new Float32Array(buf, this.mAddr, size);
    this.v = new Float32Array(buf, this.vAddr, size);
    this.pScratch = new Float32Array(buf, this.pAddr, SIMD_CHUNK);
    this.gScratch = new Float32Array(buf, this.gAddr, SIMD_CHUNK);
  }

  /** Index of the first non-finite entry of `grads` (length P), or −1 when all are finite. */
  firstNonFinite(grads: Float32Array): number {
    for (let s = 0; s < this.size; s += SIMD_CHUNK) {
      const n = Math.min(SIMD_CHUNK, this.size - s);
      this.gScratch.set(grads.subarray(s, s + n));
      if (!Number.isFinite(this.nonFiniteFn(this.gAddr, n))) {
        for (let i = s; i < s + n; i++) if (!Number.isFinite(grads[i]!)) return i;
      }
    }
    return -1;
  }

  /** Updates params[start, end) and the moments there; `decay` = 1 − lr·λ (or 1 where not decayed). */
  update(params: Float32Array, grads: Float32Array, start: number, end: number, k: AdamWScalars, decay: number): void {
    for (let s = start; s < end; s += SIMD_CHUNK) {
      const n = Math.min(SIMD_CHUNK, end - s);
      this.pScratch.set(params.subarray(s, s + n));
      this.gScratch.set(grads.subarray(s, s + n));
      this.stepFn(this.pAddr, this.gAddr, this.mAddr + 4 * s, this.vAddr + 4 * s, n, k.b1, k.c1, k.b2, k.c2, k.stepSize, k.invBc2Sqrt, k.eps, decay);
      params.set(n === SIMD_CHUNK ? this.pScratch : this.pScratch.subarray(0, n), s);
    }
  }
}
