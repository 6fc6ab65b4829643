import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Rng } from '@prorl/rl-core';
import { resolveModelConfig } from '../model/config.js';
import { ParamLayout } from '../model/params.js';
import { AdamW } from '../optim/adamw.js';
import { loadCheckpoint, saveCheckpoint, type CheckpointData } from './checkpoint.js';
import { CharTokenizer } from '../tokenizer/char.js';
import { tokenizerFromJSON } from '../tokenizer/registry.js';
import { CheckpointError } from './errors.js';
import { encodeSafetensors } from './safetensors.js';

const cfg = resolveModelConfig({ vocabSize: 11, dModel: 8, nHeads: 2, nLayers: 2, maxSeqLen: 16 });
const layout = new ParamLayout(cfg);
let root: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'prorl-ckpt-'));
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

function makeData(seed: number): CheckpointData {
  const rng = new Rng(seed);
  const params = layout.init(rng);
  const opt = new AdamW(layout.totalSize);
  opt.update(Float32Array.from(params), Float32Array.from({ length: layout.totalSize }, () => rng.normal()));
  rng.normal(); // leaves a cached spare normal in the state
  return { config: cfg, params, step: 7 + seed, optimizer: opt.state(), rng: rng.state(), tokenizer: { kind: 'char', alphabet: 'ab' }, metadata: { run: 'test', seed } };
}

async function errKind(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CheckpointError);
    return (e as CheckpointError).kind;
  }
  return 'no error';
}

describe('checkpoints', () => {
  it('round-trips weights, optimizer state, RNG state, step, tokenizer and metadata', async () => {
    const dir = path.join(root, 'rt');
    const data = makeData(1);
    await saveCheckpoint(dir, data);
    expect((await fs.readdir(dir)).sort()).toEqual(['config.json', 'model.safetensors', 'optimizer.safetensors', 'tokenizer.json']);
    const back = await loadCheckpoint(dir, { expectConfig: cfg });
    expect(back.config).toEqual(cfg);
    expect(back.step).toBe(8);
    expect(Array.from(back.params)).toEqual(Array.from(data.params));
    expect(back.optimizer!.step).toBe(1);
    expect(Array.from(back.optimizer!.m)).toEqual(Array.from(data.optimizer!.m));
    expect(Array.from(back.optimizer!.v)).toEqual(Array.from(data.optimizer!.v));
    expect(back.tokenizer).toEqual(data.tokenizer);
    expect(back.metadata).toEqual(data.metadata);
    // the RNG resumes the same stream
    const a = new Rng(data.rng!);
    const b = new Rng(back.rng!);
    expect([a.normal(), a.next(), a.normal()]).toEqual([b.normal(), b.next(), b.normal()]);
    // minimal checkpoint: no optimizer, rng, tokenizer
    await saveCheckpoint(path.join(root, 'min'), { config: cfg, params: data.params, step: 0 });
    const min = await loadCheckpoint(path.join(root, 'min'));
    expect(min.optimizer).toBeUndefined();
    expect(min.rng).toBeUndefined();
    expect(min.tokenizer).toBeUndefined();
  });

  it('stores a real tokenizer that rebuilds with the same ids', async () => {
    const tok = new CharTokenizer();
    tok.addSpecialTokens(['<a_1>', '<a_2>']);
    const dir = path.join(root, 'tok');
    await saveCheckpoint(dir, { ...makeData(4), tokenizer: tok.toJSON() });
    const back = tokenizerFromJSON((await loadCheckpoint(dir)).tokenizer);
    expect(back.vocabSize).toBe(102);
    expect(back.encode('hi<a_2>')).toEqual(tok.encode('hi<a_2>'));
  });

  it('replaces an existing checkpoint and leaves no temp or backup directories', async () => {
    const dir = path.join(root, 'replace');
    await saveCheckpoint(dir, makeData(1));
    await saveCheckpoint(dir, makeData(2));
    expect((await loadCheckpoint(dir)).step).toBe(9);
    expect((await fs.readdir(root)).filter((n) => n.startsWith('.replace'))).toEqual([]);
  });

  it('reports every config difference by field', async () => {
    const dir = path.join(root, 'cfg');
    await saveCheckpoint(dir, makeData(1));
    const other = resolveModelConfig({ ...cfg, dModel: 16, mlp: 'gelu', dFF: 64 });
    const err = await loadCheckpoint(dir, { expectConfig: other }).catch((e: unknown) => e as CheckpointError);
    expect(err).toBeInstanceOf(CheckpointError);
    expect((err as CheckpointError).kind).toBe('config-mismatch');
    expect((err as CheckpointError).message).toMatch(/dModel: checkpoint 8, expected 16/);
    expect((err as CheckpointError).message).toMatch(/mlp: checkpoint "swiglu", expected "gelu"/);
    expect((err as CheckpointError).message).toMatch(/dFF: checkpoint 24, expected 64/);
  });

  it('names the exact tensor whose shape mismatches, is missing, or is unexpected', async () => {
    const dir = path.join(root, 'shape');
    const data = makeData(1);
    await saveCheckpoint(dir, data);
    const tensors = layout.entries
      .filter((e) => e.name !== 'l1.wk')
      .map((e) => (e.name === 'l0.wq' ? { name: e.name, shape: [4, 16], data: new Float32Array(64) } : { name: e.name, shape: e.shape, data: data.params.subarray(e.offset, e.offset + e.size) }));
    tensors.push({ name: 'extra', shape: [1], data: new Float32Array(1) });
    await fs.writeFile(path.join(dir, 'model.safetensors'), encodeSafetensors(tensors));
    const err = (await loadCheckpoint(dir).catch((e: unknown) => e)) as CheckpointError;
    expect(err.kind).toBe('shape-mismatch');
    expect(err.message).toMatch(/'l0.wq' has shape \[4,16\], expected \[8,8\]/);
    expect(err.message).toMatch(/missing 'l1.wk' \[8,8\]/);
    expect(err.message).toMatch(/unexpected tensor 'extra'/);
  });

  it('gives a typed error for truncated or corrupted files and missing directories', async () => {
    const dir = path.join(root, 'corrupt');
    await saveCheckpoint(dir, makeData(1));
    const w = path.join(dir, 'model.safetensors');
    const bytes = await fs.readFile(w);
    await fs.writeFile(w, bytes.subarray(0, bytes.length - 100));
    expect(await errKind(loadCheckpoint(dir))).toBe('corrupt');
    await fs.writeFile(w, bytes);
    await fs.writeFile(path.join(dir, 'optimizer.safetensors'), new Uint8Array(3));
    expect(await errKind(loadCheckpoint(dir))).toBe('corrupt');
    await fs.writeFile(path.join(dir, 'config.json'), '{"format": "prorl-checkpoint", ');
    expect(await errKind(loadCheckpoint(dir))).toBe('corrupt');
    expect(await errKind(loadCheckpoint(path.join(root, 'nope')))).toBe('missing');
    await fs.rm(path.join(dir, 'config.json'));
    expect(await errKind(loadCheckpoint(dir))).toBe('missing');
  });

  it('an interrupted write never damages the last good checkpoint', async () => {
    const dir = path.join(root, 'crash');
    const good = makeData(1);
    await saveCheckpoint(dir, good);
    // crash while writing: a half-written temp directory is left behind
    const tmp = path.join(root, `.crash.tmp-99999-1-0`);
    await fs.mkdir(tmp);
    await fs.writeFile(path.join(tmp, 'config.json'), '{"trunc');
    await fs.writeFile(path.join(tmp, 'model.safetensors'), new Uint8Array(10));
    const loaded = await loadCheckpoint(dir);
    expect(loaded.step).toBe(good.step);
    expect(Array.from(loaded.params)).toEqual(Array.from(good.params));
    // crash between the two renames: only the backup of the previous checkpoint exists
    await fs.rename(dir, path.join(root, '.crash.old-99999-2-0'));
    expect((await loadCheckpoint(dir)).step).toBe(good.step);
    // the next save succeeds and cleans both leftovers
    await saveCheckpoint(dir, makeData(3));
    expect((await loadCheckpoint(dir)).step).toBe(10);
    expect((await fs.readdir(root)).filter((n) => n.startsWith('.crash'))).toEqual([]);
  });

  it('refuses to save inconsistent data', async () => {
    const data = makeData(1);
    expect(await errKind(saveCheckpoint(path.join(root, 'bad'), { ...data, params: new Float32Array(5) }))).toBe('shape-mismatch');
    expect(await errKind(saveCheckpoint(path.join(root, 'bad'), { ...data, step: -1 }))).toBe('unsupported');
    expect(await fs.readdir(root)).not.toContain('bad');
  });
});
