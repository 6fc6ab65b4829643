/**
 * Loader for the recommender paper's released records (`datasets/<name>/` of hongruhou89/ProRL):
 *  - `<name>.val`:  JSON list of `{ user, inters[10], proc_path[2..10] }`; target = proc_path[-1];
 *  - `<name>.test`: JSON list of `{ inters[10], target, proc_path[3..11] }`; target = proc_path[-1]
 *    (a random item the user never interacted with, appended after a mined coherent path);
 *  - `<name>.datamaps`: item2id / id2item (raw ↔ internal ids), id2attribute, raw_item_id2attribute
 *    (keyed by raw id), itemid2title (keyed by internal id);
 *  - `qwen3-embedding-8b-pca.sem_ids`: raw id → [c0, c1, c2, collision].
 *
 * The authors' train split is not released. `train` is therefore their val records and `test` their
 * test records; `val` is a deterministic 10% slice held out of the val records (see `notes`).
 */
import { join } from 'node:path';
import { RecDataError } from './errors.js';
import { readJson } from './text.js';
import type { Catalog, PathRecord, RecDataset, SemanticIds } from './types.js';

export interface ProrlReleaseOptions {
  /** The `datasets/` folder of the release (e.g. `../shared/data/prorl-rec/datasets`). */
  dir: string;
  /** Dataset folder and file stem: `ml-1m`, `Steam` or `Books`. */
  name: string;
  /** Share of the released val records held out as our validation split. Default 0.1. */
  valFraction?: number;
}

type Json = Record<string, unknown>;

/** `<dir>/<name>/<name>.datamaps`: the release's id maps (items, users, attributes). */
export function releaseDatamapsFile(dir: string, name: string): string {
  return join(dir, name, `${name}.datamaps`);
}

export function loadProrlRelease(opts: ProrlReleaseOptions): RecDataset {
  const base = join(opts.dir, opts.name);
  const mapsFile = releaseDatamapsFile(opts.dir, opts.name);
  const maps = readJson(mapsFile) as Json;
  const catalog = catalogFromDatamaps(maps, mapsFile);
  const semFile = join(base, 'qwen3-embedding-8b-pca.sem_ids');
  const semanticIds = parseSemanticIds(readJson(semFile), semFile);
  const valFile = join(base, `${opts.name}.val`);
  const testFile = join(base, `${opts.name}.test`);
  const released = parseRecords(readJson(valFile), valFile, catalog);
  const test = parseRecords(readJson(testFile), testFile, catalog);
  const frac = opts.valFraction ?? 0.1;
  if (!(frac >= 0 && frac < 1)) {
    throw new RecDataError('valFraction', null, `must be in [0, 1), got ${frac}`, 'use e.g. 0.1');
  }
  // Deterministic hold-out: every k-th record (stable across runs, no RNG needed).
  const every = frac > 0 ? Math.max(2, Math.round(1 / frac)) : Infinity;
  const train: PathRecord[] = [];
  const val: PathRecord[] = [];
  released.forEach((r, i) => ((i + 1) % every === 0 ? val : train).push(r));
  return {
    name: opts.name,
    catalog,
    train,
    val,
    test,
    semanticIds,
    notes: [
      `The authors' ${opts.name} train split is not released: training uses ${train.length} of their ${released.length} val records, ` +
        `validation the other ${val.length} (every ${every}th), and evaluation their ${test.length} test records.`,
    ],
  };
}

function catalogFromDatamaps(maps: Json, file: string): Catalog {
  const item2id = maps.item2id as Record<string, number> | undefined;
  const id2item = (maps.id2item as Record<string, string> | undefined) ?? {};
  const id2attr = (maps.id2attribute as Record<string, string> | undefined) ?? {};
  const rawAttrs = (maps.raw_item_id2attribute as Record<string, number[]> | undefined) ?? {};
  const titles = (maps.itemid2title as Record<string, string> | undefined) ?? {};
  if (!item2id || typeof item2id !== 'object') {
    throw new RecDataError(file, null, "has no 'item2id' map", 'use the datamaps file shipped with the release');
  }
  const catalog: Catalog = new Map();
  for (const raw of Object.keys(item2id)) catalog.set(raw, { id: raw, attributes: [] });
  for (const [key, attrIds] of Object.entries(rawAttrs)) {
    const raw = catalog.has(key) ? key : id2item[key];
    const info = raw !== undefined ? catalog.get(raw) : undefined;
    if (!info || !Array.isArray(attrIds)) continue;
    info.attributes = attrIds.map((a) => id2attr[String(a)] ?? `attr${a}`);
  }
  for (const [internal, title] of Object.entries(titles)) {
    const raw = id2item[internal] ?? internal;
    const info = catalog.get(raw);
    if (info) info.title = title;
  }
  return catalog;
}

/** Parses a `.sem_ids` JSON object (raw id → integer codes). */
export function parseSemanticIds(json: unknown, file: string): SemanticIds {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new RecDataError(file, null, 'is not a JSON object of item id → code list', 'restore the original file');
  }
  const out: SemanticIds = new Map();
  let width = -1;
  for (const [item, codes] of Object.entries(json as Record<string, unknown>)) {
    if (!Array.isArray(codes) || codes.length === 0 || !codes.every((c) => Number.isInteger(c) && (c as number) >= 0)) {
      throw new RecDataError(file, null, `item '${item}' has codes ${JSON.stringify(codes)}, not a list of non-negative integers`, 'restore the original file');
    }
    if (width < 0) width = codes.length;
    if (codes.length !== width) {
      throw new RecDataError(file, null, `item '${item}' has ${codes.length} codes but others have ${width}`, 'every item needs the same number of codes');
    }
    out.set(item, codes as number[]);
  }
  return out;
}

/** Parses released val/test records; every item must be in the catalogue. */
export function parseRecords(json: unknown, file: string, catalog: Catalog): PathRecord[] {
  if (!Array.isArray(json)) throw new RecDataError(file, null, 'is not a JSON list of records', 'restore the original file');
  return json.map((rec, i) => {
    const where = `record ${i}`;
    if (rec === null || typeof rec !== 'object') throw new RecDataError(file, null, `${where} is not an object`, 'fix or remove it');
    const r = rec as Json;
    const inters = r.inters;
    const proc = r.proc_path;
    if (!Array.isArray(inters) || inters.length === 0) {
      throw new RecDataError(file, null, `${where} has an empty or missing 'inters' history`, 'every record needs at least one history item');
    }
    if (!Array.isArray(proc) || proc.length === 0) {
      throw new RecDataError(file, null, `${where} has an empty or missing 'proc_path'`, 'every record needs a path ending in its target');
    }
    const ids = [...inters, ...proc].map(String);
    for (const id of ids) {
      if (!catalog.has(id)) throw new RecDataError(file, null, `${where} mentions item '${id}', which is not in the catalogue`, 'use the datamaps file of the same dataset');
    }
    const path = proc.map(String);
    const target = path.pop()!;
    if (r.target !== undefined && String(r.target) !== target) {
      throw new RecDataError(file, null, `${where}: 'target' ${String(r.target)} differs from the last proc_path item ${target}`, 'restore the original file');
    }
    const out: PathRecord = { history: inters.map(String), path, target };
    if (r.user !== undefined) out.user = String(r.user);
    return out;
  });
}
