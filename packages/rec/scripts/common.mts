/** Shared setup of the diagnostic scripts: a prepared dataset and a trained simulator from a `prorl-rec pipeline --out RUN` folder. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset, loadSimulator, loadSimulatorMetadata, type EvalContext, type RecDataset } from '../src/index.js';

export const env = process.env;

/** `RUN` = a pipeline run folder holding dataset.json and simulator/. */
export async function loadRun(): Promise<{ run: string; ds: RecDataset; ctx: EvalContext }> {
  const run = env.RUN;
  if (!run || !existsSync(join(run, 'dataset.json')) || !existsSync(join(run, 'simulator'))) {
    console.error('set RUN to a `prorl-rec pipeline --source ml-100k --out DIR` folder (it needs DIR/dataset.json and DIR/simulator/)');
    process.exit(2);
  }
  const ds = loadDataset(join(run, 'dataset.json'));
  const simulator = await loadSimulator(join(run, 'simulator'));
  const itemIndex = (await loadSimulatorMetadata(join(run, 'simulator'))).index!;
  return { run, ds, ctx: { simulator, itemIndex, catalog: ds.catalog } };
}
