/** Shared setup of the diagnostic scripts: a prepared dataset and a trained simulator from a `prorl-rec pipeline --out RUN` folder. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset, loadSimulator, loadSimulatorMetadata, type EvalContext, type RecDataset } from '../src/index.js';

export const env = process.env;

/**
 * `RUN` = a folder holding dataset.json and simulator/: a `prorl-rec pipeline --out` folder, or one built
 * with `prorl-rec prepare --out RUN/dataset.json` + `prorl-rec simulator train --data RUN/dataset.json --out RUN/simulator`.
 */
export async function loadRun(): Promise<{ run: string; ds: RecDataset; ctx: EvalContext }> {
  const run = env.RUN;
  if (!run || !existsSync(join(run, 'dataset.json')) || !existsSync(join(run, 'simulator'))) {
    console.error('set RUN to a `prorl-rec pipeline --out DIR` folder, or to DIR with DIR/dataset.json (`prorl-rec prepare`) and DIR/simulator/ (`prorl-rec simulator train`)');
    process.exit(2);
  }
  const ds = loadDataset(join(run, 'dataset.json'));
  // a pipeline run keeps the checkpoint in simulator/, `prorl-rec simulator train --out RUN/simulator` in simulator/model/
  const simDir = existsSync(join(run, 'simulator', 'model', 'config.json')) ? join(run, 'simulator', 'model') : join(run, 'simulator');
  const simulator = await loadSimulator(simDir);
  const itemIndex = (await loadSimulatorMetadata(simDir)).index!;
  return { run, ds, ctx: { simulator, itemIndex, catalog: ds.catalog } };
}
