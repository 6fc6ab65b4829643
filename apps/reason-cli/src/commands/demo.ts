import { existsSync, readFileSync } from 'node:fs';
import { DEFAULT_DEMO_CONFIG, runDemo, type DemoInput, type DemoPhase } from '@prorl/reasoning';
import type { Argv } from 'yargs';
import { CliInputError } from '../errors.js';
import { abortOnSigint, formatDuration } from './common.js';

function readDemoConfig(file: string): DemoInput {
  if (!existsSync(file)) throw new CliInputError(`--config ${file}`, 'no such file', 'pass a JSON file shaped like the demo config (trainFamilies, heldOutFamilies, sft, prorl, evalItems, eval), or drop --config');
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not a JSON object');
    return json as DemoInput;
  } catch (e) {
    throw new CliInputError(`--config ${file}`, `is not a JSON object (${(e as Error).message})`, 'fix the JSON');
  }
}

export function demoCommand(y: Argv): Argv {
  return y.command(
    'demo',
    'The main job: SFT a tiny base on a few families, ProRL it, evaluate base vs trained on those families and on held-out ones, print the pass@k table and write report.json / report.md. A few minutes on 2 cores.',
    (c) =>
      c
        .option('out', { type: 'string', default: 'runs/demo', describe: 'run directory (base/, prorl/, report.json, report.md)' })
        .option('seed', { type: 'number', default: DEFAULT_DEMO_CONFIG.seed, describe: 'seed of SFT, ProRL and the evaluation items' })
        .option('base', { type: 'string', describe: 'reuse this SFT base checkpoint instead of training one', defaultDescription: 'none (run SFT)' })
        .option('config', { type: 'string', describe: 'JSON file with demo config overrides (e.g. a tiny config for a quick check); --seed and --base win over it' })
        .option('json', { type: 'boolean', default: false, describe: 'print the summary { k, families: [...] } as the last stdout line' }),
    async (a) => {
      const config: DemoInput = { ...(a.config !== undefined ? readDemoConfig(a.config) : {}), seed: a.seed, ...(a.base !== undefined ? { baseDir: a.base } : {}) };
      if (a.base !== undefined && !existsSync(a.base)) throw new CliInputError('--base', `no checkpoint directory at ${a.base}`, 'pass a directory written by `prorl-reason sft --out DIR`, or drop --base to train one');
      const sig = abortOnSigint('the demo');
      let phase: DemoPhase | null = null;
      let phaseStart = 0;
      try {
        await runDemo({
          outDir: a.out,
          json: a.json,
          config,
          signal: sig.signal,
          print: (l) => void process.stdout.write(`${l}\n`),
          onProgress: (p) => {
            if (p.phase !== phase) {
              phase = p.phase;
              phaseStart = p.elapsedSec;
            }
            let rate = '';
            if (p.step !== undefined && p.total !== undefined) {
              const dt = p.elapsedSec - phaseStart;
              const r = dt > 0 ? p.step / dt : 0;
              rate = ` (${r.toFixed(2)} step/s, ETA ${formatDuration(r > 0 ? (p.total - p.step) / r : Number.NaN)})`;
              // SFT reports every step: print about 20 lines per phase.
              const every = Math.max(1, Math.floor(p.total / 20));
              if (p.step % every !== 0 && p.step !== p.total && p.step !== 1) return;
            }
            process.stderr.write(`[${formatDuration(p.elapsedSec)}] ${p.phase}: ${p.message}${rate}\n`);
          },
        });
      } finally {
        sig.dispose();
      }
    },
  );
}
