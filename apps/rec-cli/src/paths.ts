/**
 * Run-directory conventions shared by the commands, so one command's `--out` is the next one's input:
 *  - `simulator train --out DIR`: DIR/model (SASRec checkpoint dir) or DIR/model.safetensors (GRU4Rec),
 *    DIR/metrics.jsonl.
 *  - `pretrain --out DIR`: DIR/policy (checkpoint), DIR/metrics.jsonl.
 *  - `train --out DIR`: DIR/latest, DIR/reference (checkpoints), DIR/metrics.jsonl.
 * Inputs accept either the run directory or the checkpoint itself.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SimulatorKind } from '@prorl/rec';

export function simulatorCheckpoint(out: string, kind: SimulatorKind): string {
  switch (kind) {
    case 'sasrec':
      return join(out, 'model');
    case 'gru4rec':
      return join(out, 'model.safetensors');
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** The simulator checkpoint inside a run dir (or the path itself). */
export function resolveSimulatorPath(p: string): string {
  for (const c of [join(p, 'model'), join(p, 'model.safetensors')]) if (existsSync(c)) return c;
  return p;
}

/** The policy checkpoint inside a pretrain / train run dir (or the path itself). */
export function resolvePolicyPath(p: string): string {
  for (const c of [join(p, 'latest'), join(p, 'policy')]) if (existsSync(c)) return c;
  return p;
}
