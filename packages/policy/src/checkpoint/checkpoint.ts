/**
 * Checkpoints: one directory per checkpoint,
 *
 *   <dir>/config.json          { format, version, step, model: ModelConfig, rng, optimizer, metadata }
 *   <dir>/model.safetensors    one F32 tensor per parameter name (ParamLayout names and shapes)
 *   <dir>/optimizer.safetensors  AdamW moments "m" [P] and "v" [P] (flat, ParamLayout order), optional
 *   <dir>/tokenizer.json       serialised tokenizer, optional
 *
 * Atomic save: everything is written into `<parent>/.<name>.tmp-<pid>-<n>`, each file fsynced, the temp
 * directory fsynced; then an existing `<dir>` is renamed to `<parent>/.<name>.old-<pid>-<n>`, the temp
 * directory renamed to `<dir>`, the parent fsynced, and the old copy deleted. A crash at any point
 * leaves either the previous checkpoint at `<dir>` or, between the two renames, the previous one at
 * `.old-*`, which `loadCheckpoint` falls back to. Leftover `.tmp-*` directories are never read, and
 * the next save removes them. Concurrent saves to the same `<dir>` are not supported.
 *
 * Load validates: config.json parses and is a valid model config, equals the expected config when one
 * is given (every differing field is listed), every parameter exists with its exact shape, nothing
 * extra, optimizer moments have P entries; damaged files raise CheckpointError('corrupt').
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { RngState } from '@prorl/rl-core';
import { resolveModelConfig, type ModelConfig } from '../model/config.js';
import { ParamLayout } from '../model/params.js';
import type { AdamWState } from '../optim/adamw.js';
import { CheckpointError } from './errors.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';

export const CHECKPOINT_FORMAT = 'prorl-checkpoint';
export const CHECKPOINT_VERSION = 1;

export interface CheckpointData {
  /** Model config (validated with resolveModelConfig on load). */
  config: ModelConfig;
  /** All weights, flat, ParamLayout order [P]. */
  params: Float32Array;
  /** Training step the checkpoint was taken at. */
  step: number;
  /** AdamW state, if saved. */
  optimizer?: AdamWState;
  /** State of the run's generator (`Rng.state()`), if saved. */
  rng?: RngState;
  /** Serialised tokenizer (any JSON value, e.g. `tokenizer.toJSON()`), if saved. */
  tokenizer?: unknown;
  /** Free-form JSON metadata (run config, metrics, ...). */
  metadata?: Record<string, unknown>;
}

interface ConfigFile {
  format: string;
  version: number;
  step: number;
  model: ModelConfig;
  rng: RngState | null;
  optimizer: { step: number } | null;
  hasTokenizer: boolean;
  metadata: Record<string, unknown>;
}

let tmpCounter = 0;

async function writeFileSynced(file: string, data: Uint8Array | string): Promise<void> {
  const fh = await fs.open(file, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await fs.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.stat(p);
    return true;
  } catch {
    return false;
  }
}

/** Sibling temp/backup directories of a checkpoint dir, by kind. */
async function siblings(dir: string, kind: 'tmp' | 'old'): Promise<string[]> {
  const parent = path.dirname(dir);
  const prefix = `.${path.basename(dir)}.${kind}-`;
  let names: string[] = [];
  try {
    names = await fs.readdir(parent);
  } catch {
    return [];
  }
  return names.filter((n) => n.startsWith(prefix)).map((n) => path.join(parent, n));
}

function checkData(data: CheckpointData, dir: string): ParamLayout {
  const config = resolveModelConfig(data.config);
  const layout = new ParamLayout(config);
  if (data.params.length !== layout.totalSize) {
    throw new CheckpointError('shape-mismatch', dir, `params has ${data.params.length} floats, the model config needs ${layout.totalSize}`);
  }
  if (data.optimizer && (data.optimizer.m.length !== layout.totalSize || data.optimizer.v.length !== layout.totalSize)) {
    throw new CheckpointError('shape-mismatch', dir, `optimizer state has m ${data.optimizer.m.length} / v ${data.optimizer.v.length} entries, the model has ${layout.totalSize}`);
  }
  if (!Number.isInteger(data.step) || data.step < 0) throw new CheckpointError('unsupported', dir, `step must be an integer >= 0, got ${data.step}`);
  return layout;
}

/** Writes a checkpoint atomically to `dir` (replacing an existing one). */
export async function saveCheckpoint(dir: string, data: CheckpointData): Promise<void> {
  const target = path.resolve(dir);
  const layout = checkData(data, target);
  const parent = path.dirname(target);
  await fs.mkdir(parent, { recursive: true });
  for (const stale of await siblings(target, 'tmp')) await fs.rm(stale, { recursive: true, force: true });
  const tag = `${process.pid}-${Date.now()}-${tmpCounter++}`;
  const tmp = path.join(parent, `.${path.basename(target)}.tmp-${tag}`);
  await fs.mkdir(tmp);
  const cfgFile: ConfigFile = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    step: data.step,
    model: layout.config,
    rng: data.rng ?? null,
    optimizer: data.optimizer ? { step: data.optimizer.step } : null,
    hasTokenizer: data.tokenizer !== undefined,
    metadata: data.metadata ?? {},
  };
  await writeFileSynced(path.join(tmp, 'config.json'), JSON.stringify(cfgFile, null, 2) + '\n');
  const weights = layout.entries.map((e) => ({ name: e.name, shape: e.shape, data: data.params.subarray(e.offset, e.offset + e.size) }));
  await writeFileSynced(path.join(tmp, 'model.safetensors'), encodeSafetensors(weights, { format: 'pt' }));
  if (data.optimizer) {
    const P = layout.totalSize;
    const opt = encodeSafetensors(
      [
        { name: 'm', shape: [P], data: data.optimizer.m },
        { name: 'v', shape: [P], data: data.optimizer.v },
      ],
      { step: String(data.optimizer.step) },
    );
    await writeFileSynced(path.join(tmp, 'optimizer.safetensors'), opt);
  }
  if (data.tokenizer !== undefined) await writeFileSynced(path.join(tmp, 'tokenizer.json'), JSON.stringify(data.tokenizer) + '\n');
  await fsyncDir(tmp);
  let old: string | null = null;
  if (await exists(target)) {
    old = path.join(parent, `.${path.basename(target)}.old-${tag}`);
    await fs.rename(target, old);
  }
  await fs.rename(tmp, target);
  await fsyncDir(parent);
  if (old) await fs.rm(old, { recursive: true, force: true });
  for (const o of await siblings(target, 'old')) await fs.rm(o, { recursive: true, force: true });
}

async function readOrThrow(file: string, optional = false): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await fs.readFile(file));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      if (optional) return null;
      throw new CheckpointError('missing', file, 'file not found. Fix: point to a directory written by saveCheckpoint');
    }
    throw e;
  }
}

export interface LoadCheckpointOptions {
  /** When given, the stored model config must equal it field by field. */
  expectConfig?: ModelConfig;
}

/** Differences between two model configs, as "field: stored X, expected Y" lines. */
export function diffModelConfig(stored: ModelConfig, expected: ModelConfig): string[] {
  const keys = new Set([...Object.keys(stored), ...Object.keys(expected)] as (keyof ModelConfig)[]);
  const out: string[] = [];
  for (const k of keys) if (stored[k] !== expected[k]) out.push(`${k}: checkpoint ${JSON.stringify(stored[k])}, expected ${JSON.stringify(expected[k])}`);
  return out;
}

/**
 * Reads and validates a checkpoint. If `dir` is missing but an interrupted save left the previous
 * checkpoint at `.<name>.old-*`, that one is loaded.
 */
export async function loadCheckpoint(dir: string, opts: LoadCheckpointOptions = {}): Promise<CheckpointData> {
  let root = path.resolve(dir);
  if (!(await exists(root))) {
    const olds = (await siblings(root, 'old')).sort();
    const last = olds[olds.length - 1];
    if (last === undefined) throw new CheckpointError('missing', root, 'checkpoint directory not found');
    root = last;
  }
  const cfgPath = path.join(root, 'config.json');
  const cfgBytes = (await readOrThrow(cfgPath))!;
  let cfgFile: ConfigFile;
  try {
    cfgFile = JSON.parse(new TextDecoder().decode(cfgBytes)) as ConfigFile;
  } catch (e) {
    throw new CheckpointError('corrupt', cfgPath, `not valid JSON (${(e as Error).message})`);
  }
  if (cfgFile.format !== CHECKPOINT_FORMAT) throw new CheckpointError('unsupported', cfgPath, `format '${String(cfgFile.format)}' is not '${CHECKPOINT_FORMAT}'`);
  if (cfgFile.version !== CHECKPOINT_VERSION) throw new CheckpointError('unsupported', cfgPath, `version ${cfgFile.version} is not supported (this build reads ${CHECKPOINT_VERSION})`);
  let config: ModelConfig;
  try {
    config = resolveModelConfig(cfgFile.model);
  } catch (e) {
    throw new CheckpointError('corrupt', cfgPath, `invalid model config: ${(e as Error).message}`);
  }
  if (opts.expectConfig) {
    const diff = diffModelConfig(config, opts.expectConfig);
    if (diff.length) throw new CheckpointError('config-mismatch', cfgPath, `model config differs from the expected one: ${diff.join('; ')}. Fix: build the model from the checkpoint's config or load a matching checkpoint`);
  }
  const layout = new ParamLayout(config);
  const wPath = path.join(root, 'model.safetensors');
  const weights = decodeSafetensors((await readOrThrow(wPath))!, wPath);
  const problems: string[] = [];
  const params = new Float32Array(layout.totalSize);
  for (const e of layout.entries) {
    const t = weights.tensors.get(e.name);
    if (!t) problems.push(`missing '${e.name}' [${e.shape}]`);
    else if (t.shape.length !== e.shape.length || t.shape.some((d, i) => d !== e.shape[i])) problems.push(`'${e.name}' has shape [${t.shape}], expected [${e.shape}]`);
    else params.set(t.data, e.offset);
  }
  for (const name of weights.tensors.keys()) if (!layout.byName.has(name)) problems.push(`unexpected tensor '${name}'`);
  if (problems.length) throw new CheckpointError('shape-mismatch', wPath, `weights do not match the model config: ${problems.join('; ')}`);
  const out: CheckpointData = { config, params, step: cfgFile.step, metadata: cfgFile.metadata ?? {} };
  if (cfgFile.rng) out.rng = cfgFile.rng;
  if (cfgFile.optimizer) {
    const oPath = path.join(root, 'optimizer.safetensors');
    const opt = decodeSafetensors((await readOrThrow(oPath))!, oPath);
    const m = opt.tensors.get('m');
    const v = opt.tensors.get('v');
    if (!m || !v || m.data.length !== layout.totalSize || v.data.length !== layout.totalSize) {
      throw new CheckpointError('shape-mismatch', oPath, `optimizer state needs tensors m and v of ${layout.totalSize} floats; found ${[...opt.tensors].map(([k, t]) => `${k} [${t.shape}]`).join(', ') || 'none'}`);
    }
    out.optimizer = { step: cfgFile.optimizer.step, m: m.data, v: v.data };
  }
  if (cfgFile.hasTokenizer) {
    const tPath = path.join(root, 'tokenizer.json');
    const bytes = (await readOrThrow(tPath))!;
    try {
      out.tokenizer = JSON.parse(new TextDecoder().decode(bytes));
    } catch (e) {
      throw new CheckpointError('corrupt', tPath, `not valid JSON (${(e as Error).message})`);
    }
  }
  return out;
}
