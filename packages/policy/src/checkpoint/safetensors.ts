/**
 * The safetensors format (https://huggingface.co/docs/safetensors), written and read here without a
 * dependency, for float32 tensors only:
 *
 *   [u64 little-endian N][N bytes JSON header, space-padded to 8-byte alignment][raw data]
 *   header = { "<name>": { "dtype": "F32", "shape": [...], "data_offsets": [begin, end] }, ...,
 *              "__metadata__"?: { string: string } }
 *   offsets are byte offsets into the raw data, little-endian float32 values.
 *
 * `decodeSafetensors` checks everything (header bounds, JSON, dtype, shape vs byte length, offsets
 * in range and non-overlapping, no trailing garbage) and throws CheckpointError('corrupt') naming the
 * problem, so a truncated or damaged file never loads silently.
 */
import { CheckpointError } from './errors.js';

export interface NamedTensor {
  name: string;
  shape: number[];
  /** Row-major values; length = product(shape). */
  data: Float32Array;
}

export interface SafetensorsContent {
  tensors: Map<string, { shape: number[]; data: Float32Array }>;
  metadata: Record<string, string>;
}

const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function encodeSafetensors(tensors: readonly NamedTensor[], metadata: Record<string, string> = {}): Uint8Array {
  if (!LE) throw new CheckpointError('unsupported', '<safetensors>', 'big-endian hosts are not supported');
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header['__metadata__'] = metadata;
  let offset = 0;
  const seen = new Set<string>();
  for (const t of tensors) {
    if (seen.has(t.name) || t.name === '__metadata__') throw new CheckpointError('unsupported', '<safetensors>', `duplicate or reserved tensor name '${t.name}'`);
    seen.add(t.name);
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (size !== t.data.length) throw new CheckpointError('shape-mismatch', '<safetensors>', `tensor '${t.name}' has ${t.data.length} values but shape [${t.shape}] needs ${size}`);
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + 4 * size] };
    offset += 4 * size;
  }
  let json = JSON.stringify(header);
  const enc = new TextEncoder();
  let hb = enc.encode(json);
  const pad = (8 - (hb.length % 8)) % 8;
  if (pad) {
    json += ' '.repeat(pad);
    hb = enc.encode(json);
  }
  const out = new Uint8Array(8 + hb.length + offset);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(0, BigInt(hb.length), true);
  out.set(hb, 8);
  let pos = 8 + hb.length;
  for (const t of tensors) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), pos);
    pos += t.data.byteLength;
  }
  return out;
}

export function decodeSafetensors(bytes: Uint8Array, path = '<safetensors>'): SafetensorsContent {
  const corrupt = (msg: string) => new CheckpointError('corrupt', path, `${msg}. The file is damaged or truncated: restore it or load an earlier checkpoint`);
  if (bytes.length < 8) throw corrupt(`only ${bytes.length} bytes, shorter than the 8-byte header length`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n64 = dv.getBigUint64(0, true);
  if (n64 > BigInt(bytes.length - 8)) throw corrupt(`header length ${n64} exceeds the ${bytes.length - 8} bytes after it`);
  const n = Number(n64);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    throw corrupt(`header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw corrupt('header is not a JSON object');
  const dataStart = 8 + n;
  const dataLen = bytes.length - dataStart;
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  let metadata: Record<string, string> = {};
  const ranges: [number, number, string][] = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof raw !== 'object' || raw === null) throw corrupt('__metadata__ is not an object');
      metadata = raw as Record<string, string>;
      continue;
    }
    const info = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (info.dtype !== 'F32') throw new CheckpointError('unsupported', path, `tensor '${name}' has dtype ${String(info.dtype)}; only F32 is supported`);
    const shape = info.shape;
    const offs = info.data_offsets;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw corrupt(`tensor '${name}' has an invalid shape ${JSON.stringify(shape)}`);
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((d) => Number.isInteger(d) && d >= 0)) throw corrupt(`tensor '${name}' has invalid data_offsets ${JSON.stringify(offs)}`);
    const [b, e] = offs as [number, number];
    const size = (shape as number[]).reduce((a, c) => a * c, 1);
    if (e < b || e - b !== 4 * size) throw corrupt(`tensor '${name}' spans ${e - b} bytes but shape [${shape}] needs ${4 * size}`);
    if (e > dataLen) throw corrupt(`tensor '${name}' ends at byte ${e} of the data section, which has only ${dataLen} bytes`);
    ranges.push([b, e, name]);
    const copy = bytes.slice(dataStart + b, dataStart + e); // aligned copy
    tensors.set(name, { shape: shape as number[], data: new Float32Array(copy.buffer, 0, size) });
  }
  ranges.sort((x, y) => x[0] - y[0]);
  let end = 0;
  for (const [b, e, name] of ranges) {
    if (b < end) throw corrupt(`tensor '${name}' overlaps the previous tensor`);
    end = e;
  }
  if (end !== dataLen) throw corrupt(`data section has ${dataLen} bytes but the tensors cover ${end}`);
  return { tensors, metadata };
}
