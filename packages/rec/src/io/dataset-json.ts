/**
 * A prepared dataset as one JSON file (Maps become objects), so `prorl-rec prepare` runs once and
 * later stages read its output. Reading validates the shape and names what is wrong.
 */
import { readFileSync, existsSync } from 'node:fs';
import { RecDataError } from '../data/errors.js';
import type { ItemInfo, PathRecord, RecDataset } from '../data/types.js';
import { writeFileAtomic } from './atomic.js';

interface DatasetJson {
  format: 'prorl-rec-dataset/1';
  name: string;
  notes: string[];
  catalog: Record<string, Omit<ItemInfo, 'id'>>;
  sequences?: Record<string, string[]>;
  simulatorSplit?: { val: string[]; test: string[] };
  semanticIds?: Record<string, number[]>;
  train: PathRecord[];
  val: PathRecord[];
  test: PathRecord[];
}

export function saveDataset(file: string, d: RecDataset): void {
  const json: DatasetJson = {
    format: 'prorl-rec-dataset/1',
    name: d.name,
    notes: d.notes,
    catalog: Object.fromEntries([...d.catalog].map(([id, { id: _id, ...rest }]) => [id, rest])),
    train: d.train,
    val: d.val,
    test: d.test,
  };
  if (d.sequences) json.sequences = Object.fromEntries(d.sequences);
  if (d.simulatorSplit) json.simulatorSplit = d.simulatorSplit;
  if (d.semanticIds) json.semanticIds = Object.fromEntries(d.semanticIds);
  writeFileAtomic(file, JSON.stringify(json));
}

export function loadDataset(file: string): RecDataset {
  if (!existsSync(file)) throw new RecDataError(file, null, 'prepared dataset not found', 'run `prorl-rec prepare` first, or pass the file it wrote');
  let json: DatasetJson;
  const text = readFileSync(file, 'utf8');
  try {
    json = JSON.parse(text) as DatasetJson;
  } catch (err) {
    const msg = (err as Error).message;
    const pos = Number(/position (\d+)/.exec(msg)?.[1] ?? (/end of JSON input/.test(msg) ? text.length : NaN));
    const line = Number.isFinite(pos) ? text.slice(0, pos).split('\n').length : null;
    throw new RecDataError(file, line, `is not valid JSON (${msg})`, 'run `prorl-rec prepare` again');
  }
  if (json.format !== 'prorl-rec-dataset/1') {
    throw new RecDataError(file, null, `has format '${String(json.format)}', expected 'prorl-rec-dataset/1'`, 'run `prorl-rec prepare` again');
  }
  for (const split of ['train', 'val', 'test'] as const) {
    if (!Array.isArray(json[split])) throw new RecDataError(file, null, `has no '${split}' list`, 'run `prorl-rec prepare` again');
    json[split].forEach((r, i) => {
      if (!Array.isArray(r.history) || r.history.length === 0 || !Array.isArray(r.path) || typeof r.target !== 'string') {
        throw new RecDataError(file, null, `${split} record ${i} is malformed (needs history[], path[], target)`, 'run `prorl-rec prepare` again');
      }
      for (const id of [...r.history, ...r.path, r.target]) {
        if (!(id in json.catalog)) throw new RecDataError(file, null, `${split} record ${i} mentions item '${id}', which is not in the catalogue`, 'run `prorl-rec prepare` again');
      }
    });
  }
  const out: RecDataset = {
    name: json.name,
    notes: json.notes ?? [],
    catalog: new Map(Object.entries(json.catalog).map(([id, rest]) => [id, { id, ...rest }])),
    train: json.train,
    val: json.val,
    test: json.test,
  };
  if (json.sequences) out.sequences = new Map(Object.entries(json.sequences));
  if (json.simulatorSplit) {
    const sp = json.simulatorSplit;
    if (!Array.isArray(sp.val) || !Array.isArray(sp.test)) throw new RecDataError(file, null, "has a malformed 'simulatorSplit' (needs val[] and test[] user ids)", 'run `prorl-rec prepare` again');
    out.simulatorSplit = { val: sp.val.map(String), test: sp.test.map(String) };
  }
  if (json.semanticIds) out.semanticIds = new Map(Object.entries(json.semanticIds));
  return out;
}
