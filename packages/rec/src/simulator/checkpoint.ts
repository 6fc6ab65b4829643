/**
 * Simulator checkpoints, one entry point for every family:
 *  - SASRec: a policy checkpoint directory (`saveCheckpoint` of @prorl/policy: atomic temp-dir +
 *    rename), `metadata.simulator = { kind: 'sasrec', config }`.
 *  - GRU4Rec: one safetensors file written atomically (temp file + fsync + rename), metadata
 *    `{ format: 'prorl-simulator', kind: 'gru4rec', config }`.
 * `loadSimulator(path)` tells them apart: a directory is a SASRec checkpoint, a file a GRU4Rec one.
 * `trainSimulator` stores the raw item ids (dense id i = items[i − 1]) and the held-out metrics in the
 * metadata; `loadSimulatorMetadata` reads them back (`items` → an `ItemIndex` for raw ↔ dense ids).
 */
import { readFileSync, statSync } from 'node:fs';
import { decodeSafetensors, loadCheckpoint } from '@prorl/policy';
import { SimulatorConfigError } from './errors.js';
import { ItemIndex } from './item-index.js';
import { Gru4RecSimulator } from './gru4rec.js';
import { SasRecSimulator } from './sasrec.js';
import type { TrainableSimulator } from './trainable.js';

export async function loadSimulator(path: string): Promise<TrainableSimulator> {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    // A missing SASRec dir may still be recoverable from an interrupted save (.old-*): let it try.
    return SasRecSimulator.load(path).catch((e: unknown) => {
      throw new SimulatorConfigError('checkpoint', `no simulator checkpoint at ${path} (${(e as Error).message})`, 'pass the path written by trainSimulator / sim.save');
    });
  }
  return isDir ? SasRecSimulator.load(path) : Gru4RecSimulator.load(path);
}

export interface SimulatorMetadata {
  /** Free-form metadata given to `save` (trainSimulator: dataset, items, bestEpoch, val, test). */
  metadata: Record<string, unknown>;
  /** The item index, when the metadata lists the raw item ids. */
  index?: ItemIndex;
}

/** Reads the metadata stored with a simulator checkpoint (see file doc). */
export async function loadSimulatorMetadata(path: string): Promise<SimulatorMetadata> {
  let metadata: Record<string, unknown>;
  if (statSync(path, { throwIfNoEntry: false })?.isFile()) {
    const st = decodeSafetensors(new Uint8Array(readFileSync(path)), path);
    metadata = st.metadata.metadata ? (JSON.parse(st.metadata.metadata) as Record<string, unknown>) : {};
  } else {
    metadata = (await loadCheckpoint(path)).metadata ?? {};
  }
  const items = metadata.items;
  const out: SimulatorMetadata = { metadata };
  if (Array.isArray(items) && items.every((x) => typeof x === 'string')) out.index = new ItemIndex(items as string[]);
  return out;
}
