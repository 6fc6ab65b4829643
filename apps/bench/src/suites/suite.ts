/**
 * What a benchmark suite is: `(preset, opts) => Promise<SuiteResult>`. A suite whose inputs are
 * missing (dataset, checkpoint, torch, an engine not built yet) throws `SuiteSkipped` with the reason
 * and how to provide the input; the runner records it as skipped instead of crashing.
 */
import type { Preset, SuiteResult } from '../report/types.js';

export interface SuiteOptions {
  /** Repository root (the folder holding pnpm-workspace.yaml). */
  repoRoot: string;
  /** Results directory (suites may keep scratch files there). */
  dir: string;
  /** Progress lines (steps, rates); the CLI prints them to stderr. */
  log: (line: string) => void;
  /** Environment (data paths, PRORL_TORCH_PYTHON, ...). */
  env: NodeJS.ProcessEnv;
}

export type SuiteFn = (preset: Preset, opts: SuiteOptions) => Promise<SuiteResult>;

export interface SuiteDef {
  /** One line for `--help` and the list of valid names. */
  description: string;
  run: SuiteFn;
}

/** Thrown by a suite whose inputs are missing; `reason` says what is missing and how to provide it. */
export class SuiteSkipped extends Error {
  override readonly name = 'SuiteSkipped';
  constructor(readonly reason: string) {
    super(reason);
  }
}
