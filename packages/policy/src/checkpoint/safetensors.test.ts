import { describe, expect, it } from 'vitest';
import { CheckpointError } from './errors.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';

const tensors = [
  { name: 'a', shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) },
  { name: 'b.c', shape: [1], data: Float32Array.from([-0.5]) },
  { name: 'empty', shape: [0, 4], data: new Float32Array(0) },
];

function kindOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CheckpointError);
    return (e as CheckpointError).kind;
  }
  return 'no error';
}

describe('safetensors', () => {
  it('follows the format: u64 LE header length, 8-aligned JSON header, F32 data_offsets', () => {
    const bytes = encodeSafetensors(tensors, { format: 'pt' });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header.__metadata__).toEqual({ format: 'pt' });
    expect(header.a).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
    expect(header['b.c']).toEqual({ dtype: 'F32', shape: [1], data_offsets: [24, 28] });
    expect(bytes.length).toBe(8 + n + 28);
    expect(new DataView(bytes.buffer).getFloat32(8 + n + 24, true)).toBe(-0.5);
  });

  it('round-trips tensors (including subarray views) and metadata', () => {
    const big = Float32Array.from({ length: 10 }, (_, i) => i / 3);
    const view = { name: 'view', shape: [5], data: big.subarray(3, 8) };
    const out = decodeSafetensors(encodeSafetensors([...tensors, view], { k: 'v' }));
    expect(out.metadata).toEqual({ k: 'v' });
    expect(out.tensors.get('a')!.shape).toEqual([2, 3]);
    expect(Array.from(out.tensors.get('a')!.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(out.tensors.get('view')!.data)).toEqual(Array.from(big.subarray(3, 8)));
    expect(out.tensors.get('empty')!.data.length).toBe(0);
  });

  it('detects truncation, bad header length, bad JSON, wrong sizes and trailing bytes', () => {
    const good = encodeSafetensors(tensors);
    expect(kindOf(() => decodeSafetensors(good.subarray(0, 5)))).toBe('corrupt');
    expect(kindOf(() => decodeSafetensors(good.subarray(0, good.length - 4)))).toBe('corrupt');
    const badLen = good.slice();
    new DataView(badLen.buffer).setBigUint64(0, 1n << 40n, true);
    expect(kindOf(() => decodeSafetensors(badLen))).toBe('corrupt');
    const badJson = good.slice();
    badJson[9] = 0x7b; // '{' inside the header
    badJson[10] = 0x7b;
    expect(kindOf(() => decodeSafetensors(badJson))).toBe('corrupt');
    const trailing = new Uint8Array(good.length + 4);
    trailing.set(good);
    expect(kindOf(() => decodeSafetensors(trailing))).toBe('corrupt');
    expect(() => decodeSafetensors(good.subarray(0, good.length - 4), '/x/model.safetensors')).toThrow(/\/x\/model.safetensors.*ends at byte/);
  });

  it('rejects non-F32 dtypes and shape/data disagreements on write', () => {
    const hdr = new TextEncoder().encode(JSON.stringify({ x: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } }));
    const bytes = new Uint8Array(8 + hdr.length + 4);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(hdr.length), true);
    bytes.set(hdr, 8);
    expect(kindOf(() => decodeSafetensors(bytes))).toBe('unsupported');
    expect(kindOf(() => encodeSafetensors([{ name: 'x', shape: [3], data: new Float32Array(2) }]))).toBe('shape-mismatch');
    expect(kindOf(() => encodeSafetensors([tensors[0]!, tensors[0]!]))).toBe('unsupported');
  });
});
